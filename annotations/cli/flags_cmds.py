"""`glossator flags`: the flagged documents and spans, with their notes.
Parsing and printing only: the work is in services/flags.py. No spaCy here."""
from __future__ import annotations

import json
import sys
from typing import Optional

import typer

from .app import app, open_store, parse_ids, say

FLAGS_JSON = """\b
--json prints one JSON array, one object per flag:
  [{"id": 1, "uid": "3f2a...", "document_id": 4, "kind": "unsure",
    "note": "is this a forecast?", "span_id": 17, "start": 120, "end": 164,
    "label": "ASSERTION", "annotator": "ana", "created_at": "2026-12-01T18:02:11"}, ...]
A document flag has null span_id, start, end and label.
"""


@app.command(epilog=FLAGS_JSON)
def flags(
    ctx: typer.Context,
    docs: Optional[str] = typer.Option(None, "--docs", help="Only these documents, e.g. 1,4,7-12."),
    as_json: bool = typer.Option(False, "--json", help="One JSON document on stdout (shape below)."),
) -> None:
    """List flags (set in the desktop: unsure, guideline question, note) with their notes."""
    from ..services.flags import list_flags

    wanted = parse_ids(docs)
    with open_store(ctx) as store:
        found = list_flags(store)
    if wanted is not None:
        keep = set(wanted)
        found = [f for f in found if f.document_id in keep]
    if as_json:
        json.dump([f.as_dict() for f in found], sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return
    for f in found:
        note = f" — {f.note}" if f.note else ""
        typer.echo(f"flag {f.id}\tdocument {f.document_id}\t{f.target}\t{f.kind}{note}\t({f.annotator or '?'})")
    say(ctx, f"{len(found)} flag{'' if len(found) == 1 else 's'}")
