"""Qt-free edits: do → undo → redo restores the store exactly for every edit
(full rows of document, span and relation, attributes included; only
`updated_at`, a restored relation's `created_at` (the Relation value carries
none yet) and the append-only event log may differ), consecutive resizes
merge, and an undo/redo that no longer fits the store raises
EditConflictError, writes nothing and leaves the edit where it was."""
from __future__ import annotations

import sqlite3

import pytest

from annotations import editing, services
from annotations.errors import EditConflictError, ValidationError
from annotations.services.suggestions import run_suggester
from annotations.store import Store
from annotations.types import DocumentRecord
from tests.conftest import EXAMPLE

RUIZ = (EXAMPLE.index("Ana Ruiz"), EXAMPLE.index("Ana Ruiz") + len("Ana Ruiz"))
SENTENCE = (EXAMPLE.index("Finance"), len(EXAMPLE))
FIGURE = (EXAMPLE.index("about"), EXAMPLE.index(" jobs"))


def rows(path) -> dict[str, list[tuple]]:
    """Every column of every document, span and relation row but the time stamps that may move
    and the merge key `uid`: a span that an undo brings back is a new row for merging (its
    deletion was logged and travels as a tombstone), with the same id, offsets and values."""
    con = sqlite3.connect(path)
    try:
        dump = {}
        for table in ("document", "span", "relation"):
            skip = {"updated_at", "uid"} | ({"created_at"} if table == "relation" else set())
            columns = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")') if r[1] not in skip]
            quoted = ", ".join(f'"{c}"' for c in columns)
            dump[table] = con.execute(f'SELECT {quoted} FROM "{table}" ORDER BY id').fetchall()
        return dump
    finally:
        con.close()


@pytest.fixture
def state(store, doc_id):
    ed = editing.EditingState()
    ed.store = store
    ed.open_document(doc_id)
    return ed


@pytest.fixture
def linked(store, doc_id):
    """An ACTOR, a FIGURE with attributes and an ASSERTION whose SOURCE is the actor."""
    actor = services.add_span(store, doc_id, *RUIZ, "ACTOR", {"kind": "person"}).span_id
    figure = services.add_span(store, doc_id, *FIGURE, "FIGURE", {"value": 3500.0, "approximate": True}).span_id
    assertion = services.add_span(store, doc_id, *SENTENCE, "ASSERTION").span_id
    relation = services.add_relation(store, assertion, actor, "SOURCE").relation_id
    return {"actor": actor, "figure": figure, "assertion": assertion, "relation": relation}


def round_trip(state, store_path, edit) -> dict:
    """do → undo → redo → undo, checking the store each time; returns the rows after do."""
    before = rows(store_path)
    state.do(edit)
    after = rows(store_path)
    assert after != before
    state.undo(edit)
    assert rows(store_path) == before
    state.do(edit)  # redo
    assert rows(store_path) == after
    state.undo(edit)
    assert rows(store_path) == before
    state.do(edit)
    return after


def span(store, span_id):
    return services.get_span(store, span_id)


def test_add_span(state, store, store_path, doc_id):
    edit = editing.AddSpan(doc_id, *RUIZ, "ACTOR", {"kind": "person"})
    round_trip(state, store_path, edit)
    assert state.selected == edit.span.id
    assert [s.attributes for s in state.spans.values()] == [{"kind": "person"}]


def test_delete_span_with_its_relation(state, store, store_path, linked):
    round_trip(state, store_path, editing.DeleteSpan(span(store, linked["actor"])))
    assert linked["actor"] not in state.spans and not state.relations


def test_relabel_removes_and_restores_relations_and_attributes(state, store, store_path, linked):
    after = round_trip(state, store_path, editing.RelabelSpan(span(store, linked["actor"]), "FIGURE"))
    assert after["relation"] == []


def test_resize(state, store, store_path, linked):
    round_trip(state, store_path, editing.ResizeSpan(span(store, linked["actor"]), RUIZ[0], RUIZ[1] + 5))


def test_set_attributes(state, store, store_path, linked):
    round_trip(state, store_path, editing.SetAttributes(span(store, linked["figure"]), {"value": 3000.0}))


def test_add_and_remove_relation(state, store, store_path, linked, doc_id):
    services.remove_relation(store, linked["relation"])
    state.open_document(doc_id)
    add = editing.AddRelation(doc_id, linked["assertion"], linked["actor"], "SOURCE")
    round_trip(state, store_path, add)
    round_trip(state, store_path, editing.RemoveRelation(add.relation))


def test_set_document_status(state, store_path, doc_id):
    round_trip(state, store_path, editing.SetDocumentStatus(doc_id, "done"))
    assert state.document.status == "done"


@pytest.fixture
def suggested(store, doc_id, state):
    run_suggester(store, "rules", [doc_id])
    state.open_document(doc_id)
    return {EXAMPLE[s.start : s.end]: s for s in services.get_spans(store, doc_id)}


def test_accept_reject_and_relabel_accept(state, store, store_path, suggested):
    figure = suggested["about 3,500"]
    round_trip(state, store_path, editing.Accept(figure))
    actor = next(s for s in suggested.values() if s.label == "ACTOR" and span(store, s.id).status == "pending")
    round_trip(state, store_path, editing.Reject(actor))
    assertion = next(s for s in suggested.values() if s.label == "ASSERTION")
    round_trip(state, store_path, editing.RelabelAccept(assertion, "ACTOR"))


def test_accept_all_and_its_relations(state, store, store_path, suggested, doc_id):
    edit = editing.AcceptAll(doc_id, len(suggested))
    round_trip(state, store_path, edit)
    assert {s.status for s in services.get_spans(store, doc_id)} == {"accepted"}
    assert [r.status for r in services.get_relations(store, doc_id)] == ["accepted"]
    assert state.pending_count == 0


def test_consecutive_resizes_of_one_span_merge_but_not_of_two(state, store, store_path, linked):
    first = editing.ResizeSpan(span(store, linked["actor"]), RUIZ[0], RUIZ[1] + 5)
    state.do(first)
    second = editing.ResizeSpan(span(store, linked["actor"]), RUIZ[0], RUIZ[1] + 10)
    state.do(second)
    other = editing.ResizeSpan(span(store, linked["figure"]), FIGURE[0], FIGURE[1] + 5)
    state.do(other)
    assert first.merge(second)
    assert not first.merge(other)
    state.undo(other)
    state.undo(first)
    assert (span(store, linked["actor"]).start, span(store, linked["actor"]).end) == RUIZ


def test_refused_edit_changes_nothing_and_is_not_applied(state, store, store_path, doc_id, linked):
    before = rows(store_path)
    edit = editing.AddSpan(doc_id, *RUIZ, "ACTOR")  # the same span exists
    with pytest.raises(ValidationError):
        state.do(edit)
    assert not edit.applied and rows(store_path) == before


def test_undo_after_another_process_changed_the_span_is_refused(state, store, store_path, linked):
    edit = editing.RelabelSpan(span(store, linked["figure"]), "ACTOR")
    state.do(edit)
    with Store.open(store_path) as other:  # the CLI, an import, another window
        services.set_span_attributes(other, linked["figure"], {"kind": "organization"})
    before = rows(store_path)
    with pytest.raises(EditConflictError, match="changed elsewhere"):
        state.undo(edit)
    assert edit.applied and rows(store_path) == before


def test_undo_of_delete_refused_when_the_id_is_held_by_another_document(state, store, store_path, linked):
    """Issue 12 item 1 at the core: never overwrite another document's span."""
    other_doc = services.import_records(store, [DocumentRecord(text="Other text here.", title="B")]).document_ids[0]
    edit = editing.DeleteSpan(span(store, linked["actor"]))
    state.do(edit)
    with Store.open(store_path) as other:  # a span of document B now holds the id
        services.restore_spans(other, [editing.Span(linked["actor"], other_doc, 0, 5, "ACTOR")])
    before = rows(store_path)
    with pytest.raises(EditConflictError, match="document"):
        state.undo(edit)
    assert edit.applied and rows(store_path) == before
    with pytest.raises(EditConflictError):  # again: still refused, still nothing written
        state.undo(edit)
    assert rows(store_path) == before


def test_redo_refused_when_the_span_was_changed(state, store, store_path, linked):
    edit = editing.ResizeSpan(span(store, linked["actor"]), RUIZ[0], RUIZ[1] + 5)
    state.do(edit)
    state.undo(edit)
    services.relabel_span(store, linked["actor"], "FIGURE")
    before = rows(store_path)
    with pytest.raises(EditConflictError):
        state.do(edit)
    assert not edit.applied and rows(store_path) == before


def test_undo_of_add_refused_when_the_span_is_gone(state, store, store_path, doc_id):
    edit = editing.AddSpan(doc_id, *RUIZ, "ACTOR")
    state.do(edit)
    services.delete_span(store, edit.span.id)
    with pytest.raises(EditConflictError, match="removed elsewhere"):
        state.undo(edit)
    assert edit.applied


def test_tagging_a_pending_suggestion_converts_it(state, store, suggested, doc_id):
    figure = suggested["about 3,500"]
    same = editing.label_edit(state.spans.values(), doc_id, figure.start, figure.end, "FIGURE")
    assert isinstance(same, editing.Accept)
    other = editing.label_edit(state.spans.values(), doc_id, figure.start, figure.end, "ACTOR")
    assert isinstance(other, editing.RelabelAccept)
    fresh = editing.label_edit(state.spans.values(), doc_id, 0, 3, "ACTOR")
    assert isinstance(fresh, editing.AddSpan)
    state.do(same)
    accepted = span(store, figure.id)
    assert accepted.status == "accepted" and accepted.attributes == figure.attributes
    assert len(services.get_spans(store, doc_id)) == len(suggested)


def test_state_follows_changes_and_selection(state, store, doc_id):
    seen = []

    class Recorder:
        def __getattr__(self, name):
            return lambda *args: seen.append((name, *args))

    state.listener = Recorder()
    edit = editing.AddSpan(doc_id, *RUIZ, "ACTOR")
    state.do(edit)
    assert ("selection_changed", edit.span.id) in seen
    assert state.index.at(RUIZ[0]) == [edit.span.id]
    state.undo(edit)
    assert state.selected is None and len(state.index) == 0


def test_changes_of_one_attribute_merge_but_not_of_another(state, store, store_path, linked):
    before = rows(store_path)
    first = editing.SetAttributes(span(store, linked["actor"]), {"kind": "state"})
    state.do(first)
    second = editing.SetAttributes(span(store, linked["actor"]), {"kind": "group"})
    state.do(second)
    assert first.merge(second)
    other = editing.SetAttributes(span(store, linked["figure"]), {"value": 1.0, "approximate": True})
    state.do(other)
    assert not first.merge(other)
    state.undo(other)
    state.undo(first)
    assert rows(store_path) == before


WEEKS = "The port was closed. Repairs will take about six weeks, officials said."
ABOUT_SIX = (WEEKS.index("about"), WEEKS.index(" weeks"))
SUGGESTED = {"value": 6, "unit": "items", "approximate": True}


@pytest.fixture
def six(store, state):
    doc = services.import_records(store, [DocumentRecord(text=WEEKS, title="Weeks")]).document_ids[0]
    span_id = services.add_span(store, doc, *ABOUT_SIX, "FIGURE", SUGGESTED, origin="suggestion",
                                status="pending", suggester="rules", suggester_version="1.1").span_id
    state.open_document(doc)
    return span_id


def test_resize_rederives_attributes_the_suggester_filled(state, store, store_path, six):
    """Issue 19 defect 6: "about six" widened to "about six weeks" must not keep unit "items"."""
    edit = editing.ResizeSpan(span(store, six), ABOUT_SIX[0], ABOUT_SIX[1] + len(" weeks"))
    round_trip(state, store_path, edit)
    assert span(store, six).attributes == {"value": 6, "unit": "weeks", "approximate": True}
    state.undo(edit)
    assert span(store, six).attributes == SUGGESTED


def test_resize_keeps_attributes_a_person_set(state, store, six):
    by_hand = {"value": 6, "unit": "crates", "approximate": True}
    state.do(editing.SetAttributes(span(store, six), by_hand))
    state.do(editing.ResizeSpan(span(store, six), ABOUT_SIX[0], ABOUT_SIX[1] + len(" weeks")))
    assert span(store, six).attributes == by_hand


def test_resize_keeps_attributes_of_manual_spans(state, store, doc_id, linked):
    state.do(editing.ResizeSpan(span(store, linked["figure"]), FIGURE[0], FIGURE[1] + len(" jobs")))
    assert span(store, linked["figure"]).attributes == {"value": 3500.0, "approximate": True}


def _fresh_pending(store, doc_id) -> list[int]:
    return [s.id for s in sorted(services.get_spans(store, doc_id, ["pending"]), key=lambda s: (s.start, s.id))]


def test_pending_suggestions_stay_in_step_with_the_store(state, store, suggested, doc_id):
    """The pending list is kept up to date from Changes (no rescan per key press): after accept,
    reject, undo, resize and delete it equals a fresh read, and next_pending steps and wraps."""
    state.pending_count  # build the kept list first, so every step below updates it
    order = _fresh_pending(store, doc_id)
    assert [s.id for s in state.pending()] == order and len(order) >= 2
    first, last = state.spans[order[0]], state.spans[order[-1]]
    assert state.next_pending().id == order[0]
    assert state.next_pending(first.start, first.id).id == order[1]
    assert state.next_pending(last.start, last.id).id == order[0]  # wraps to the first
    accept = editing.Accept(first)
    state.do(accept)
    assert [s.id for s in state.pending()] == _fresh_pending(store, doc_id) == order[1:]
    assert state.pending_count == len(order) - 1
    state.undo(accept)
    assert [s.id for s in state.pending()] == order
    resize = editing.ResizeSpan(last, last.start + 1, last.end)
    state.do(resize)
    state.do(editing.Reject(state.spans[order[1]]))
    state.do(editing.DeleteSpan(state.spans[order[0]]))
    assert [s.id for s in state.pending()] == _fresh_pending(store, doc_id)
    assert state.pending_count == len(_fresh_pending(store, doc_id))


def test_a_span_shown_again_brings_its_relations_back(state, store, suggested, doc_id):
    """Relations are not re-read after every change: a hand-made relation to a pending
    suggestion leaves the editor's copy when the suggestion is rejected and comes back
    with it on undo; accepting keeps it."""
    actor = next(s for s in suggested.values() if s.label == "ACTOR")
    assertion = services.add_span(store, doc_id, *SENTENCE, "ASSERTION").span_id
    relation = services.add_relation(store, assertion, actor.id, "SOURCE").relation_id
    state.open_document(doc_id)
    assert relation in state.relations
    reject = editing.Reject(state.spans[actor.id])
    state.do(reject)
    assert relation not in state.relations
    state.undo(reject)
    assert relation in state.relations
    state.do(editing.Accept(state.spans[actor.id]))
    stored = {r.id: r for r in services.get_relations(store, doc_id)}
    assert state.relations == {i: r for i, r in stored.items() if i in state.relations} and relation in state.relations
