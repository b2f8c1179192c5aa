"""Driving the real window: spans from selections and hotkeys, edits, relations,
and undo/redo of each restoring the store exactly."""
from __future__ import annotations

from PySide6.QtCore import Qt

from annotations import services
from tests.conftest import EXAMPLE
from tests.desktop.conftest import check_undo_redo, state

RUIZ = (EXAMPLE.index("Ana Ruiz"), EXAMPLE.index("Ana Ruiz") + len("Ana Ruiz"))
SENTENCE = (EXAMPLE.index("Finance"), len(EXAMPLE))
FIGURE = (EXAMPLE.index("about"), EXAMPLE.index(" jobs"))


def add_by_keys(qtbot, window, start, end, key="1", modifier=Qt.KeyboardModifier.NoModifier):
    window.article.select_chars(start, end)
    qtbot.keyClick(window.article, key, modifier)


def test_selection_and_hotkey_create_token_snapped_span(qtbot, window, store, doc_id):
    add_by_keys(qtbot, window, 1, 6)  # "im Co" inside "Tim Cook"
    spans = services.get_spans(store, doc_id)
    assert [(s.start, s.end, s.label) for s in spans] == [(0, 8, "ACTOR")]
    assert window.ws.selected == spans[0].id
    assert window.span_model.rowCount() == 1


def test_alt_hotkey_keeps_exact_characters_and_whitespace_is_trimmed(qtbot, window, store, doc_id):
    add_by_keys(qtbot, window, 1, 6, "1", Qt.KeyboardModifier.AltModifier)
    add_by_keys(qtbot, window, 14, 21, "1")  # " Apple " → "Apple"
    assert [(s.start, s.end) for s in services.get_spans(store, doc_id)] == [(1, 6), (15, 20)]


def test_label_bar_button_adds_span(qtbot, window, store, doc_id):
    window.article.select_chars(15, 20)
    window.label_bar.buttons["ACTOR"].click()
    assert [s.label for s in services.get_spans(store, doc_id)] == ["ACTOR"]




def test_add_span_undo_redo(qtbot, window, store, doc_id):
    before = state(store, doc_id)
    add_by_keys(qtbot, window, 0, 8)
    check_undo_redo(window, store, doc_id, before)
    assert window.ws.stack.undoText() == "Add ACTOR span"
    assert len(window.ws.spans) == 1


def test_relabel_by_hotkey_undo_redo(qtbot, window, store, doc_id):
    add_by_keys(qtbot, window, 0, 8)
    before = state(store, doc_id)
    qtbot.keyClick(window.article, "2")  # span selected, no text selection: relabel
    assert services.get_spans(store, doc_id)[0].label == "FIGURE"
    check_undo_redo(window, store, doc_id, before)


def test_resize_by_token_keys_undo_redo_merges(qtbot, window, store, doc_id):
    add_by_keys(qtbot, window, 0, 3)  # "Tim"
    before = state(store, doc_id)
    qtbot.keyClick(window.article, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(window.article, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert services.get_spans(store, doc_id)[0].end == len("Tim Cook leads")
    qtbot.keyClick(window.article, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert services.get_spans(store, doc_id)[0].end == 8
    check_undo_redo(window, store, doc_id, before)  # consecutive moves are one undo step


def test_delete_key_removes_span_and_its_relations_undo_redo(qtbot, window, store, doc_id):
    actor = services.add_span(store, doc_id, *RUIZ, "ACTOR").span_id
    assertion = services.add_span(store, doc_id, *SENTENCE, "ASSERTION").span_id
    services.add_relation(store, assertion, actor, "SOURCE")
    window.open_document(doc_id)
    window.article.setFocus()
    window.ws.select(actor)
    before = state(store, doc_id)
    qtbot.keyClick(window.article, Qt.Key.Key_Delete)
    assert [s.id for s in services.get_spans(store, doc_id)] == [assertion]
    assert services.get_relations(store, doc_id) == []
    check_undo_redo(window, store, doc_id, before)


def test_attribute_edit_in_span_panel_undo_redo(qtbot, window, store, doc_id):
    add_by_keys(qtbot, window, *FIGURE, "2")  # "about 3,500"
    before = state(store, doc_id)
    editor = window.span_panel.editors["value"].widget
    editor.setText("3500")
    editor.editingFinished.emit()
    approx = window.span_panel.editors["approximate"].widget
    approx.setCurrentText("yes")
    approx.activated.emit(approx.currentIndex())
    assert services.get_spans(store, doc_id)[0].attributes == {"value": 3500.0, "approximate": True}
    after = state(store, doc_id)
    window.ws.undo()
    window.ws.undo()
    assert state(store, doc_id) == before
    window.ws.redo()
    window.ws.redo()
    assert state(store, doc_id) == after
    assert window.span_panel.editors["value"].widget.text() == "3500"


def test_set_source_by_click_and_undo_redo(qtbot, window, store, doc_id):
    actor = services.add_span(store, doc_id, *RUIZ, "ACTOR").span_id
    assertion = services.add_span(store, doc_id, *SENTENCE, "ASSERTION").span_id
    window.open_document(doc_id)
    window.ws.select(assertion)
    before = state(store, doc_id)
    window.span_panel.findChild(type(window.span_panel.delete_button), "set_SOURCE").click()
    assert window.annotating.pick is not None
    window.annotating.span_clicked(actor)
    assert [(r.head_id, r.child_id, r.label) for r in services.get_relations(store, doc_id)] == [
        (assertion, actor, "SOURCE")]
    check_undo_redo(window, store, doc_id, before)


def test_refused_edit_is_reported_and_not_recorded(qtbot, window, store, doc_id):
    add_by_keys(qtbot, window, 0, 8)
    add_by_keys(qtbot, window, 0, 8)  # the same ACTOR span again
    assert "already exists" in window.last_message
    assert window.ws.stack.count() == 1
    assert len(services.get_spans(store, doc_id)) == 1


def test_document_status_undo_redo_and_done_moves_to_next_unfinished(qtbot, window, store, doc_id):
    from annotations.types import DocumentRecord

    ids = services.import_records(store, [DocumentRecord(text=f"Second {i}.", title=f"Doc {i}") for i in (2, 3)]
                                  ).document_ids
    services.set_status(store, ids[0], "done")
    window.reload_documents()
    before = state(store, doc_id)
    qtbot.keyClick(window.article, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert services.get_document(store, doc_id).status == "done"
    assert window.ws.document.id == ids[1]  # skipped the finished one
    window.open_document(doc_id)
    check_undo_redo(window, store, doc_id, before)


def test_reopening_the_store_restores_the_last_document_and_its_spans(qtbot, make_window, store, store_path, doc_id,
                                                                     settings_path):
    from annotations.types import DocumentRecord
    from desktop.app import build_window, parse_args

    services.import_records(store, [DocumentRecord(text="Peru replied to Apple on Monday.", title="Later")])
    later = max(services.document_ids(store))
    first = make_window(store_path, later)  # not the first document: a default cannot pass for restored
    add_by_keys(qtbot, first, 0, 4)
    add_by_keys(qtbot, first, 16, 21, "1")
    expected = {(s.start, s.end, s.label) for s in first.ws.spans.values()}
    assert len(expected) == 2
    first.close()
    second = build_window(parse_args(["--store", str(store_path), "--settings", str(settings_path)]))
    qtbot.addWidget(second)
    assert second.ws.document is not None and second.ws.document.id == later
    assert {(s.start, s.end, s.label) for s in second.ws.spans.values()} == expected
    assert second.article.toPlainText() == "Peru replied to Apple on Monday."
    second.close()


def test_span_panel_editors_follow_each_span_of_one_label(qtbot, make_window, store, store_path, doc_id):
    """The panel keeps one set of editors per label (no rebuild per review step): moving
    between two FIGUREs shows each one's values, and an edit goes to the selected one only."""
    first = services.add_span(store, doc_id, *FIGURE, "FIGURE", {"value": 3500.0}).span_id
    second = services.add_span(store, doc_id, *RUIZ, "FIGURE", {"value": 7.0, "approximate": True}).span_id
    window = make_window(store_path, doc_id)
    window.ws.select(first)
    editors = window.span_panel.editors
    assert editors["value"].widget.text() == "3500" and editors["approximate"].widget.currentText() == ""
    window.ws.select(second)
    assert window.span_panel.editors["value"].widget is editors["value"].widget  # reused, not rebuilt
    assert editors["value"].widget.text() == "7" and editors["approximate"].widget.currentText() == "yes"
    editors["value"].widget.setText("8")
    editors["value"].widget.editingFinished.emit()
    assert services.get_span(store, second).attributes == {"value": 8.0, "approximate": True}
    assert services.get_span(store, first).attributes == {"value": 3500.0}
    window.ws.select(first)
    assert editors["value"].widget.text() == "3500" and editors["approximate"].widget.currentText() == ""
