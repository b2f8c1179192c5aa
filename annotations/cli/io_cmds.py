"""`glossator import` and `glossator export`."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ..errors import GlossatorError
from ..formats import format_names, get_format
from ..formats.offsets import check_unit
from ..services import import_files
from ..services.exports import export_store
from .app import app, open_store, progress, say

MAX_WARNINGS = 20


@app.command("import")
def import_(
    ctx: typer.Context,
    paths: List[Path] = typer.Argument(..., help="Files or folders (.txt, .md, .jsonl, .spacy, ...)."),
    format: Optional[str] = typer.Option(None, "--format", "-f", help=f"Force a format ({', '.join(format_names())})."),
    skip_bad: bool = typer.Option(False, "--skip-bad", help="Import the good files and list the bad ones (default: all or none)."),
    offsets: Optional[str] = typer.Option(None, "--offsets", help="How doccano/Label Studio offsets count: "
                                          "utf16 or codepoints (default: decided per file from the spans)."),
) -> None:
    """Import documents (and their annotations): text, Markdown, saved web pages
    (.html), PDF, Word (.docx), e-mail (.eml, .mbox), annotation formats, and
    archives of them. All files go in, or none (see --skip-bad)."""
    check_unit(offsets)
    with open_store(ctx) as store, progress(ctx, "Reading") as advance:
        outcome = import_files(store, paths, format_name=format, progress=advance, skip_bad=skip_bad,
                               offsets=offsets)
    for line in outcome.skipped:
        say(ctx, f"skipped bad file: {line}")
    r = outcome.result
    for note in outcome.notes:
        say(ctx, note)
    for dup in r.duplicates:
        say(ctx, f"skipped duplicate: {dup}")
    say(ctx, f"Imported {r.count} document(s), {r.span_count} span(s), {r.relation_count} relation(s) "
             f"from {len(outcome.files)} file(s); {len(r.duplicates)} duplicate(s) skipped")
    if r.actor_links:
        say(ctx, f"{r.actor_links} actor link(s) restored; {len(r.actors_added)} actor(s) added to the registry")


@app.command()
def export(
    ctx: typer.Context,
    format: str = typer.Argument(..., help=f"One of: {', '.join(format_names(writable=True))}."),
    out: Path = typer.Argument(..., help="Output file or folder (per format)."),
    split: Optional[float] = typer.Option(None, help="Share of documents for a dev set (spaCy default 0.2)."),
    seed: int = typer.Option(0, help="Seed for the train/dev split."),
    include_suggestions: bool = typer.Option(False, "--include-suggestions", help="Add pending suggestions."),
    status: Optional[str] = typer.Option(None, help="Only documents with these statuses: a comma list of "
                                         "new,in-progress,done,annotated (annotated: at least one accepted span)."),
    config: Optional[str] = typer.Option(None, "--config", help="spacy: also write config.cfg for ner or spancat."),
    all_warnings: bool = typer.Option(False, "--all-warnings", help="List every warning, not the first 20."),
    layer: Optional[List[str]] = typer.Option(None, "--layer", help="Export these layers' spans (an annotator or gold; repeatable). Default: gold, else a document's one layer."),
    all_layers: bool = typer.Option(False, "--all-layers", help="Export every layer's spans together."),
) -> None:
    """Export annotations as training data. Whatever a format cannot hold is reported."""
    if format not in format_names(writable=True):  # unknown or import-only: fails before the store is opened
        get_format(format)
        raise GlossatorError(f"{format}: Glossator imports this format but does not export it")
    with open_store(ctx) as store, progress(ctx, f"Exporting {format}") as advance:
        report = export_store(
            store, format, out,
            include_suggestions=include_suggestions,
            split=split,
            seed=seed,
            document_status=status,
            extra={"config": config} if config else None,
            progress=advance,
            layers=tuple(layer or ()),
            all_layers=all_layers,
        )
    shown = report.warnings if all_warnings else report.warnings[:MAX_WARNINGS]
    for warning in shown:
        say(ctx, f"warning: {warning}")
    if len(shown) < len(report.warnings):
        say(ctx, f"… and {len(report.warnings) - len(shown)} more warning(s); --all-warnings lists every one")
    files = ", ".join(str(f) for f in report.files)
    say(ctx, f"Exported {report.documents} document(s), {report.spans} span(s), "
             f"{report.relations} relation(s) to {files}")
