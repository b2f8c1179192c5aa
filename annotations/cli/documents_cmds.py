"""`glossator docs` and `glossator stats`: what is in the store."""
from __future__ import annotations

import json
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from ..services import list_documents
from ..services.stats import store_stats
from .app import app, open_store

out = Console(highlight=False)


@app.command()
def docs(
    ctx: typer.Context,
    status: Optional[str] = typer.Option(None, help="Only documents with this status (new, in-progress, done)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
) -> None:
    """List documents with status and span counts."""
    with open_store(ctx) as store:
        rows = list_documents(store, status=status)
    if as_json:
        for r in rows:
            typer.echo(json.dumps({"id": r.id, "title": r.title, "status": r.status,
                                   "spans": r.span_count, "pending": r.pending_count}, ensure_ascii=False))
        return
    table = Table("id", "status", "spans", "pending", "title")
    for r in rows:
        table.add_row(str(r.id), r.status, str(r.span_count), str(r.pending_count), r.title)
    out.print(table)
    out.print(f"{len(rows)} document(s)")


@app.command()
def stats(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Counts per label, document status, annotator and suggester."""
    with open_store(ctx) as store:
        figures = store_stats(store)
    if as_json:
        typer.echo(json.dumps(figures, indent=2, ensure_ascii=False))
        return
    for title, key in (("Documents by status", "documents"), ("Spans by label", "labels"),
                       ("Relations by label", "relations"), ("Spans by annotator", "annotators")):
        table = Table(title=title, title_justify="left")
        table.add_column(key[:-1])
        table.add_column("count", justify="right")
        for name, count in figures[key].items():
            table.add_row(name, str(count))
        out.print(table)
    if figures["suggestions"]:
        table = Table("suggester", "label", "accepted", "rejected", "pending", "acceptance",
                      title="Suggestions", title_justify="left")
        for suggester, labels in figures["suggestions"].items():
            for label, counts in labels.items():
                acc, rej = counts.get("accepted", 0), counts.get("rejected", 0)
                rate = f"{acc / (acc + rej):.0%}" if acc + rej else "–"
                table.add_row(suggester, label, str(acc), str(rej), str(counts.get("pending", 0)), rate)
        out.print(table)
