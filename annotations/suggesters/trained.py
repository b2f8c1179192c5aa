"""`trained:<name>`: a model trained by `glossator train` and kept in the
store (training/trained_models.py), used as a suggester; `model:<folder>`: the
same from a folder written by `glossator models export`, usable with any store
(or none). Spancat models give each
span its probability as score; ner models give 1.0 (spaCy's greedy ner has no
per-span probability). The pipeline loads on first use, never at import."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Iterator

from ..errors import GlossatorError
from ..training import components
from ..training.trained_models import ModelInfo, check_model_folder, get_model, list_models
from .base import SuggestedSpan, Suggestion

PREFIX = "trained"
SPANS_KEY = "sc"


class TrainedSuggester:
    def __init__(self, name: str, path: Path, info: ModelInfo, prefix: str = PREFIX):
        self.name = f"{prefix}:{name}"
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


def _need_store(store: Any) -> Any:
    if store is None:
        raise GlossatorError("trained suggesters live in a store: open one first (--store), "
                             "or use an exported model folder as model:<folder>")
    return store


def create(name: str, store: Any) -> TrainedSuggester:
    if not name:
        raise GlossatorError("name the trained model: trained:<name> (see `glossator models`)")
    path, info = get_model(_need_store(store), name)
    return TrainedSuggester(name, path, info)


def available(store: Any) -> list[str]:
    if store is None:
        return []
    return [f"{PREFIX}:{m.name}" for m in list_models(store)]


MODEL_PREFIX = "model"


def create_from_folder(folder: str, store: Any) -> TrainedSuggester:
    """`model:<folder>`: a model exported by `glossator models export`, with any store."""
    if not folder:
        raise GlossatorError("name the model folder: model:<folder> (written by `glossator models export`)")
    path = Path(folder).expanduser()
    return TrainedSuggester(folder, path, check_model_folder(path), prefix=MODEL_PREFIX)
