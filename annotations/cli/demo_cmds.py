"""`glossator demo`: build (once) the demo store of sample articles."""
from __future__ import annotations

import typer

from ..demo import build_demo_store
from .app import app, options, say


@app.command()
def demo(ctx: typer.Context) -> None:
    """Create the demo store (sample articles, imported and suggested) if it is not there yet."""
    store, added = build_demo_store(options(ctx).store)
    with store:
        say(ctx, f"Demo store ready at {store.path}" + (f" ({added} sample articles imported)" if added else ""))
