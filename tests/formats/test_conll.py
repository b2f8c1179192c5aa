"""CoNLL-2003/IOB2: the flat layer round-trips token by token, everything
else is reported, and `python -m spacy convert` reads the export."""
from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.tokens import DocBin

from annotations.formats.conll import DOCSTART
from annotations.formats.spacy_docbin import largest_non_overlapping
from annotations.services import import_files, load_records
from annotations.tokens import blank
from annotations.types import DocumentRecord, SpanRecord

from .strategies import ROUNDTRIP, documents, export, roundtrip, stored


def words(text: str) -> list[str]:
    return [t.text for t in blank("en").make_doc(text) if t.text.strip()]


def flat_layer(record: DocumentRecord) -> list[tuple[str, list[str]]]:
    """(label, words) of the spans CoNLL can hold, in text order."""
    doc = blank("en").make_doc(record.text)
    found = []
    for i, s in enumerate(record.spans):
        span = doc.char_span(s.start, s.end)
        if s.status == "accepted" and span is not None and span.text.strip():
            found.append((span.start, span.end, i))
    keep = largest_non_overlapping(found)
    by_index = {i: (start, end) for start, end, i in found}
    return [(record.spans[i].label, [t.text for t in doc[slice(*by_index[i])] if t.text.strip()]) for i in keep]


@ROUNDTRIP
@given(st.lists(documents(), min_size=1, max_size=3))
def test_flat_layer_roundtrips_and_losses_are_reported(stores, records):
    src, dst, folder = stores
    before, after, report, _ = roundtrip("conll", src, dst, records, folder)
    assert len(before) == len(after)
    for b, a in zip(before, after):
        assert a.text.split() == words(b.text)
        got = [(s.label, a.text[s.start:s.end].split()) for s in a.spans]
        expected = flat_layer(b)
        assert got == expected
        if len(expected) < len(b.spans):
            assert any(f"document {b.store_id}:" in w and "not written" in w for w in report.warnings)


def test_overlap_goes_to_the_report_not_the_file(store, tmp_path):
    text = "Finance Minister Ana Ruiz said about 3,500 jobs were at risk."
    (record,) = stored(store, [DocumentRecord(text=text, spans=[
        SpanRecord(17, 25, "ACTOR"), SpanRecord(0, 61, "ASSERTION"), SpanRecord(31, 42, "FIGURE")])])
    out, report = export("conll", store, [record], tmp_path)
    body = out.read_text(encoding="utf-8")
    assert body.startswith(DOCSTART + "\n\n")
    assert "Ana -X- _ B-ACTOR\nRuiz -X- _ I-ACTOR\n" in body
    assert "about -X- _ B-FIGURE\n3,500 -X- _ I-FIGURE\n" in body
    assert "ASSERTION" not in body
    assert any("overlapping" in w and "ASSERTION 0–61" in w for w in report.warnings)


def test_reads_iob1_and_biluo(store, tmp_path):
    path = tmp_path / "x.conll"
    path.write_text("Tim NNP I-ACTOR\nCook NNP I-ACTOR\nleads VBZ O\nApple NNP U-ACTOR\n\n"
                    "about RB B-FIGURE\n12 CD L-FIGURE\n", encoding="utf-8")
    outcome = import_files(store, [path])
    (record,) = load_records(store, outcome.result.document_ids)
    assert record.text == "Tim Cook leads Apple\nabout 12"
    assert [(record.text[s.start:s.end], s.label) for s in record.spans] == [
        ("Tim Cook", "ACTOR"), ("Apple", "ACTOR"), ("about 12", "FIGURE")]


@pytest.mark.slow
def test_spacy_convert_accepts_the_export(store, tmp_path):
    texts = ["Prime Minister Ana Ruiz met 😀 officials from Chile.\r\nThey said about 3,500 jobs were lost.",
             "שלום Kenya's president spoke.\n\nThe International Monetary Fund warned."]
    marked = [["Ana Ruiz", "Chile", "about 3,500"], ["Kenya", "International Monetary Fund"]]
    labels = [["ACTOR", "ACTOR", "FIGURE"], ["ACTOR", "ACTOR"]]
    spans = [[SpanRecord(t.index(m), t.index(m) + len(m), lab) for m, lab in zip(ms, ls)]
             for t, ms, ls in zip(texts, marked, labels)]
    records = stored(store, [DocumentRecord(text=t, spans=s) for t, s in zip(texts, spans)])
    out, report = export("conll", store, records, tmp_path)
    assert not report.warnings
    converted = tmp_path / "converted"
    converted.mkdir()
    run = subprocess.run([sys.executable, "-m", "spacy", "convert", str(out), str(converted)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    docs = list(DocBin().from_disk(converted / "docs.spacy").get_docs(blank("en").vocab))
    assert [[(e.text, e.label_) for e in d.ents] for d in docs] == [
        [("Ana Ruiz", "ACTOR"), ("Chile", "ACTOR"), ("about 3,500", "FIGURE")],
        [("Kenya", "ACTOR"), ("International Monetary Fund", "ACTOR")],
    ]
