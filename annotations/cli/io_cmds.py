"""`glossator import` and `glossator export`."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ..formats import ExportOptions, format_names, get_format
from ..services import import_files, load_records
from ..services.documents import count_documents
from .app import app, open_store, progress, say

DEFAULT_SPLIT = {"spacy": 0.2}


@app.command("import")
def import_(
    ctx: typer.Context,
    paths: List[Path] = typer.Argument(..., help="Files or folders (.txt, .md, .jsonl, .spacy, ...)."),
    format: Optional[str] = typer.Option(None, "--format", "-f", help=f"Force a format ({', '.join(format_names())})."),
) -> None:
    """Import documents (and their annotations). All files go in, or none."""
    with open_store(ctx) as store, progress(ctx, "Reading") as advance:
        outcome = import_files(store, paths, format_name=format, progress=advance)
    r = outcome.result
    for note in outcome.notes:
        say(ctx, note)
    for dup in r.duplicates:
        say(ctx, f"skipped duplicate: {dup}")
    say(ctx, f"Imported {r.count} document(s), {r.span_count} span(s), {r.relation_count} relation(s) "
             f"from {len(outcome.files)} file(s); {len(r.duplicates)} duplicate(s) skipped")


@app.command()
def export(
    ctx: typer.Context,
    format: str = typer.Argument(..., help=f"One of: {', '.join(format_names())}."),
    out: Path = typer.Argument(..., help="Output file or folder (per format)."),
    split: Optional[float] = typer.Option(None, help="Share of documents for a dev set (spaCy default 0.2)."),
    seed: int = typer.Option(0, help="Seed for the train/dev split."),
    include_suggestions: bool = typer.Option(False, "--include-suggestions", help="Add pending suggestions."),
    status: Optional[str] = typer.Option(None, help="Only documents with this status."),
    config: Optional[str] = typer.Option(None, "--config", help="spacy: also write config.cfg for ner or spancat."),
) -> None:
    """Export annotations as training data. Whatever a format cannot hold is reported."""
    fmt = get_format(format)
    with open_store(ctx) as store:
        opts = ExportOptions(
            schema=store.schema,
            split=DEFAULT_SPLIT.get(format, 0.0) if split is None else split,
            seed=seed,
            include_suggestions=include_suggestions,
            extra={"config": config} if config else {},
        )
        total = count_documents(store)
        with progress(ctx, f"Exporting {format}", total) as advance:
            def counted():
                for i, record in enumerate(load_records(store, include_suggestions=include_suggestions,
                                                        document_status=status), start=1):
                    advance(i, total)
                    yield record
            report = fmt.write(counted(), out, opts)
    for warning in report.warnings:
        say(ctx, f"warning: {warning}")
    files = ", ".join(str(f) for f in report.files)
    say(ctx, f"Exported {report.documents} document(s), {report.spans} span(s), "
             f"{report.relations} relation(s) to {files}")
