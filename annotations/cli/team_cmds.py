"""Team commands: `glossator assign`, `checkout`, `merge`, `backup`, `delete-docs` and `team`.
Parsing and printing only: the work is in services/assignments.py, merge.py and
takedown.py (the "assigned to me" view of `docs` is in documents_cmds.py).
No spaCy here."""
from __future__ import annotations

import json
import sys
from typing import List, Optional

import typer

from ..errors import ValidationError
from .app import app, open_store, parse_ids, say

ASSIGN_JSON = """\b
--json prints one JSON object:
  {"assigned": [{"document": 3, "annotator": "ana"}, ...],
   "already": [{"document": 1, "annotator": "ana"}, ...]}
"already" lists pairs that were assigned before (nothing written for them).
"""



@app.command(epilog=ASSIGN_JSON)
def assign(
    ctx: typer.Context,
    annotator: List[str] = typer.Option(..., "--annotator", help="Who gets the documents (repeat for several)."),
    docs: Optional[str] = typer.Option(None, "--docs", help="Document ids, e.g. 1,4,7-12."),
    count: Optional[int] = typer.Option(None, "--count", help="The N oldest documents not yet assigned to them."),
    overlap: int = typer.Option(1, "--overlap", help="Give each chosen document to K of the annotators in turn."),
    as_json: bool = typer.Option(False, "--json", help="One JSON document on stdout (shape below)."),
) -> None:
    """Assign documents to annotators (one transaction, logged)."""
    from ..services.assignments import assign as assign_documents

    ids = parse_ids(docs)
    with open_store(ctx) as store:
        result = assign_documents(store, annotator, document_ids=ids, count=count, overlap=overlap)
    if as_json:
        json.dump({key: [{"document": a.document_id, "annotator": a.annotator} for a in pairs]
                   for key, pairs in (("assigned", result.assigned), ("already", result.already))}, sys.stdout)
        sys.stdout.write("\n")
        return
    for a in result.assigned:
        typer.echo(f"document {a.document_id} -> {a.annotator}")
    say(ctx, f"{len(result.assigned)} assignment(s) made, {len(result.already)} already there")


MERGE_JSON = """\b
--json prints one JSON object:
  {"sources": ["laptop.sqlite", ...], "documents_added": 0, "documents_deleted": 0,
   "spans_added": 0, "spans_updated": 0, "spans_deleted": 0,
   "relations_added": 0, "relations_deleted": 0, "assignments_added": 0,
   "statuses_merged": 0, "actors_added": 0, "actors_updated": 0, "links_added": 0,
   "flags_added": 0, "flags_updated": 0, "flags_removed": 0, "models_added": 0,
   "duplicates_skipped": 0,
   "conflicts": ["conflict: span 1a2b3c4d (ana, document 3 'Title', 10-15) ...", ...],
   "refused": ["refused: ...", ...],
   "candidates": ["candidate: actors ID1, ID2 are all named 'chile'; ...", ...]}
"conflicts" are concurrent edits of the same span in both stores (neither had
seen the other's; the later by wall clock was kept); "refused" are changes to
another annotator's layer (not applied); "candidates" are same-name actors with
different ids (for `glossator actors merge`).
"""

CHECKOUT_JSON = MERGE_JSON + "For checkout, \"sources\" names the team store and the counts are what the laptop got.\n"


def _report(ctx: typer.Context, report, as_json: bool, verb: str) -> None:
    if as_json:
        json.dump(report.as_dict(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    for line in report.conflicts + report.refused + report.candidates:
        typer.echo(line)
    say(ctx, f"{verb}: {report.documents_added} document(s), {report.spans_added} span(s) added, "
             f"{report.spans_updated} updated, {report.spans_deleted} deleted, {report.relations_added} "
             f"relation(s) added, {report.relations_deleted} removed, {report.assignments_added} assignment(s), "
             f"{report.statuses_merged} status(es), {report.actors_added} actor(s), {report.links_added} link(s); "
             f"{len(report.conflicts)} conflict(s), {len(report.refused)} refused, "
             f"{report.duplicates_skipped} duplicate(s) skipped")


@app.command(epilog=MERGE_JSON)
def merge(
    ctx: typer.Context,
    sources: List[str] = typer.Argument(..., help="Stores to merge from (files or PostgreSQL URLs)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON document on stdout (shape below)."),
) -> None:
    """Merge other stores into --store: documents by sha256, spans and relations by uid,
    deletions, assignments; idempotent; one transaction."""
    from ..services.merge import merge_stores

    with open_store(ctx) as store:
        report = merge_stores(store, sources)
    _report(ctx, report, as_json, "Merged")


@app.command(epilog=CHECKOUT_JSON)
def checkout(
    ctx: typer.Context,
    team_store: str = typer.Argument(..., help="The team store (file or PostgreSQL URL)."),
    laptop: str = typer.Argument(..., help="The new laptop store file to make."),
    annotator: str = typer.Option(..., "--annotator", help="Whose assigned documents to check out."),
    as_json: bool = typer.Option(False, "--json", help="One JSON document on stdout (shape below)."),
) -> None:
    """Make a laptop store with NAME's assigned documents, NAME's spans and pending suggestions."""
    from ..services.merge import checkout as check_out
    from ..store import Store

    if not annotator.strip():
        raise ValidationError("checkout: --annotator must name someone")
    with Store.open(team_store) as team:
        report = check_out(team, laptop, annotator)
    _report(ctx, report, as_json, f"Checked out into {laptop}")


DELETE_JSON = """\b
--json prints one JSON array, a deleted document per element:
  [{"id": 3, "title": "...", "spans": spans deleted with it}, ...]
"""


@app.command(epilog=CHECKOUT_JSON.replace("For checkout", "For backup"))
def backup(
    ctx: typer.Context,
    out: str = typer.Argument(..., help="The new SQLite file to write."),
    as_json: bool = typer.Option(False, "--json", help="One JSON document on stdout (shape below)."),
) -> None:
    """Back up the store (SQLite or PostgreSQL) into a new SQLite file: a merge of everything.
    Restore by merging the file into an empty store (`glossator merge OUT.sqlite --store NEW`)."""
    from ..services.merge import backup as back_up

    with open_store(ctx) as store:
        report = back_up(store, out)
    _report(ctx, report, as_json, f"Backed up into {out}")


@app.command("delete-docs", epilog=DELETE_JSON)
def delete_docs(
    ctx: typer.Context,
    ids: str = typer.Argument(..., help="Document ids, e.g. 3,7-9."),
    as_json: bool = typer.Option(False, "--json", help="One JSON document on stdout (shape below)."),
) -> None:
    """Delete documents with their spans (takedowns): logged, and carried to other stores by merge."""
    from ..services.takedown import delete_documents

    with open_store(ctx) as store:
        removed = delete_documents(store, parse_ids(ids, "document ids"))
    if as_json:
        json.dump([{"id": d.id, "title": d.title, "spans": d.spans} for d in removed], sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    for d in removed:
        typer.echo(f"deleted document {d.id} ({d.spans} span(s)): {' '.join(d.title.split())[:60]}")


team_app = typer.Typer(help="The team on a PostgreSQL store: annotators are database roles.", no_args_is_help=True)
app.add_typer(team_app, name="team")


def _team_store(ctx: typer.Context):
    store = open_store(ctx)
    if store.dialect != "postgresql":
        store.close()
        raise ValidationError(f"{store.location}: team roles exist only on PostgreSQL stores; on a file the "
                              "annotator is whoever --annotator / GLOSSATOR_ANNOTATOR names")
    return store


@team_app.command("add-annotator")
def add_annotator(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The annotator's name, which is their database login role."),
    lead: bool = typer.Option(False, "--lead", help="Also a lead: may assign, curate and write any layer and gold."),
) -> None:
    """Create (if needed) the login role NAME and let it annotate this store (needs CREATEROLE)."""
    from ..backends.pg_team import add_team_member

    with _team_store(ctx) as store, store.transaction() as conn:
        created = add_team_member(conn, name, lead=lead)
    say(ctx, f"{name}: {'new role, ' if created else ''}{'lead' if lead else 'annotator'} of {store.location}")


@team_app.command("members")
def team_members(ctx: typer.Context,
                 as_json: bool = typer.Option(False, "--json", help='[{"name": "ana", "lead": false}, ...]')) -> None:
    """List the annotators and leads (members of glossator_annotator / glossator_lead)."""
    from ..backends.pg_team import members

    with _team_store(ctx) as store, store.transaction() as conn:
        found = members(conn)
    if as_json:
        json.dump([{"name": n, "lead": lead} for n, lead in found], sys.stdout)
        sys.stdout.write("\n")
        return
    for name, lead in found:
        typer.echo(f"{name}{'  (lead)' if lead else ''}")
