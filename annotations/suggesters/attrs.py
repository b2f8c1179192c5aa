"""Where the rule components keep span attributes, scores and relations on a
spaCy Doc: plain dicts in `doc.user_data`, keyed by label and character offsets.

(Span `._` extensions are keyed by offsets only, so two labels on the same
characters would share them.)
"""
from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

ATTRS = "glossator_attrs"
RELATIONS = "glossator_relations"


def set_attrs(doc: Doc, span: Span, attributes: dict[str, Any], score: float) -> None:
    doc.user_data.setdefault(ATTRS, {})[(span.label_, span.start_char, span.end_char)] = (attributes, score)


def get_attrs(doc: Doc, label: str, start: int, end: int) -> tuple[dict[str, Any], float]:
    return doc.user_data.get(ATTRS, {}).get((label, start, end), ({}, 1.0))


def add_relation(doc: Doc, label: str, head: tuple[str, int, int], child: tuple[str, int, int]) -> None:
    doc.user_data.setdefault(RELATIONS, []).append((label, head, child))


def relations(doc: Doc) -> list[tuple[str, tuple[str, int, int], tuple[str, int, int]]]:
    return list(doc.user_data.get(RELATIONS, []))
