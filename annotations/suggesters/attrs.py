"""Where the rule components keep span attributes, scores, families and
relations on a spaCy Doc: plain dicts in `doc.user_data`, keyed by label and
character offsets.

(Span `._` extensions are keyed by offsets only, so two labels on the same
characters would share them.) The family names which rule made a span
("figure:money+hedge", "actor:gazetteer"); scores are calibrated per family
(calibration.py).
"""
from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

ATTRS = "glossator_attrs"
RELATIONS = "glossator_relations"


def set_attrs(doc: Doc, span: Span, attributes: dict[str, Any], score: float, family: str = "") -> None:
    doc.user_data.setdefault(ATTRS, {})[(span.label_, span.start_char, span.end_char)] = (attributes, score, family)


def get_attrs(doc: Doc, label: str, start: int, end: int) -> tuple[dict[str, Any], float]:
    attributes, score, _family = doc.user_data.get(ATTRS, {}).get((label, start, end), ({}, 1.0, ""))
    return attributes, score


def get_family(doc: Doc, label: str, start: int, end: int) -> str:
    return doc.user_data.get(ATTRS, {}).get((label, start, end), ({}, 1.0, ""))[2]


def add_relation(doc: Doc, label: str, head: tuple[str, int, int], child: tuple[str, int, int]) -> None:
    doc.user_data.setdefault(RELATIONS, []).append((label, head, child))


def relations(doc: Doc) -> list[tuple[str, tuple[str, int, int], tuple[str, int, int]]]:
    return list(doc.user_data.get(RELATIONS, []))
