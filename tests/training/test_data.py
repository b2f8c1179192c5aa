"""Training data checks: refusing empty data, reporting misaligned spans,
ner overlaps and thin labels; the sentence splitter behind the spancat suggester."""
from __future__ import annotations

import pytest
import spacy

from annotations.services import import_records
from annotations.training.components import sentence_bounds
from annotations.training.data import TrainingDataError, prepare_data
from annotations.types import DocumentRecord, SpanRecord

from .samples import gold_records


def test_empty_store_is_refused_with_what_is_missing(store, tmp_path):
    with pytest.raises(TrainingDataError, match="0 document\\(s\\) with accepted annotations"):
        prepare_data(store, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_documents_without_accepted_spans_do_not_count(store, doc_id, tmp_path):
    pending = SpanRecord(0, 8, "ACTOR", status="pending", origin="suggestion", suggester="rules", score=0.9)
    import_records(store, [DocumentRecord(text="Ana Ruiz spoke.", spans=[pending])])
    with pytest.raises(TrainingDataError, match="training needs at least 2"):
        prepare_data(store, tmp_path / "out")


def test_gold_data_counts_split_and_shape(gold_store, tmp_path):
    data = prepare_data(gold_store, tmp_path / "out", dev_split=0.4, seed=1)
    assert data.train_path.exists() and data.dev_path.exists()
    assert len(data.train_documents) == 3 and len(data.dev_documents) == 2
    assert not set(data.train_documents) & set(data.dev_documents)
    assert set(data.labels) == {"ACTOR", "FIGURE", "ASSERTION"}
    assert data.sentence_labels == ("ASSERTION",)
    assert 1 in data.ngram_sizes and max(data.ngram_sizes) <= 12
    # the same data gives the same hash, whatever the split
    assert prepare_data(gold_store, tmp_path / "again", seed=7).data_hash == data.data_hash


def test_misaligned_and_thin_labels_are_reported(store, tmp_path):
    text = "Tim Cook leads Apple in Cupertino. Ana Ruiz said 3,500 jobs were at risk."
    records = [
        DocumentRecord(text=text, spans=[SpanRecord(0, 8, "ACTOR"), SpanRecord(16, 20, "ACTOR")]),
        DocumentRecord(text=text + " ", spans=[SpanRecord(35, 43, "ACTOR")]),
        DocumentRecord(text=text + "  ", spans=[SpanRecord(49, 54, "FIGURE")]),
    ]
    import_records(store, records)
    data = prepare_data(store, tmp_path / "out", dev_split=0.34)
    text_of = "\n".join(data.warnings)
    assert "does not align to spaCy tokens" in text_of  # "pple" at 16–20
    assert "no ASSERTION examples" in text_of
    assert "example(s) to train on" in text_of


def test_ner_reports_overlaps_spancat_keeps_them(gold_store, tmp_path):
    ner = prepare_data(gold_store, tmp_path / "ner", component="ner")
    spancat = prepare_data(gold_store, tmp_path / "sc", component="spancat")
    assert any("overlapping span(s) left out of doc.ents" in w for w in ner.warnings)
    assert not any("overlapping" in w for w in spancat.warnings)
    assert ner.train_counts.get("ASSERTION", 0) < spancat.train_counts["ASSERTION"]


def test_unknown_component_and_bad_split(gold_store, tmp_path):
    with pytest.raises(TrainingDataError, match="unknown component"):
        prepare_data(gold_store, tmp_path / "x", component="textcat")
    with pytest.raises(TrainingDataError, match="between 0 and 1"):
        prepare_data(gold_store, tmp_path / "x", dev_split=1.5)


def test_every_gold_assertion_is_a_suggested_sentence():
    nlp = spacy.blank("en")
    for record in gold_records():
        doc = nlp.make_doc(record.text)
        sentences = {(doc[s:e].start_char, doc[s:e].end_char) for s, e in sentence_bounds(doc)}
        for span in record.spans:
            if span.label == "ASSERTION":
                assert (span.start, span.end) in sentences, record.text[span.start:span.end]


def test_sentence_bounds_keep_closing_quotes_and_split_headlines():
    doc = spacy.blank("en").make_doc('Headline Without Stop\n\n"It is over," he said. She left.\n')
    texts = [doc[s:e].text for s, e in sentence_bounds(doc)]
    assert texts == ["Headline Without Stop", '"It is over," he said.', "She left."]


def test_fixed_dev_documents(gold_store, tmp_path):
    data = prepare_data(gold_store, tmp_path / "out", document_ids=[1, 2], dev_document_ids=[5])
    assert data.train_documents == (1, 2) and data.dev_documents == (5,)
    with pytest.raises(TrainingDataError, match="training needs at least 2"):
        prepare_data(gold_store, tmp_path / "out", document_ids=[5], dev_document_ids=[5])
