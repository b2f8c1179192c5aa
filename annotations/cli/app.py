"""The Typer app, its global options (--store, --annotator, --quiet) and the
helpers every command uses to open the store and show progress.

Global options work before the command and after it (`glossator --store S
docs` and `glossator docs --store S`): `hoist_global_options` moves them in
front of the command unless the command has an option of that name itself.
Command modules import heavy libraries (spaCy) inside the commands that need
them, so `--help` and the store commands start fast.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, Optional, Sequence

import typer

from ..services.rows import ANNOTATOR
from ..errors import GlossatorError
from ..store import ENV_STORE, Store, default_store_path

app = typer.Typer(
    help="Glossator: annotate news articles offline and export training data.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

GLOBAL_VALUE_OPTIONS = ("--store", "--annotator")
GLOBAL_FLAGS = ("--quiet", "-q")


@dataclass
class Options:
    store: str  # a path or a database URL (a Path would fold postgresql:// into postgresql:/)
    quiet: bool
    annotator: str | None = None


@app.callback()
def _global(
    ctx: typer.Context,
    store: Optional[str] = typer.Option(
        None, "--store", envvar=ENV_STORE,
        help="Store file or PostgreSQL URL (default: GLOSSATOR_STORE or the user data dir)."
    ),
    annotator: Optional[str] = typer.Option(
        None, "--annotator", help="Who I am: my edits go to my layer (default: GLOSSATOR_ANNOTATOR or the login name)."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bars or summaries."),
) -> None:
    ctx.obj = Options(store=store or str(default_store_path()), quiet=quiet, annotator=annotator)
    if annotator:
        token = ANNOTATOR.set(annotator)
        ctx.call_on_close(lambda: ANNOTATOR.reset(token))


def hoist_global_options(argv: Sequence[str], own_options: dict[str, set[str]]) -> list[str]:
    """Move global options written after the command in front of it.

    `own_options` maps a command name to its own option names: a command that
    has e.g. its own `--annotator` keeps it."""
    argv = list(argv)
    i = 0
    while i < len(argv) and argv[i].startswith("-"):  # global options already in front
        i += 2 if argv[i] in GLOBAL_VALUE_OPTIONS else 1
    if i >= len(argv):
        return argv
    command, rest = argv[i], argv[i + 1:]
    own = own_options.get(command, set())
    moved: list[str] = []
    kept: list[str] = []
    j = 0
    while j < len(rest):
        arg = rest[j]
        if arg == "--":
            kept.extend(rest[j:])
            break
        name = arg.split("=", 1)[0]
        if name in GLOBAL_VALUE_OPTIONS and name not in own:
            width = 1 if "=" in arg else 2
            moved.extend(rest[j:j + width])
            j += width
            continue
        if arg in GLOBAL_FLAGS and arg not in own:
            moved.append(arg)
        else:
            kept.append(arg)
        j += 1
    return argv[:i] + moved + [command] + kept


def command_options() -> dict[str, set[str]]:
    """{command name: its option names}, read from the Click group Typer builds."""
    group = typer.main.get_command(app)
    return {name: {opt for param in cmd.params for opt in getattr(param, "opts", ())}
            for name, cmd in getattr(group, "commands", {}).items()}


def options(ctx: typer.Context) -> Options:
    return ctx.find_root().obj


def open_store(ctx: typer.Context) -> Store:
    store = Store.open(options(ctx).store)
    if store.backup_path:
        say(ctx, f"Upgraded the store; a backup of the old one is at {store.backup_path}")
    return store


def _console():
    from rich.console import Console

    return Console(stderr=True)


def say(ctx: typer.Context, message: str) -> None:
    if not options(ctx).quiet:
        _console().print(message, highlight=False)


@contextmanager
def progress(ctx: typer.Context, description: str, total: int | None = None) -> Iterator:
    """Yields `advance(done, total)`; draws a bar unless --quiet."""
    if options(ctx).quiet:
        yield lambda done, total=None: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=_console(), transient=True,
    ) as bar:
        task = bar.add_task(description, total=total)

        def advance(done: int, total: int | None = None) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


MAX_ID = 2**63 - 1  # ids are 64-bit integers in every store


def check_ids(ids, what: str = "id") -> None:
    """Refuse ids no store can hold (0, negative, past 64 bits) with one line, before the store is touched."""
    for value in ids:
        if not 1 <= value <= MAX_ID:
            shown = str(value) if len(str(value)) <= 24 else str(value)[:20] + "…"
            raise GlossatorError(f"{what} {shown} is not a valid id (a whole number from 1 to {MAX_ID})")


def parse_ids(text: str | None, option: str = "--docs") -> list[int] | None:
    """`--docs 1,4,7-12` -> [1, 4, 7, 8, 9, 10, 11, 12] (order kept, duplicates dropped); None stays None.
    Every command that takes document ids reads them here; errors name `option`."""
    if text is None:
        return None
    ids: dict[int, None] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        low, dash, high = part.partition("-")
        try:
            first, last = int(low), int(high) if dash else int(low)
        except ValueError:
            raise GlossatorError(f"{option}: {part!r} is not a document id or a range like 7-12") from None
        if first < 1 or last < first:
            raise GlossatorError(f"{option}: {part!r} is not a range of positive ids (low-high)")
        ids.update(dict.fromkeys(range(first, last + 1)))
    if not ids:
        raise GlossatorError(f"{option}: no document ids given (use e.g. 1,4,7-12)")
    return list(ids)
