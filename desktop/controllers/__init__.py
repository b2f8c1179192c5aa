"""Controllers: small objects that turn gestures into edits and navigation, each
given only the narrow `Context` it needs (never the whole window)."""
from .context import Context

__all__ = ["Context"]
