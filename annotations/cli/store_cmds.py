"""`glossator init`: create a store with the default or a custom label schema."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..schema import default_schema, load_schema
from ..store import Store
from .app import app, options, say


@app.command()
def init(
    ctx: typer.Context,
    schema: Optional[Path] = typer.Option(None, "--schema", help="Label schema TOML (default: news ACTOR/FIGURE/ASSERTION)."),
) -> None:
    """Create a new annotation store."""
    label_schema = load_schema(schema) if schema else default_schema()
    store = Store.create(options(ctx).store, label_schema)
    store.close()
    say(ctx, f"Created {store.location} with schema {label_schema.name!r} ({', '.join(label_schema.label_names)})")
