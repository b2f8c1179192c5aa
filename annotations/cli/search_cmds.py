"""`glossator search`: full-text search over the corpus with filters."""
from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from typing import List, Optional

import typer

from ..errors import GlossatorError
from ..services.search import SearchFilters, search
from .app import app, open_store

JSON_SHAPE = """JSON (--json): a list, best match first, of
{"document_id": int, "title": str, "source": str|null, "status": str,
 "published": "YYYY-MM-DD"|null,
 "hits": [{"start": int, "end": int, "context": str}]}
with start/end code-point offsets into the document's text (end exclusive)."""


def _day(value: Optional[str], option: str) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise GlossatorError(f"{option} {value!r}: not a date (use YYYY-MM-DD)") from None


def _comma_list(values: Optional[List[str]]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values or () for v in value.split(",") if v.strip())


@app.command("search", epilog=JSON_SHAPE)
def search_(
    ctx: typer.Context,
    query: str = typer.Argument(..., help='Words (all must occur), "a phrase", a OR b, -excluded.'),
    label: Optional[List[str]] = typer.Option(None, "--label", help="Only documents with an accepted span of this label (repeatable)."),
    status: Optional[str] = typer.Option(None, "--status", help="Comma list of new,in-progress,done."),
    layer: Optional[List[str]] = typer.Option(None, "--layer", help="Spans of this layer (annotator or gold) only (repeatable)."),
    since: Optional[str] = typer.Option(None, "--since", help="Published (else imported) on or after YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, "--until", help="Published (else imported) on or before YYYY-MM-DD."),
    source: Optional[List[str]] = typer.Option(None, "--source", help="Source (site, sender or file name) (repeatable)."),
    actor: Optional[List[str]] = typer.Option(None, "--actor", help="Registry actor id, e.g. iso3166:KE: documents with an accepted span linked to it (repeatable)."),
    limit: int = typer.Option(50, "--limit", min=1, help="At most this many documents."),
    as_json: bool = typer.Option(False, "--json", help="One JSON document on stdout (shape below)."),
) -> None:
    """Search the corpus: a keyword-in-context line per hit, best documents first."""
    filters = SearchFilters(
        labels=_comma_list(label), statuses=_comma_list([status] if status else None), layers=_comma_list(layer),
        since=_day(since, "--since"), until=_day(until, "--until"), sources=tuple(source or ()),
        actors=_comma_list(actor),
    )
    with open_store(ctx) as store:
        results = search(store, query, filters, limit=limit)
    if as_json:
        typer.echo(json.dumps([asdict(r) for r in results], ensure_ascii=False))
        return
    for r in results:
        where = ", ".join(x for x in (r.source, r.published) if x)
        typer.echo(f"{r.document_id:>6}  {r.title}" + (f"  ({where})" if where else ""))
        for hit in r.hits:
            typer.echo(f"        {hit.start:>7}  {hit.context}")
    typer.echo(f"{len(results)} document(s)" + (" (more with --limit)" if len(results) == limit else ""), err=True)
