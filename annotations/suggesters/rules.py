"""The `rules` suggester: a spaCy pipeline built on `spacy.blank("en")` with
sentence segmentation, a SpanRuler gazetteer (states, capitals, "Group of N")
and the ACTOR, FIGURE and ASSERTION rule components. Always available, no
download. Word lists live in `resources/patterns/`.
"""
from __future__ import annotations

import logging
from functools import lru_cache
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import actors, assertions, figures, sentences  # noqa: F401  (register the components)
from .attrs import get_attrs, get_family, relations
from .calibration import calibrated
from .base import SuggestedRelation, SuggestedSpan, Suggestion
from .patterns import actor_words

log = logging.getLogger(__name__)

NAME = "rules"
VERSION = "1.2"
LABELS = ("ACTOR", "FIGURE", "ASSERTION")
BATCH_SIZE = 64


def gazetteer_patterns() -> list[dict]:
    words = actor_words()
    names = sorted(words.states | words.capitals)
    patterns: list[dict] = [{"label": "STATE", "pattern": name} for name in names]
    patterns.append({"label": "ORG", "pattern": [{"LOWER": "group"}, {"LOWER": "of"}, {"LIKE_NUM": True}]})
    return patterns


@lru_cache(maxsize=2)
def build_pipeline(language: str = "en") -> Language:
    """The rule pipeline (cached: building it reads the word lists once)."""
    nlp = spacy.blank(language)
    nlp.add_pipe("glossator_sentences")
    ruler = nlp.add_pipe("span_ruler", name="gazetteer", config={"spans_key": "gazetteer", "overwrite": True})
    ruler.add_patterns(gazetteer_patterns())
    nlp.add_pipe("glossator_actors")
    nlp.add_pipe("glossator_figures")
    nlp.add_pipe("glossator_assertions")
    return nlp


def doc_to_suggestion(doc: Doc, labels: Iterable[str] = LABELS) -> Suggestion:
    """Read the components' spans, attributes and relations off a processed Doc."""
    spans: list[SuggestedSpan] = []
    index: dict[tuple[str, int, int], int] = {}
    for label in labels:
        for span in doc.spans.get(label, []):
            key = (label, span.start_char, span.end_char)
            if key in index:
                continue
            attrs, _score = get_attrs(doc, *key)
            family = get_family(doc, *key) or label.lower()
            index[key] = len(spans)
            spans.append(SuggestedSpan(span.start_char, span.end_char, label, calibrated(family), dict(attrs), family))
    rels = tuple(
        SuggestedRelation(index[head], index[child], label)
        for label, head, child in relations(doc)
        if head in index and child in index
    )
    return Suggestion(tuple(spans), rels)


class RulesSuggester:
    name = NAME
    version = VERSION
    labels = LABELS

    def __init__(self, language: str = "en"):
        self.nlp = build_pipeline(language)

    def suggest(self, texts: Iterable[str]) -> Iterator[Suggestion]:
        for doc in self.nlp.pipe(texts, batch_size=BATCH_SIZE):
            yield doc_to_suggestion(doc)


def make_rules(arg: str, store) -> RulesSuggester:
    language = getattr(getattr(store, "schema", None), "language", "en") if store is not None else "en"
    return RulesSuggester(language or "en")
