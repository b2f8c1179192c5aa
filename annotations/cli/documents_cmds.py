"""`glossator docs` and `glossator stats`: what is in the store."""
from __future__ import annotations

import json
import sys
from typing import Optional

import typer

from ..services import list_documents
from ..services.stats import store_stats
from ..errors import ValidationError
from .app import app, open_store, options, say

DOCS_JSON = """\b
--json prints one JSON array, a document per element, in id order:
  [{"id": 1, "title": "...", "source": "file.txt" or null,
    "status": "new" | "in-progress" | "done",
    "spans": accepted spans, "pending": pending suggestions,
    "length": characters}, ...]
"""


def _aligned(rows: list[list[str]], right: set[int]) -> str:
    """Plain aligned columns: fast for thousands of rows (no table renderer)."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for r in rows:
        cells = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


ASSIGNED_JSON = """\b
With --annotator NAME, --json prints the documents assigned to NAME:
  [{"id": 1, "title": "...", "status": NAME's status ("new" | "in-progress" | "done"),
    "accepted": spans in NAME's layer, "pending": pending suggestions,
    "assigned_at": "YYYY-MM-DDTHH:MM:SS..."}, ...]
"""


def show_assigned(ctx: typer.Context, annotator: str, as_json: bool, status: str | None = None) -> None:
    """`glossator docs --annotator NAME`: the documents assigned to NAME with progress (NAME's status)."""
    from ..services.assignments import assigned_documents

    with open_store(ctx) as store:
        rows = [r for r in assigned_documents(store, annotator) if status is None or r.status == status]
    if as_json:
        json.dump([{"id": r.id, "title": r.title, "status": r.status, "accepted": r.accepted, "pending": r.pending,
                    "assigned_at": r.assigned_at.isoformat() if hasattr(r.assigned_at, "isoformat")
                    else str(r.assigned_at)} for r in rows], sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    table = [["id", "status", "mine", "pending", "title"]]
    table += [[str(r.id), r.status, str(r.accepted), str(r.pending), " ".join(r.title.split())] for r in rows]
    done = sum(1 for r in rows if r.status == "done")
    sys.stdout.write(_aligned(table, right={0, 2, 3}) +
                     f"\n{len(rows)} document(s) assigned to {annotator}, {done} done\n")


@app.command(epilog=DOCS_JSON + ASSIGNED_JSON)
def docs(
    ctx: typer.Context,
    status: Optional[str] = typer.Option(None, help="Only documents with this status (new, in-progress, done); "
                                         "with --annotator, that annotator's status."),
    as_json: bool = typer.Option(False, "--json", help="One JSON document on stdout (shape below)."),
) -> None:
    """List documents with status and span counts (with --annotator NAME: those assigned to NAME)."""
    if options(ctx).annotator:
        return show_assigned(ctx, options(ctx).annotator, as_json, status)
    with open_store(ctx) as store:
        rows = list_documents(store, status=status)
    if as_json:
        json.dump([{"id": r.id, "title": r.title, "source": r.source, "status": r.status, "spans": r.span_count,
                    "pending": r.pending_count, "length": r.length} for r in rows],
                  sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    table = [["id", "status", "spans", "pending", "title"]]
    table += [[str(r.id), r.status, str(r.span_count), str(r.pending_count), " ".join(r.title.split())]
              for r in rows]
    sys.stdout.write(_aligned(table, right={0, 2, 3}) + f"\n{len(rows)} document(s)\n")


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
    from rich.console import Console
    from rich.table import Table

    out = Console(highlight=False)
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


@app.command("status")
def status_cmd(
    ctx: typer.Context,
    ids: str = typer.Argument(..., help="Document ids, e.g. 3,7-9."),
    status: str = typer.Argument(..., help="new, in-progress or done."),
) -> None:
    """Set MY status of documents (--annotator / GLOSSATOR_ANNOTATOR / login name): status is per annotator."""
    from ..services.documents import set_status
    from ..services.rows import current_annotator
    from ..types import DOCUMENT_STATUSES
    from .app import parse_ids

    if status not in DOCUMENT_STATUSES:
        raise ValidationError(f"status: {status!r} is not a document status (use {', '.join(DOCUMENT_STATUSES)})")
    who = options(ctx).annotator or current_annotator()
    with open_store(ctx) as store:
        for doc in parse_ids(ids, "document ids"):
            set_status(store, doc, status, annotator=who)
    say(ctx, f"{who}: marked document(s) {ids} {status}")
