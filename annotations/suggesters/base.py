"""The suggester protocol and registry.

A suggester turns texts into suggested spans (with scores and attributes)
and optional relations between them. Names: `default` (rules plus the best
installed pretrained English pipeline), `rules`, `pipeline:<name-or-path>`,
`trained:<name>`. Adding one is a module with a factory plus one `register`
call in `suggesters/__init__.py`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Protocol

from ..errors import GlossatorError


@dataclass(frozen=True)
class SuggestedSpan:
    start: int  # code points, end exclusive
    end: int
    label: str
    score: float = 1.0
    attributes: dict[str, Any] = field(default_factory=dict)
    family: str = ""  # which rule or source proposed it ("figure:money+hedge", "pipeline:PERSON")


@dataclass(frozen=True)
class SuggestedRelation:
    head: int  # index into Suggestion.spans
    child: int
    label: str
    score: float = 1.0


@dataclass(frozen=True)
class Suggestion:
    spans: tuple[SuggestedSpan, ...] = ()
    relations: tuple[SuggestedRelation, ...] = ()


class Suggester(Protocol):
    name: str  # as given to the registry, e.g. "rules" or "trained:news-v2"
    version: str
    labels: tuple[str, ...]

    def suggest(self, texts: Iterable[str]) -> Iterator[Suggestion]:
        """One Suggestion per text, in order (use nlp.pipe inside)."""


# factory(argument after the colon or "", store or None) -> Suggester
Factory = Callable[[str, Any], Suggester]
_FACTORIES: dict[str, Factory] = {}
_LISTERS: dict[str, Callable[[Any], list[str]]] = {}


def register(prefix: str, factory: Factory, lister: Callable[[Any], list[str]] | None = None) -> None:
    """Register a family of suggesters; `lister(store)` names the ones available now."""
    _FACTORIES[prefix] = factory
    if lister is not None:
        _LISTERS[prefix] = lister


def get_suggester(name: str, store: Any = None) -> Suggester:
    prefix, _, arg = name.partition(":")
    factory = _FACTORIES.get(prefix)
    if factory is None:
        known = ", ".join(sorted(_FACTORIES)) or "none"
        raise GlossatorError(f"unknown suggester {name!r} (families: {known})")
    return factory(arg, store)


def available_suggesters(store: Any = None) -> list[str]:
    names: list[str] = []
    for prefix, lister in _LISTERS.items():
        names.extend(lister(store))
    return names
