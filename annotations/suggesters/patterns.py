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
    region_words: frozenset[str]
    demonyms: frozenset[str]
    place_nouns: frozenset[str]
    place_verbs: frozenset[str]
    glue_suffixes: frozenset[str]
    neighbour_words: frozenset[str]
    stake_nouns: frozenset[str]


@dataclass(frozen=True)
class FigureWords:
    hedges: tuple[str, ...]  # longest first
    range_openers: frozenset[str]
    duration_prepositions: frozenset[str]
    numbers: dict[str, int]
    fractions: dict[str, int]
    scales: dict[str, int]
    currency_symbols: dict[str, str]
    currency_words: dict[tuple[str, ...], str]  # lower-case words -> ISO code
    minor_currency: dict[str, tuple[str, int]]
    currency_codes: frozenset[str]
    units: dict[tuple[str, ...], str]  # lower-case words -> unit attribute
    metric_symbols: dict[str, str]  # case-sensitive symbol -> unit attribute
    unit_modifiers: frozenset[str]
    rate_openers: frozenset[str]
    rate_nouns: frozenset[str]
    durations: frozenset[str]
    people: frozenset[str]
    months: frozenset[str]
    name_words: frozenset[str]
    after_stop: frozenset[str]
    multiples: frozenset[str]

    @property
    def longest_unit(self) -> int:
        return max(len(k) for k in [*self.units, *self.currency_words])


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


def _plural(word: str) -> str:
    return word + ("es" if word.endswith(("s", "sh", "ch")) else "s")


def _currency_words(listed: dict[str, str], stop: set[str]) -> dict[tuple[str, ...], str]:
    """ISO 4217 names from pycountry as word tuples ("kenyan shilling", "shilling",
    plural forms), the listed words winning over pycountry's ambiguous short names."""
    out: dict[tuple[str, ...], str] = {}
    for cur in pycountry.currencies:
        name = cur.name.lower()
        if "(" in name or cur.alpha_3.startswith("X"):
            continue
        words = tuple(name.replace("’", "'").split())
        if words[-1] in stop or len(words[-1]) < 3:
            continue
        for form in (words, (*words[:-1], _plural(words[-1]))):
            out.setdefault(form, cur.alpha_3)
            out.setdefault(form[-1:], cur.alpha_3)
    out.update({(w,): code for w, code in listed.items()})
    return out


def _metric(raw: dict[str, Any]) -> tuple[dict[str, str], dict[tuple[str, ...], str]]:
    """Metric unit symbols (case-sensitive) and SI-prefixed unit words ("kilometres" -> "km")."""
    symbols = {s: s for s in raw["symbols"]}
    words: dict[tuple[str, ...], str] = {}
    for wp, sp in raw["word_prefixes"].items():
        for word, sym in raw["words"].items():
            for form in (wp + word, _plural(wp + word)):
                words[(form,)] = sp + sym
    return symbols, words


@lru_cache(maxsize=1)
def figure_words() -> FigureWords:
    raw = _toml("figures.toml")
    rules = raw["rules"]
    metric_symbols, metric_words = _metric(raw["metric"])
    units = {**metric_words, **{tuple(k.split()): v for k, v in raw["units"].items()}}
    return FigureWords(
        hedges=tuple(sorted(raw["hedges"], key=lambda h: -len(h.split()))),
        range_openers=frozenset(raw["range_openers"]),
        duration_prepositions=frozenset(raw["duration_prepositions"]),
        numbers=dict(raw["numbers"]),
        fractions=dict(raw["fractions"]),
        scales=dict(raw["scales"]),
        currency_symbols=dict(raw["currency_symbols"]),
        currency_words=_currency_words(raw["currency_words"], set(raw["currency_stop"]["words"])),
        minor_currency={k: (v[0], int(v[1])) for k, v in raw["minor_currency"].items()},
        currency_codes=frozenset(c.alpha_3 for c in pycountry.currencies),
        units=units,
        metric_symbols=metric_symbols,
        unit_modifiers=frozenset(raw["unit_modifiers"]["words"]),
        rate_openers=frozenset(raw["rates"]["openers"]),
        rate_nouns=frozenset(raw["rates"]["nouns"]),
        durations=frozenset(rules["durations"]),
        people=frozenset(rules["people"]),
        months=frozenset(rules["months"]),
        name_words=frozenset(rules["name_words"]),
        after_stop=frozenset(rules["after_stop"]),
        multiples=frozenset(rules["multiples"]),
    )


def verb_forms(lemma: str, past: str | None = None) -> list[str]:
    """"stress" -> stress, stresses, stressed, stressing (regular English inflection)."""
    if lemma.endswith("e"):
        forms = [lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"]
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms = [lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"]
    elif lemma.endswith(("s", "sh", "ch", "x")):
        forms = [lemma, lemma + "es", lemma + "ed", lemma + "ing"]
    else:
        forms = [lemma, lemma + "s", lemma + "ed", lemma + "ing"]
    if past:
        forms[2] = past
    return forms


@lru_cache(maxsize=1)
def assertion_words() -> AssertionWords:
    raw = _toml("assertions.toml")
    rules = raw["rules"]
    verbs = dict(raw["verbs"])
    complement = set(rules["needs_complement"])
    irregular = raw.get("irregular", {})
    for table, needs in (("lemmas", False), ("lemmas_complement", True)):
        for lemma, stance in raw.get(table, {}).items():
            for form in verb_forms(lemma, irregular.get(lemma)):
                if form not in verbs:
                    verbs[form] = stance
                    if needs or form.endswith("ing"):
                        complement.add(form)
    return AssertionWords(
        verbs=verbs,
        needs_complement=frozenset(complement),
        complements=frozenset(rules["complements"]),
        according=tuple(rules["according"]),
        hedges=tuple(rules["hedges"]),
        estimate_patterns=tuple(rules["estimate_patterns"]),
        person_pronouns=frozenset(rules["person_pronouns"]),
        org_descriptors=frozenset(rules["org_descriptors"]),
    )
