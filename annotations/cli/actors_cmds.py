"""`glossator actors ...` (the actor registry) and `glossator sources` (who said what).

No spaCy here: matching uses compiled regular expressions (annotations/actors)."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Optional

import typer

from ..actors import checks, files, linking, registry, sources as said
from ..errors import ValidationError
from .app import app, open_store, parse_ids, say

actors_app = typer.Typer(help="The actor registry: canonical actors, aliases, links, label every occurrence.",
                         no_args_is_help=True)
app.add_typer(actors_app, name="actors")

JSON_OPT = typer.Option(False, "--json", help="One JSON document on stdout (shape below).")

ACTOR_JSON = ('{"id": "iso3166:RU" or a uuid hex, "name": "...", "kind": "person" | "organization" | "state" | '
              '"group", "aliases": ["..."], "external_ids": {...}, "notes": "...", "mentions": linked spans}')
LIST_JSON = f"\b\n--json prints a JSON array of actors sorted by name:\n  [{ACTOR_JSON}, ...]\n"
SHOW_JSON = f"\b\n--json prints one actor:\n  {ACTOR_JSON}\n"
LINK_JSON = """\b
--json prints {"linked": [{"span": id, "actor": id}, ...],
  "choices": [{"span": id, "text": "...", "actors": [id, ...]}, ...], "unmatched": count}
"""
LABEL_JSON = """\b
--json prints {"added": new pending ACTOR spans, "linked_existing": ACTOR spans that gained a link,
  "skipped": occurrences already labelled or overlapping, "documents": documents scanned,
  "spans": [ids of the new spans]}
"""
CHECK_JSON = """\b
--json prints {"unlabelled": [{"text", "labelled", "unlabelled", "examples": [{"document_id", "start", "end"}]}],
  "conflicting_links": [{"text", "actors": {actor id: [span ids]}}],
  "mixed_kinds": [{"actor", "kinds": {kind: [span ids]}}],
  "same_name": [{"name", "actors": [ids]}]}
"""
SOURCES_JSON = """\b
--json prints {"attributed": [ROW, ...], "unsourced": [ROW, ...]} where ROW is
  {"actor_id": id or null, "actor": "...", "source_text": "...", "stance": "..." or null,
   "document_id": id, "document": "title", "assertion_id": id, "start": n, "end": n, "assertion": "..."}
"""


def _dump(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


@actors_app.command("list", epilog=LIST_JSON)
def list_cmd(ctx: typer.Context, kind: Optional[str] = typer.Option(None, help="Only this kind."),
             query: Optional[str] = typer.Option(None, help="Name or alias containing this."),
             as_json: bool = JSON_OPT) -> None:
    """List the registry's actors with their mention counts."""
    with open_store(ctx) as store:
        actors = registry.list_actors(store, kind=kind, query=query)
    if as_json:
        return _dump([a.as_dict() for a in actors])
    for a in actors:
        sys.stdout.write(f"{a.id}\t{a.kind}\t{a.mentions}\t{a.name}\n")
    sys.stdout.write(f"{len(actors)} actor(s)\n")


@actors_app.command("show", epilog=SHOW_JSON)
def show_cmd(ctx: typer.Context, actor_id: str = typer.Argument(..., metavar="ID"), as_json: bool = JSON_OPT) -> None:
    """One actor: name, kind, aliases, external ids, mentions."""
    with open_store(ctx) as store:
        a = registry.get_actor(store, actor_id)
    if as_json:
        return _dump(a.as_dict())
    sys.stdout.write(f"{a.id}\n  name: {a.name}\n  kind: {a.kind}\n  aliases: {', '.join(a.aliases)}\n"
                     f"  external ids: {json.dumps(dict(a.external_ids), ensure_ascii=False)}\n"
                     f"  mentions: {a.mentions}\n" + (f"  notes: {a.notes}\n" if a.notes else ""))


@actors_app.command("add")
def add_cmd(ctx: typer.Context, name: str, kind: str = typer.Option(..., help="person, organization, state, group"),
            alias: list[str] = typer.Option([], "--alias", help="Another name (repeatable)."),
            external: list[str] = typer.Option([], "--external", help="KEY=VALUE, e.g. wikidata=Q123 (repeatable)."),
            notes: str = typer.Option("", help="Free notes.")) -> None:
    """Add an actor (a new uuid id, printed)."""
    ext = {}
    for item in external:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ValidationError(f"--external {item!r}: use KEY=VALUE")
        ext[key] = value
    with open_store(ctx) as store:
        edit = registry.add_actor(store, name, kind, aliases=alias, external_ids=ext, notes=notes)
    sys.stdout.write(edit.added_actors[0] + "\n")


@actors_app.command("alias")
def alias_cmd(ctx: typer.Context, actor_id: str = typer.Argument(..., metavar="ID"),
              aliases: list[str] = typer.Argument(..., metavar="ALIAS...")) -> None:
    """Give an actor more names."""
    with open_store(ctx) as store:
        added = sum(len(registry.add_alias(store, actor_id, a).added_aliases) for a in aliases)
    say(ctx, f"{added} alias(es) added to {actor_id}")


@actors_app.command("merge")
def merge_cmd(ctx: typer.Context, keep: str = typer.Argument(..., metavar="KEEP"),
              drop: str = typer.Argument(..., metavar="DROP")) -> None:
    """Merge actor DROP into KEEP: links move, DROP's names become KEEP's aliases."""
    with open_store(ctx) as store:
        edit = registry.merge_actors(store, keep, drop)
    say(ctx, f"merged {drop} into {keep}: {len(edit.moved_links)} link(s) moved, "
             f"{len(edit.added_aliases)} alias(es) added")


@actors_app.command("import")
def import_cmd(ctx: typer.Context, path: Path) -> None:
    """Add actors from a CSV or JSONL file (ids already there gain new aliases)."""
    with open_store(ctx) as store:
        edit = files.import_actors(store, path)
    say(ctx, f"{len(edit.added_actors)} actor(s) and {len(edit.added_aliases)} alias(es) added")


@actors_app.command("export")
def export_cmd(ctx: typer.Context, path: Path) -> None:
    """Write the registry to a CSV or JSONL file (by suffix)."""
    with open_store(ctx) as store:
        count = files.export_actors(store, path)
    say(ctx, f"{count} actor(s) written to {path}")


@actors_app.command("seed")
def seed_cmd(ctx: typer.Context, what: str = typer.Argument(..., metavar="states")) -> None:
    """Seed the registry: `states` adds every ISO 3166 state (id iso3166:XX) with its names and capital."""
    if what != "states":
        raise ValidationError(f"cannot seed {what!r} (only `states`)")
    with open_store(ctx) as store:
        edit = registry.seed_states(store)
    say(ctx, f"{len(edit.added_actors)} state(s) and {len(edit.added_aliases)} alias(es) added")


@actors_app.command("link", epilog=LINK_JSON)
def link_cmd(ctx: typer.Context, docs: Optional[str] = typer.Option(None, help="Document ids, e.g. 1,4,7-12."),
             span: Optional[int] = typer.Option(None, help="Link this span to --actor (accepted)."),
             actor: Optional[str] = typer.Option(None, help="The actor for --span."),
             as_json: bool = JSON_OPT) -> None:
    """Suggest pending links for unlinked ACTOR spans from aliases, or link one span."""
    with open_store(ctx) as store:
        if span is not None or actor is not None:
            if span is None or actor is None:
                raise ValidationError("--span and --actor go together")
            linking.link_span(store, span, actor)
            result = linking.LinkResult(linked=[(span, actor)])
        else:
            result = linking.suggest_links(store, parse_ids(docs))
    if as_json:
        return _dump({"linked": [{"span": s, "actor": a} for s, a in result.linked],
                      "choices": [{"span": s, "text": t, "actors": ids} for s, t, ids in result.choices],
                      "unmatched": result.unmatched})
    for s, t, ids in result.choices:
        sys.stdout.write(f"span {s} {t!r} fits several actors: {', '.join(ids)}\n")
    say(ctx, f"{len(result.linked)} link(s) suggested, {len(result.choices)} choice(s), "
             f"{result.unmatched} unmatched")


@actors_app.command("label-all", epilog=LABEL_JSON)
def label_all_cmd(ctx: typer.Context, actor: Optional[str] = typer.Option(None, help="The actor's aliases."),
                  span: Optional[int] = typer.Option(None, help="This span's text (and its actor's aliases)."),
                  docs: Optional[str] = typer.Option(None, help="Document ids (default: the whole corpus)."),
                  as_json: bool = JSON_OPT) -> None:
    """Propose ACTOR (with the link) for every other occurrence, as pending suggestions."""
    with open_store(ctx) as store:
        result = linking.label_all(store, actor, span_id=span, document_ids=parse_ids(docs))
    if as_json:
        return _dump({"added": result.added, "linked_existing": result.linked_existing, "skipped": result.skipped,
                      "documents": result.documents, "spans": list(result.edit.added_spans)})
    say(ctx, f"{result.added} pending ACTOR suggestion(s) in {result.documents} document(s); "
             f"{result.linked_existing} existing span(s) linked, {result.skipped} skipped")


@actors_app.command("check", epilog=CHECK_JSON)
def check_cmd(ctx: typer.Context, as_json: bool = JSON_OPT) -> None:
    """Consistency review list: unlabelled occurrences, conflicting links, mixed kinds, same names."""
    with open_store(ctx) as store:
        found = checks.check(store)
    if as_json:
        return _dump(found)
    for item in found["unlabelled"]:
        sys.stdout.write(f"unlabelled: {item['text']!r} labelled {item['labelled']}x, not labelled "
                         f"{item['unlabelled']}x (e.g. document {item['examples'][0]['document_id']})\n")
    for item in found["conflicting_links"]:
        sys.stdout.write(f"conflicting links: {item['text']!r} -> {', '.join(item['actors'])}\n")
    for item in found["mixed_kinds"]:
        sys.stdout.write(f"mixed kinds: {item['actor']} has {', '.join(item['kinds'])}\n")
    for item in found["same_name"]:
        sys.stdout.write(f"same name: {item['name']!r} -> {', '.join(item['actors'])} (see `actors merge`)\n")
    say(ctx, f"{sum(len(v) for v in found.values())} item(s) to review")


@app.command("sources", epilog=SOURCES_JSON)
def sources_cmd(ctx: typer.Context, actor: Optional[str] = typer.Option(None, help="Only this actor."),
                csv_out: Optional[Path] = typer.Option(None, "--csv", help="Write the rows to this CSV file."),
                as_json: bool = JSON_OPT) -> None:
    """Who said what: assertions per source actor, and assertions with no source."""
    with open_store(ctx) as store:
        result = said.who_said_what(store, actor)
    if csv_out is not None:
        count = said.write_csv(result, csv_out)
        say(ctx, f"{count} row(s) written to {csv_out}")
    if as_json:
        return _dump({"attributed": [r.as_dict() for r in result.attributed],
                      "unsourced": [r.as_dict() for r in result.unsourced]})
    if csv_out is not None:
        return
    for r in result.attributed:
        sys.stdout.write(f"{r.actor}\t{r.stance or '-'}\t{r.document_id}\t{r.assertion[:80]}\n")
    if result.unsourced:
        sys.stdout.write(f"-- {len(result.unsourced)} assertion(s) with no source --\n")
        for r in result.unsourced:
            sys.stdout.write(f"{r.stance or '-'}\t{r.document_id}\t{r.assertion[:80]}\n")
