"""The `glossator` command line: one Typer app, one module per group of
sub-commands. Each command only parses options and calls a plain function of
the services; failures exit non-zero with one line on stderr.

Commands that need no NLP never import spaCy or thinc (tests/annotations/
test_cli_start.py): a command module imports what only some of its commands
need inside those commands."""
from __future__ import annotations

import logging
import sys
from typing import Optional

import typer

from ..errors import GlossatorError
from .app import app, command_options, hoist_global_options
from . import demo_cmds, documents_cmds, io_cmds, store_cmds  # noqa: F401  (register commands)
from . import search_cmds, suggest_cmds  # noqa: F401
from . import train_cmds  # noqa: F401  (glossator train, glossator models)
from . import agreement_cmds  # noqa: F401  (glossator agreement, curate, report)
from . import actors_cmds  # noqa: F401  (glossator actors ..., glossator sources)
from . import team_cmds  # noqa: F401  (glossator assign, checkout, merge)
from . import flags_cmds  # noqa: F401  (glossator flags)


def main(argv: Optional[list[str]] = None) -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        app(args=hoist_global_options(args, command_options()), prog_name="glossator")
    except GlossatorError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("interrupted; nothing half-written was kept", err=True)
        sys.exit(130)
