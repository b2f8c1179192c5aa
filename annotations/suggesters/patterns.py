"""The rule suggester's word lists: read once from `resources/patterns/` (via
importlib.resources) and from pycountry, and kept as frozen lookups.

Owns loading and normalising the lists; it holds no matching logic.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import pycountry

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def _read(name: str) -> str:
    return (resources.files("resources") / "patterns" / name).read_text(encoding="utf-8")


def _toml(name: str) -> dict[str, Any]:
    return tomllib.loads(_read(name))


def _lines(name: str) -> list[str]:
    return [ln.strip() for ln in _read(name).splitlines() if ln.strip() and not ln.startswith("#")]


def _state_names(extra: list[str]) -> set[str]:
    """Country names from pycountry (common and short forms) plus the extra list.

    Names with a comma ("Korea, Republic of") are inverted forms no article uses.
    """
    names = set(extra)
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if value and "," not in value and "(" not in value:
                names.add(value)
    return names


@dataclass(frozen=True)
class ActorWords:
    org_heads: frozenset[str]
    group_heads: frozenset[str]
    company_heads: frozenset[str]
    name_prepositions: frozenset[str]
    name_particles: frozenset[str]
    titles: frozenset[str]
    roles: frozenset[str]
    non_actor_heads: frozenset[str]
    stopwords: frozenset[str]
    acronym_stoplist: frozenset[str]
    state_acronyms: frozenset[str]
    states: frozenset[str]
    capitals: frozenset[str]
    location_prepositions: frozenset[str]
    location_modifiers: frozenset[str]
    giving_words: frozenset[str]
    agent_verbs: frozenset[str]
    money_marks: frozenset[str]
    org_nouns: frozenset[str]
    place_words: frozenset[str]


@dataclass(frozen=True)
class FigureWords:
    hedges: tuple[str, ...]
    duration_prepositions: frozenset[str]
    numbers: dict[str, int]
    scales: dict[str, int]
    currency_symbols: dict[str, str]
    currency_words: dict[str, str]
    currency_codes: frozenset[str]
    units: dict[str, str]
    durations: frozenset[str]
    people: frozenset[str]
    months: frozenset[str]


@dataclass(frozen=True)
class AssertionWords:
    verbs: dict[str, str]
    needs_complement: frozenset[str]
    complements: frozenset[str]
    according: tuple[str, ...]
    hedges: tuple[str, ...]
    estimate_patterns: tuple[str, ...]
    person_pronouns: frozenset[str]
    org_descriptors: frozenset[str]


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    return frozenset(_lines("abbreviations.txt"))


@lru_cache(maxsize=1)
def actor_words() -> ActorWords:
    raw = _toml("actors.toml")
    sets = {k: frozenset(v) for k, v in raw.items() if k != "extra_states"}
    return ActorWords(
        **sets,
        states=frozenset(_state_names(raw["extra_states"])),
        capitals=frozenset(_lines("capitals.txt")),
    )


@lru_cache(maxsize=1)
def figure_words() -> FigureWords:
    raw = _toml("figures.toml")
    rules = raw["rules"]
    return FigureWords(
        hedges=tuple(sorted(raw["hedges"], key=lambda h: -len(h.split()))),
        duration_prepositions=frozenset(raw["duration_prepositions"]),
        numbers=dict(raw["numbers"]),
        scales=dict(raw["scales"]),
        currency_symbols=dict(raw["currency_symbols"]),
        currency_words=dict(raw["currency_words"]),
        currency_codes=frozenset(c.alpha_3 for c in pycountry.currencies),
        units=dict(raw["units"]),
        durations=frozenset(rules["durations"]),
        people=frozenset(rules["people"]),
        months=frozenset(rules["months"]),
    )


@lru_cache(maxsize=1)
def assertion_words() -> AssertionWords:
    raw = _toml("assertions.toml")
    rules = raw["rules"]
    return AssertionWords(
        verbs=dict(raw["verbs"]),
        needs_complement=frozenset(rules["needs_complement"]),
        complements=frozenset(rules["complements"]),
        according=tuple(rules["according"]),
        hedges=tuple(rules["hedges"]),
        estimate_patterns=tuple(rules["estimate_patterns"]),
        person_pronouns=frozenset(rules["person_pronouns"]),
        org_descriptors=frozenset(rules["org_descriptors"]),
    )
