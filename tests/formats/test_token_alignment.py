"""Prodigy JSONL token indices: spans on token boundaries (one token or many)
get exact token_start/token_end and no warning; a span that cuts a word is
exported with the tokens it touches and reported."""
from __future__ import annotations

import json

from annotations.types import DocumentRecord, SpanRecord

from .strategies import export, stored

TEXT = "Finance Minister Ana Ruiz said about 3,500 jobs were at risk."


def _export(store, tmp_path, parts):
    spans = [SpanRecord(TEXT.index(p), TEXT.index(p) + len(p), label) for p, label in parts]
    (rec,) = stored(store, [DocumentRecord(text=TEXT, spans=spans)])
    out, report = export("jsonl", store, [rec], tmp_path)
    task = json.loads(out.read_text(encoding="utf-8"))
    tokens = [t["text"] for t in task["tokens"]]
    found = {s["text"]: tokens[s["token_start"]:s["token_end"] + 1] for s in task["spans"]}
    return found, [w for w in report.warnings if "align" in w]


def test_aligned_spans_get_exact_tokens_and_no_warning(store, tmp_path):
    found, warnings = _export(store, tmp_path, [("Ruiz", "ACTOR"), ("Ana Ruiz", "ACTOR"), ("about 3,500", "FIGURE")])
    assert found == {"Ruiz": ["Ruiz"], "Ana Ruiz": ["Ana", "Ruiz"], "about 3,500": ["about", "3,500"]}
    assert warnings == []


def test_a_span_cutting_a_word_is_reported_with_the_tokens_it_touches(store, tmp_path):
    found, warnings = _export(store, tmp_path, [("a Ruiz sa", "ACTOR"), ("Minister", "ACTOR")])
    assert found == {"a Ruiz sa": ["Ana", "Ruiz", "said"], "Minister": ["Minister"]}
    assert len(warnings) == 1 and "ACTOR" in warnings[0]
