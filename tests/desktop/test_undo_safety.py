"""Undo that cannot apply says so and leaves the stack where it was (issue 12 item 1),
failed new edits are kept in the message bar with Retry, and resizes merge only
for the same span. All through the real window."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotations import services
from annotations.store import Store
from annotations.types import DocumentRecord
from tests.conftest import EXAMPLE
from tests.desktop.conftest import state

RUIZ = (EXAMPLE.index("Ana Ruiz"), EXAMPLE.index("Ana Ruiz") + len("Ana Ruiz"))
SENTENCE = (EXAMPLE.index("Finance"), len(EXAMPLE))
APPLE = (15, 20)
CTRL = Qt.KeyboardModifier.ControlModifier


def ctrl_z(qtbot, window):
    qtbot.keyClick(window.article, Qt.Key.Key_Z, CTRL)


def _setup_a_and_b(qtbot, window, store, doc_id):
    """Document A has an ACTOR span with attributes (the highest span id); B is empty."""
    b = services.import_records(store, [DocumentRecord(text="Peru replied on Monday.", title="B")]).document_ids[0]
    window.reload_documents()
    window.open_document(doc_id)
    window.article.select_chars(*RUIZ)
    qtbot.keyClick(window.article, "2")  # FIGURE…
    span_id = window.ws.selected
    return b, span_id


def _relabel_delete_and_leave(qtbot, window, store, doc_id, span_id):
    window.ws.select(span_id)
    window.article.setFocus()
    qtbot.keyClick(window.article, "1")  # …relabelled as ACTOR
    window.span_panel.editors["kind"].widget.setCurrentText("person")
    window.span_panel.editors["kind"].widget.activated.emit(1)
    expected = services.get_span(store, span_id)
    assert (expected.label, dict(expected.attributes)) == ("ACTOR", {"kind": "person"})
    qtbot.keyClick(window.article, Qt.Key.Key_Delete)
    assert span_id not in window.ws.spans
    return expected


def _check_undo_twice(qtbot, window, store, doc_id, b, b_span, expected, capfd):
    window.open_document(doc_id)
    window.article.setFocus()
    b_before = services.get_span(store, b_span)
    stack = window.ws.stack
    index = stack.index()
    ctrl_z(qtbot, window)
    after_first = state(store, doc_id)[0]
    ctrl_z(qtbot, window)
    assert services.get_span(store, b_span) == b_before  # B's span untouched, whatever happened
    assert b_span in [s.id for s in services.get_spans(store, b)]
    if b_span == expected.id:  # a store that reuses ids: the undo must refuse, not corrupt
        assert stack.index() == index
        assert window.message_bar.isVisible() and str(expected.id) in window.message_bar.text.text()
        assert expected.id not in window.ws.spans
    else:  # ids never reused: the delete is undone (label and attributes back), then the attribute edit
        assert (expected.id, *RUIZ, "ACTOR", {"kind": "person"}, "accepted") in after_first
        restored = services.get_span(store, expected.id)
        assert (restored.label, dict(restored.attributes)) == ("ACTOR", {})
        assert stack.index() == index - 2
        ctrl_z(qtbot, window)  # and the relabel
        assert services.get_span(store, expected.id).label == "FIGURE"
    err = capfd.readouterr().err
    assert "Traceback" not in err and "UNIQUE constraint" not in err


def test_undo_after_another_document_got_a_span(qtbot, window, store, doc_id, capfd):
    b, span_id = _setup_a_and_b(qtbot, window, store, doc_id)
    expected = _relabel_delete_and_leave(qtbot, window, store, doc_id, span_id)
    window.open_document(b)
    window.article.select_chars(0, 4)
    window.article.setFocus()
    qtbot.keyClick(window.article, "1")
    b_span = window.ws.selected
    _check_undo_twice(qtbot, window, store, doc_id, b, b_span, expected, capfd)


@pytest.mark.parametrize("id_free", [False, True], ids=["highest-id", "id-free"])
def test_undo_after_another_process_added_a_span(qtbot, window, store, store_path, doc_id, capfd, id_free):
    b, span_id = _setup_a_and_b(qtbot, window, store, doc_id)
    if id_free:  # a later span keeps the deleted id from being handed out again, even by MAX(id)+1
        services.add_span(store, b, 5, 12, "ACTOR")
    expected = _relabel_delete_and_leave(qtbot, window, store, doc_id, span_id)
    with Store.open(store_path) as other:  # the CLI or an import, between the delete and the undo
        b_span = services.add_span(other, b, 0, 4, "ACTOR").span_id
    _check_undo_twice(qtbot, window, store, doc_id, b, b_span, expected, capfd)


def test_refused_undo_keeps_the_stack_index_and_says_why(qtbot, window, store, store_path, doc_id):
    window.article.select_chars(*RUIZ)
    qtbot.keyClick(window.article, "1")
    span_id = window.ws.selected
    qtbot.keyClick(window.article, "2")  # relabel as FIGURE
    with Store.open(store_path) as other:
        services.set_span_attributes(other, span_id, {"value": 2.0})
    before = state(store, doc_id)
    stack = window.ws.stack
    assert stack.index() == 2
    ctrl_z(qtbot, window)
    assert stack.index() == 2 and state(store, doc_id) == before
    assert window.message_bar.isVisible() and "changed elsewhere" in window.message_bar.text.text()
    assert not window.message_bar.retry_button.isVisible()
    # the History view drives the stack itself (setIndex): it is put back too
    stack.setIndex(0)
    qtbot.waitUntil(lambda: stack.index() == 2)
    assert state(store, doc_id) == before
    assert stack.command(1).edit.applied


def test_failed_new_edit_is_kept_with_retry_and_not_recorded(qtbot, window, store, store_path, doc_id):
    actor = services.add_span(store, doc_id, *RUIZ, "ACTOR").span_id
    assertion = services.add_span(store, doc_id, *SENTENCE, "ASSERTION").span_id
    relation = services.add_relation(store, assertion, actor, "SOURCE")
    window.open_document(doc_id)
    window.ws.select(assertion)
    removed = services.remove_relation(store, relation.relation_id)  # elsewhere, meanwhile
    remove = window.span_panel.findChild(type(window.span_panel.delete_button), "removeRelation")
    remove.click()
    assert window.ws.stack.count() == 0
    assert window.message_bar.isVisible() and window.message_bar.retry_button.isVisible()
    services.restore_spans(store, [], removed.removed_relations)  # back again: Retry now works
    window.message_bar.retry_button.click()
    assert window.ws.stack.count() == 1 and not window.message_bar.isVisible()
    assert services.get_relations(store, doc_id) == []


def test_resizes_merge_only_for_the_same_span(qtbot, window, store, doc_id):
    alt = Qt.KeyboardModifier.AltModifier
    window.article.select_chars(0, 3)  # "Tim"
    qtbot.keyClick(window.article, "1")
    first = window.ws.selected
    qtbot.keyClick(window.article, Qt.Key.Key_Right, alt)
    qtbot.keyClick(window.article, Qt.Key.Key_Right, alt)
    window.article.select_chars(*APPLE)
    qtbot.keyClick(window.article, "1")
    second = window.ws.selected
    qtbot.keyClick(window.article, Qt.Key.Key_Right, alt)
    texts = [window.ws.stack.text(i) for i in range(window.ws.stack.count())]
    assert texts == ["Add ACTOR span", "Resize ACTOR span", "Add ACTOR span", "Resize ACTOR span"]
    window.ws.undo()
    assert (services.get_span(store, second).start, services.get_span(store, second).end) == APPLE
    window.ws.undo()
    window.ws.undo()  # both moves of the first span, one step
    assert (services.get_span(store, first).start, services.get_span(store, first).end) == (0, 3)


def test_busy_store_keeps_the_edit_for_retry_and_the_undo_where_it_was(qtbot, window, store, store_path, doc_id):
    """Another process holds the write lock (the store is busy, like a server gone away):
    the new edit is not applied and not recorded but offered again with Retry; an undo
    leaves the stack and the edit where they were."""
    import sqlite3

    window.article.select_chars(*RUIZ)
    qtbot.keyClick(window.article, "1")
    stack = window.ws.stack
    blocker = sqlite3.connect(store_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        ctrl_z(qtbot, window)
        assert stack.index() == 1 and stack.command(0).edit.applied
        assert "busy" in window.message_bar.text.text() and not window.message_bar.retry_button.isVisible()
        window.article.select_chars(*APPLE)
        qtbot.keyClick(window.article, "1")
        assert stack.count() == 1
        assert window.message_bar.isVisible() and window.message_bar.retry_button.isVisible()
        assert "busy" in window.message_bar.text.text()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    window.message_bar.retry_button.click()
    assert stack.count() == 2 and not window.message_bar.isVisible()
    assert sorted(window.ws.span_text(s) for s in window.ws.spans.values()) == ["Ana Ruiz", "Apple"]


def test_history_view_jumps_undo_and_redo_for_real(qtbot, window, store, doc_id):
    before = state(store, doc_id)
    for span in (RUIZ, APPLE):
        window.article.select_chars(*span)
        qtbot.keyClick(window.article, "1")
    after = state(store, doc_id)
    window.ws.stack.setIndex(0)  # what a click on the History view's first row does
    assert state(store, doc_id) == before and len(window.ws.spans) == 0
    window.ws.stack.setIndex(2)
    assert state(store, doc_id) == after and len(window.ws.spans) == 2
