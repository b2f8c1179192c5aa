"""`glossator train`, `glossator models [export|import|delete]`, `glossator queue`
and `glossator suggest-next`: train a spaCy model from the store's accepted
annotations, the models kept in the store, and the active-learning
loop (review what models are least sure of; suggest on the next documents)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from .app import app, open_store, options, progress, say

out = Console(highlight=False)


def score_table(scores: dict, title: str = "Dev scores") -> Table:
    table = Table("label", "P", "R", "F1", title=title, title_justify="left")
    for label, s in scores["labels"].items():
        table.add_row(label, f"{s['p']:.3f}", f"{s['r']:.3f}", f"{s['f']:.3f}")
    table.add_row("all", f"{scores['p']:.3f}", f"{scores['r']:.3f}", f"{scores['f']:.3f}")
    return table


@app.command()
def train(
    ctx: typer.Context,
    out_dir: Path = typer.Argument(..., help="Folder for train/dev DocBins, config.cfg and checkpoints."),
    component: str = typer.Option("spancat", help="spancat (overlapping spans) or ner (non-overlapping subset)."),
    base: Optional[str] = typer.Option(None, help="An installed spaCy pipeline to start from (never downloaded)."),
    epochs: int = typer.Option(30, min=1, help="Passes over the training documents."),
    dev_split: float = typer.Option(0.2, help="Share of documents held out for scoring."),
    seed: int = typer.Option(0, help="Seed for the split and the weights."),
    name: Optional[str] = typer.Option(None, help="Model name (default: OUT_DIR's folder name)."),
) -> None:
    """Train a model from accepted annotations; it becomes suggester trained:<name>."""
    from ..training.run import TrainOptions, train_from_store

    opts = TrainOptions(component=component, base=base, epochs=epochs, dev_split=dev_split, seed=seed, name=name)
    with open_store(ctx) as store, progress(ctx, "Training (epochs)", epochs) as advance:
        info, data = train_from_store(store, out_dir, opts, progress=advance)
    for line in data.report_lines():
        say(ctx, line)
    if not options(ctx).quiet:
        out.print(score_table(info.scores, f"Dev scores of trained:{info.name} ({len(info.dev_documents)} documents)"))
    say(ctx, f"Kept as suggester trained:{info.name}. To train on another machine, copy {out_dir} and run "
             "there: python -m spacy train config.cfg --code glossator_components.py --output output")


models_app = typer.Typer(help="Trained models kept in the store: list, export as a folder, import, delete.",
                         invoke_without_command=True)
app.add_typer(models_app, name="models")


def _model_json(m) -> dict:
    return {"name": f"trained:{m.name}", "created": m.created, "component": m.component,
            "labels": list(m.labels), "documents": len(m.train_documents),
            "data_hash": m.data_hash, "f": m.scores.get("f")}


@models_app.callback()
def models(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
) -> None:
    """List the models trained for this store (newest first); see the commands below."""
    if ctx.invoked_subcommand is not None:
        return
    from ..training.trained_models import list_models

    with open_store(ctx) as store:
        found = list_models(store)
    if as_json:
        for m in found:
            typer.echo(json.dumps(_model_json(m), ensure_ascii=False))
        return
    table = Table("suggester", "created", "component", "train docs", "dev F1", "labels")
    for m in found:
        table.add_row(f"trained:{m.name}", m.created, m.component, str(len(m.train_documents)),
                      f"{m.scores.get('f', 0.0):.3f}", ", ".join(m.labels))
    out.print(table)
    out.print(f"{len(found)} model(s)")


@models_app.command("export")
def models_export(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The model's name (trained:NAME; the prefix may be left out)."),
    out_dir: Path = typer.Argument(..., help="Folder to write (new, empty, or an earlier export: replaced)."),
) -> None:
    """Write a model as a folder that suggests in any store: --suggester model:OUT_DIR."""
    from ..training.trained_models import export_model

    with open_store(ctx) as store:
        written = export_model(store, name.removeprefix("trained:"), out_dir)
    say(ctx, f"Exported trained:{name.removeprefix('trained:')} to {written}; suggest with it in any store "
             f"as --suggester model:{written}")


@models_app.command("import")
def models_import(
    ctx: typer.Context,
    folder: Path = typer.Argument(..., help="A folder written by `glossator models export`."),
    name: Optional[str] = typer.Option(None, help="Keep it under this name (default: its own)."),
) -> None:
    """Keep an exported model in this store, where every client of the store finds it."""
    from ..training.trained_models import import_model

    with open_store(ctx) as store:
        info = import_model(store, folder, name)
    say(ctx, f"Kept as suggester trained:{info.name}")


@models_app.command("delete")
def models_delete(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The model's name."),
) -> None:
    """Remove a model kept in this store."""
    from ..training.trained_models import delete_model

    with open_store(ctx) as store:
        delete_model(store, name.removeprefix("trained:"))
    say(ctx, f"Deleted trained:{name.removeprefix('trained:')}")


@app.command("queue")
def queue_(
    ctx: typer.Context,
    documents: bool = typer.Option(False, "--documents", help="Rank documents instead of suggestions."),
    limit: int = typer.Option(20, min=1, help="How many rows."),
) -> None:
    """Active learning: pending suggestions where models are least sure or suggesters disagree, first."""
    from ..services import get_document
    from ..services.queue import document_queue, suggestion_queue

    with open_store(ctx) as store:
        if documents:
            rows = document_queue(store)[:limit]
            table = Table("document", "pending", "priority")
            for d in rows:
                table.add_row(str(d.document_id), str(d.pending), f"{d.priority:.2f}")
        else:
            items = suggestion_queue(store)[:limit]
            texts = {i.span.document_id: get_document(store, i.span.document_id).text for i in items}
            table = Table("span", "document", "label", "suggester", "score", "priority", "text")
            for i in items:
                sp = i.span
                table.add_row(str(sp.id), str(sp.document_id), sp.label, sp.suggester or "",
                              "–" if sp.score is None else f"{sp.score:.2f}", f"{i.priority:.2f}",
                              texts[sp.document_id][sp.start:sp.end][:60])
    out.print(table)


@app.command("suggest-next")
def suggest_next_(
    ctx: typer.Context,
    count: int = typer.Argument(..., min=1, help="How many unfinished documents."),
    suggester: str = typer.Option(..., "--suggester", "-s", help="e.g. trained:news or rules."),
) -> None:
    """Suggest on the next COUNT documents not done that SUGGESTER has not seen yet."""
    from ..services.queue import suggest_next

    with open_store(ctx) as store, progress(ctx, f"Suggesting ({suggester})") as advance:
        result = suggest_next(store, suggester, count, advance)
    say(ctx, f"{suggester}: {result.added} suggestion(s) in {result.documents} document(s)"
             + (" (cancelled)" if result.cancelled else ""))
