"""Suggesters: spaCy pipelines that propose spans for review. See base.py.

Registered families: `default` (rules plus the best installed pretrained
English pipeline; what `suggest` uses when no suggester is named), `rules`
(always available), `pipeline:<name-or-path>` (any installed spaCy pipeline,
or a pipeline folder), `trained:<name>` (a model kept in the store) and
`model:<folder>` (a model exported from any store).

The registry never imports the services: storing suggestions is
`annotations.services.suggestions.run_suggester`, which asks the registry.
"""
from .base import (
    SuggestedRelation,
    SuggestedSpan,
    Suggester,
    Suggestion,
    available_suggesters,
    get_suggester,
    register,
)
from .pipeline import installed_pipelines, make_pipeline
from .rules import make_rules
from .combined import make_default

register("default", make_default, lambda store: ["default"])
register("rules", make_rules, lambda store: ["rules"])
register("pipeline", make_pipeline, lambda store: [f"pipeline:{n}" for n in installed_pipelines()])
from . import trained as _trained  # noqa: E402  (trained:<name>, models kept with the store)
register(_trained.PREFIX, _trained.create, _trained.available)
register(_trained.MODEL_PREFIX, _trained.create_from_folder)

__all__ = [
    "SuggestedRelation", "SuggestedSpan", "Suggester", "Suggestion",
    "available_suggesters", "get_suggester", "register",
]
