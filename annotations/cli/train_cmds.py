"""`glossator train` and `glossator models`: train a spaCy model from the
store's accepted annotations and list the models kept with the store."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from ..training.models import list_models
from ..training.run import TrainOptions, train_from_store
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
    opts = TrainOptions(component=component, base=base, epochs=epochs, dev_split=dev_split, seed=seed, name=name)
    with open_store(ctx) as store, progress(ctx, "Training (epochs)", epochs) as advance:
        info, data = train_from_store(store, out_dir, opts, progress=advance)
    for line in data.report_lines():
        say(ctx, line)
    if not options(ctx).quiet:
        out.print(score_table(info.scores, f"Dev scores of trained:{info.name} ({len(info.dev_documents)} documents)"))
    say(ctx, f"Kept as suggester trained:{info.name}. To train on another machine, copy {out_dir} and run "
             "there: python -m spacy train config.cfg --code glossator_components.py --output output")


@app.command()
def models(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
) -> None:
    """List the models trained for this store (newest first)."""
    with open_store(ctx) as store:
        found = list_models(store.path)
    if as_json:
        for m in found:
            typer.echo(json.dumps({"name": f"trained:{m.name}", "created": m.created, "component": m.component,
                                   "labels": list(m.labels), "documents": len(m.train_documents),
                                   "data_hash": m.data_hash, "f": m.scores.get("f")}, ensure_ascii=False))
        return
    table = Table("suggester", "created", "component", "train docs", "dev F1", "labels")
    for m in found:
        table.add_row(f"trained:{m.name}", m.created, m.component, str(len(m.train_documents)),
                      f"{m.scores.get('f', 0.0):.3f}", ", ".join(m.labels))
    out.print(table)
    out.print(f"{len(found)} model(s)")
