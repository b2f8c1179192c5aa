"""The Typer app, its global options (--store, --quiet) and the helpers every
command uses to open the store and show progress."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..store import ENV_STORE, Store, default_store_path

app = typer.Typer(
    help="Glossator: annotate news articles offline and export training data.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
console = Console(stderr=True)


@dataclass
class Options:
    store: str  # a path or a database URL (a Path would fold postgresql:// into postgresql:/)
    quiet: bool


@app.callback()
def _global(
    ctx: typer.Context,
    store: Optional[str] = typer.Option(
        None, "--store", envvar=ENV_STORE,
        help="Store file or PostgreSQL URL (default: GLOSSATOR_STORE or the user data dir)."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bars or summaries."),
) -> None:
    ctx.obj = Options(store=store or str(default_store_path()), quiet=quiet)


def options(ctx: typer.Context) -> Options:
    return ctx.find_root().obj


def open_store(ctx: typer.Context) -> Store:
    store = Store.open(options(ctx).store)
    if store.backup_path:
        say(ctx, f"Upgraded the store; a backup of the old one is at {store.backup_path}")
    return store


def say(ctx: typer.Context, message: str) -> None:
    if not options(ctx).quiet:
        console.print(message, highlight=False)


@contextmanager
def progress(ctx: typer.Context, description: str, total: int | None = None) -> Iterator:
    """Yields `advance(done, total)`; draws a bar unless --quiet."""
    if options(ctx).quiet:
        yield lambda done, total=None: None
        return
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=True,
    ) as bar:
        task = bar.add_task(description, total=total)

        def advance(done: int, total: int | None = None) -> None:
            bar.update(task, completed=done, total=total)

        yield advance
