"""Team commands: `glossator assign`, `checkout`, `merge` (and the "assigned to me"
view of `glossator docs --annotator NAME`). Parsing and printing only: the work
is in services/assignments.py and services/merge.py. No spaCy here."""
from __future__ import annotations

import json
import sys
from typing import List, Optional

import typer

from ..errors import ValidationError
from .app import app, open_store, options, say

ASSIGN_JSON = """\b
--json prints one JSON object:
  {"assigned": [{"document": 3, "annotator": "ana"}, ...],
   "already": [{"document": 1, "annotator": "ana"}, ...]}
"already" lists pairs that were assigned before (nothing written for them).
"""

ASSIGNED_JSON = """\b
With --annotator NAME, --json prints the documents assigned to NAME:
  [{"id": 1, "title": "...", "status": "new" | "in-progress" | "done",
    "accepted": spans in NAME's layer, "pending": pending suggestions,
    "assigned_at": "YYYY-MM-DDTHH:MM:SS..."}, ...]
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
    from ..services.assignments import assign as assign_documents, parse_ids

    ids = parse_ids(docs) if docs is not None else None
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


def show_assigned(ctx: typer.Context, annotator: str, as_json: bool) -> None:
    """`glossator docs --annotator NAME`: the documents assigned to NAME with progress."""
    from ..services.assignments import assigned_documents
    from .documents_cmds import _aligned

    with open_store(ctx) as store:
        rows = assigned_documents(store, annotator)
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
