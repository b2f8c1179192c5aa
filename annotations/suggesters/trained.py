"""`trained:<name>`: a model trained by `glossator train` and kept with the
store (training/trained_models.py), used as a suggester. Spancat models give each
span its probability as score; ner models give 1.0 (spaCy's greedy ner has no
per-span probability). The pipeline loads on first use, never at import."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Iterator

from ..errors import GlossatorError
from ..training import components
from ..training.trained_models import ModelInfo, get_model, list_models
from .base import SuggestedSpan, Suggestion

PREFIX = "trained"
SPANS_KEY = "sc"


class TrainedSuggester:
    def __init__(self, name: str, path: Path, info: ModelInfo):
        self.name = f"{PREFIX}:{name}"
        self.version = info.version
        self.labels = tuple(info.labels)
        self.info = info
        self.path = path
        self._nlp = None

    def _pipeline(self):
        if self._nlp is None:
            import spacy

            assert components.SUGGESTER  # registered before the config is read
            self._nlp = spacy.load(self.path)
        return self._nlp

    def _spans(self, doc) -> Iterator[SuggestedSpan]:
        if self.info.component == "ner":
            for ent in doc.ents:
                yield SuggestedSpan(ent.start_char, ent.end_char, ent.label_, 1.0)
            return
        group = doc.spans[SPANS_KEY]
        scores = group.attrs.get("scores")
        for i, span in enumerate(group):
            score = float(scores[i]) if scores is not None else 1.0
            yield SuggestedSpan(span.start_char, span.end_char, span.label_, round(score, 4))

    def suggest(self, texts: Iterable[str]) -> Iterator[Suggestion]:
        for doc in self._pipeline().pipe(texts):
            spans = sorted(self._spans(doc), key=lambda s: (s.start, s.end, s.label))
            yield Suggestion(spans=tuple(spans))


def _store_path(store: Any) -> Path:
    if store is None:
        raise GlossatorError("trained suggesters live with a store: open one first (--store)")
    return Path(store.path)


def create(name: str, store: Any) -> TrainedSuggester:
    if not name:
        raise GlossatorError("name the trained model: trained:<name> (see `glossator models`)")
    path, info = get_model(_store_path(store), name)
    return TrainedSuggester(name, path, info)


def available(store: Any) -> list[str]:
    if store is None:
        return []
    return [f"{PREFIX}:{m.name}" for m in list_models(_store_path(store))]
