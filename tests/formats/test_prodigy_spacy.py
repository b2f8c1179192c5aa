"""Prodigy JSONL and spaCy DocBin details the round trips do not show:
relations on each span's last token, stable hashes, and doc.ents holding
the largest non-overlapping subset with the rest reported."""
from __future__ import annotations

import json

from spacy.tokens import DocBin

from annotations.tokens import blank
from annotations.types import DocumentRecord, RelationRecord, SpanRecord

from .strategies import export, stored

TEXT = "Finance Minister Ana Ruiz said about 3,500 jobs were at risk."


def record() -> DocumentRecord:
    def at(part, label):
        return SpanRecord(TEXT.index(part), TEXT.index(part) + len(part), label)
    return DocumentRecord(text=TEXT, spans=[at("Ana Ruiz", "ACTOR"), at(TEXT, "ASSERTION"),
                                            at("about 3,500", "FIGURE")], relations=[RelationRecord(1, 0, "SOURCE")])


def test_prodigy_relations_point_at_last_tokens_and_hashes_are_stable(store, tmp_path):
    (rec,) = stored(store, [record()])
    first, _ = export("jsonl", store, [rec], tmp_path)
    second, _ = export("jsonl", store, [rec], tmp_path)
    task = json.loads(first.read_text(encoding="utf-8"))
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    (rel,) = task["relations"]
    actor = next(s for s in task["spans"] if s["label"] == "ACTOR")
    assertion = next(s for s in task["spans"] if s["label"] == "ASSERTION")
    assert (rel["head"], rel["child"]) == (assertion["token_end"], actor["token_end"])
    assert task["tokens"][actor["token_end"]]["text"] == "Ruiz"
    assert rel["head_span"]["start"] == 0 and rel["child_span"]["label"] == "ACTOR"
    assert task["answer"] == "accept" and isinstance(task["_input_hash"], int)


def test_docbin_ents_are_the_largest_flat_subset_and_the_rest_is_reported(store, tmp_path):
    (rec,) = stored(store, [record()])
    out, report = export("spacy", store, [rec], tmp_path)
    (doc,) = DocBin().from_disk(out).get_docs(blank("en").vocab)
    assert [(e.text, e.label_) for e in doc.ents] == [("Ana Ruiz", "ACTOR"), ("about 3,500", "FIGURE")]
    assert len(doc.spans["sc"]) == 3
    assert any("ASSERTION 0–" in w and "doc.ents" in w for w in report.warnings)
