"""A ready-to-train spaCy `config.cfg` for an exported DocBin: `ner` (reads
doc.ents) or `spancat` (reads doc.spans["sc"], with n-gram suggester sizes
covering every span length seen in the export). Built from spaCy's own
`init config` templates, offline. See shared/FORMATS.md §1 ("spacy train").
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..errors import GlossatorError
from .base import ExportReport

if TYPE_CHECKING:  # spaCy loads when a config is written, not with the format registry
    from spacy.tokens import Doc

CONFIG_KINDS = ("ner", "spancat")
CONFIG_NAME = "config.cfg"
SPANS_KEY = "sc"


def ngram_sizes(docs: Iterable[Doc], key: str = SPANS_KEY) -> list[int]:
    """Every span length (in tokens) in the docs' span group, sorted; [1, 2, 3] if there are none."""
    sizes = sorted({len(span) for doc in docs for span in doc.spans.get(key, [])})
    return sizes or [1, 2, 3]


def check_kind(kind: str | None) -> None:
    if kind is not None and kind not in CONFIG_KINDS:
        raise GlossatorError(f"unknown spaCy config {kind!r} (use {' or '.join(CONFIG_KINDS)})")


def build_config(kind: str, language: str, train: Path, dev: Path, sizes: list[int] | None = None):
    check_kind(kind)
    from spacy.cli.init_config import init_config

    config = init_config(lang=language, pipeline=[kind], optimize="efficiency", gpu=False, silent=True)
    config["paths"]["train"] = str(train.resolve())
    config["paths"]["dev"] = str(dev.resolve())
    if kind == "spancat":
        config["components"]["spancat"]["spans_key"] = SPANS_KEY
        config["components"]["spancat"]["suggester"]["sizes"] = list(sizes or [1, 2, 3])
    return config


def config_text(kind: str, train: Path, dev: Path | None, docs: list[Doc], language: str,
                report: ExportReport) -> str:
    """The text of a `config.cfg` pointing at the exported train/dev files (their final places)."""
    if dev is None:
        report.warn("no dev set (use --split); config.cfg evaluates on the training data")
        dev = train
    return build_config(kind, language, train, dev, ngram_sizes(docs)).to_str()
