"""Suggesters: spaCy pipelines that propose spans for review. See base.py."""
from .base import (
    SuggestedRelation,
    SuggestedSpan,
    Suggester,
    Suggestion,
    available_suggesters,
    get_suggester,
    register,
)

__all__ = [
    "SuggestedRelation", "SuggestedSpan", "Suggester", "Suggestion",
    "available_suggesters", "get_suggester", "register",
]
from . import trained as _trained  # noqa: E402
register(_trained.PREFIX, _trained.create, _trained.available)
