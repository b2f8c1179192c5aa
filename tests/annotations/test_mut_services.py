"""Use cases whose wrong answers a user would notice: the figures `glossator
stats` prints, imports that would store a broken document, the review queue
of chosen documents, and what the event log keeps of a removed relation.
(Found by mutation testing: scripts/mutation.sh services.)"""
from __future__ import annotations

import json

import pytest

from annotations.errors import InputError
from annotations.services import (
    add_relation, add_span, count_documents, import_records, list_events, remove_relation, restore_spans,
    get_relations, set_status,
)
from annotations.services.queue import document_queue
from annotations.types import DocumentRecord, RelationRecord, SpanRecord

TEXT = "Finance Minister Ana Ruiz said about 3,500 jobs were at risk in Lima."


def test_stats_count_documents_spans_relations_and_annotators(store, cli):
    ids = import_records(store, [DocumentRecord(text=TEXT + " " * i, title=f"doc {i}") for i in range(3)]).document_ids
    claim = add_span(store, ids[0], 0, 68, "ASSERTION", annotator="ana").added_spans[0]
    ruiz = add_span(store, ids[0], 17, 25, "ACTOR", annotator="ana").added_spans[0]
    add_span(store, ids[1], 17, 25, "ACTOR", annotator="bo")
    add_span(store, ids[1], 37, 42, "FIGURE", annotator="bo")
    add_relation(store, claim, ruiz, "SOURCE", annotator="ana")
    set_status(store, ids[2], "done")
    store.close()
    code, out, _ = cli("stats", "--json")
    assert code == 0
    figures = json.loads(out)
    assert figures["documents"] == {"new": 2, "in-progress": 0, "done": 1}
    assert figures["labels"] == {"ACTOR": 2, "FIGURE": 1, "ASSERTION": 1}
    assert figures["relations"] == {"SOURCE": 1}
    assert figures["annotators"] == {"ana": 2, "bo": 2}


@pytest.mark.parametrize("field", ["title", "source", "meta", "attribute"])
def test_a_lone_surrogate_anywhere_in_a_record_is_refused_naming_where(store, field):
    bad = "Ruiz \ud800"
    record = DocumentRecord(text=TEXT, title="t", path="in.jsonl", line=4, spans=[SpanRecord(17, 25, "ACTOR")])
    if field == "attribute":
        record.spans[0].attributes = {"kind": bad}
    elif field == "meta":
        record.meta = {"notes": ["fine", {"who": bad}]}
    else:
        setattr(record, field, bad)
    with pytest.raises(InputError) as refused:
        import_records(store, [record])
    message = str(refused.value)
    where = "span 1" if field == "attribute" else field
    assert message.startswith("in.jsonl:4: ") and where in message and "lone surrogate" in message
    assert count_documents(store) == 0


@pytest.mark.parametrize("head, child", [(2, 0), (0, 2), (-1, 0)])
def test_a_relation_to_a_span_past_the_last_is_refused(store, head, child):
    record = DocumentRecord(text=TEXT, path="in.jsonl", line=2,
                            spans=[SpanRecord(0, 68, "ASSERTION"), SpanRecord(17, 25, "ACTOR")],
                            relations=[RelationRecord(head, child, "SOURCE")])
    with pytest.raises(InputError, match="in.jsonl:2: relation SOURCE points to a span that is not in the document"):
        import_records(store, [record])
    assert count_documents(store) == 0


def _suggested(start, end, label, score):
    return SpanRecord(start, end, label, status="pending", origin="suggestion", suggester="rules", score=score)


def test_the_queue_of_chosen_documents_leaves_the_others_out(store):
    ids = import_records(store, [
        DocumentRecord(text=TEXT, title="a", spans=[_suggested(17, 25, "ACTOR", 0.5)]),
        DocumentRecord(text=TEXT + " ", title="b", spans=[_suggested(17, 25, "ACTOR", 0.6),
                                                           _suggested(37, 42, "FIGURE", 0.7)]),
        DocumentRecord(text=TEXT + "  ", title="c", spans=[_suggested(64, 68, "ACTOR", 0.5)]),
    ]).document_ids
    assert [d.document_id for d in document_queue(store, [ids[1]])] == [ids[1]]
    assert [d.pending for d in document_queue(store, [ids[1]])] == [2]
    assert sorted(d.document_id for d in document_queue(store)) == sorted(ids)


def test_the_log_keeps_what_a_removed_relation_joined(store, doc_id):
    claim = add_span(store, doc_id, 0, 10, "ASSERTION").added_spans[0]
    actor = add_span(store, doc_id, 11, 15, "ACTOR").added_spans[0]
    rel = add_relation(store, claim, actor, "SOURCE").added_relations[0]
    [uid] = [r.uid for r in get_relations(store, doc_id)]
    change = remove_relation(store, rel, annotator="ana")
    removal = [e for e in list_events(store, doc_id) if e["action"] == "remove_relation"]
    assert len(removal) == 1 and removal[0]["annotator"] == "ana"
    # what it joined, and its uid (a merge carries the removal to other stores by it)
    assert removal[0]["before"] == {"head": claim, "child": actor, "label": "SOURCE", "uid": uid}
    assert get_relations(store, doc_id) == []
    restore_spans(store, [], list(change.removed_relations))  # undo brings the same relation back
    assert [(r.head_id, r.child_id, r.label) for r in get_relations(store, doc_id)] == [(claim, actor, "SOURCE")]


def test_a_document_read_back_carries_when_it_was_imported(store):
    from datetime import timezone

    from annotations.services import get_document
    from annotations.tables import utcnow

    before = utcnow().replace(microsecond=0)
    doc_id = import_records(store, [DocumentRecord(text=TEXT, title="t")]).document_ids[0]
    doc = get_document(store, doc_id)
    assert doc.created_at is not None and doc.updated_at is not None
    created = doc.created_at if doc.created_at.tzinfo else doc.created_at.replace(tzinfo=timezone.utc)
    assert before <= created <= utcnow()  # stored in UTC


def test_relabelling_onto_an_identical_accepted_span_is_refused_naming_it(store, doc_id):
    from annotations.errors import ValidationError
    from annotations.services import get_spans, relabel_span

    kept = add_span(store, doc_id, 0, 10, "ACTOR", annotator="ana").added_spans[0]
    other = add_span(store, doc_id, 0, 10, "ASSERTION", annotator="ana").added_spans[0]
    before = sorted((s.id, s.label) for s in get_spans(store, doc_id))
    with pytest.raises(ValidationError) as refused:
        relabel_span(store, other, "ACTOR", annotator="ana")
    assert f"(span {kept})" in str(refused.value) and "already exists" in str(refused.value)
    assert sorted((s.id, s.label) for s in get_spans(store, doc_id)) == before


def test_a_merge_refuses_a_copys_edit_of_another_annotators_span_naming_it(tmp_path):
    from annotations.services import get_spans, relabel_span
    from annotations.services.merge import backup, merge_stores
    from annotations.store import Store

    with Store.create(tmp_path / "team.sqlite") as team:
        doc = import_records(team, [DocumentRecord(text=TEXT, title="t")]).document_ids[0]
        bens = add_span(team, doc, 17, 25, "ACTOR", annotator="ben").added_spans[0]
        backup(team, tmp_path / "copy.sqlite")
    with Store.open(tmp_path / "copy.sqlite") as copy:
        relabel_span(copy, bens, "ASSERTION", annotator="ana")
    with Store.open(tmp_path / "team.sqlite") as team:
        report = merge_stores(team, [tmp_path / "copy.sqlite"])
        [refused] = report.refused
        assert "17-25" in refused and "belongs to ben; ana changed it" in refused
        assert [(s.start, s.end, s.label, s.annotator) for s in get_spans(team, doc)] == [(17, 25, "ACTOR", "ben")]


def test_the_same_relation_twice_is_refused_and_stored_once(store, doc_id):
    from annotations.errors import ValidationError

    claim = add_span(store, doc_id, 0, 10, "ASSERTION").added_spans[0]
    actor = add_span(store, doc_id, 11, 15, "ACTOR").added_spans[0]
    other = add_span(store, doc_id, 16, 20, "ACTOR").added_spans[0]
    add_relation(store, claim, actor, "SOURCE")
    add_relation(store, claim, other, "SOURCE")  # another child: allowed
    with pytest.raises(ValidationError, match=f"relation SOURCE from span {claim} to span {actor} already exists"):
        add_relation(store, claim, actor, "SOURCE")
    assert sorted((r.head_id, r.child_id) for r in get_relations(store, doc_id)) == [(claim, actor), (claim, other)]
