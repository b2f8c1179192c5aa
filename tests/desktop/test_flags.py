"""Flag, note and skip in the real window (issue 19): Ctrl+G flags the selected span
(else the document) with a kind and note, undo/redo put the store back exactly,
the Flagged dock lists every flag and Enter jumps to it, F2/Del there edit and
remove (undoably), the article marks flagged spans, and skip moves on without
marking the document done."""
from __future__ import annotations

from PySide6.QtCore import Qt

from annotations import services
from annotations.services.flags import list_flags
from annotations.types import DocumentRecord

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def flags_of(store):
    return [(f.id, f.document_id, f.span_id, f.kind, f.note) for f in list_flags(store)]


def fill_dialog(qtbot, window, kind, note):
    dialog = window.flags.dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.kind.setCurrentText(kind)
    qtbot.keyClick(dialog.note, Qt.Key.Key_End)  # add to the note already there
    qtbot.keyClicks(dialog.note, note)
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_flag_a_span_by_keyboard_then_undo_and_redo(qtbot, window, store, doc_id):
    window.article.select_chars(0, 8)
    qtbot.keyClick(window.article, "1")
    span = window.ws.selected
    qtbot.keyClick(window.article, Qt.Key.Key_G, CTRL)
    fill_dialog(qtbot, window, "unsure", "person or company?")
    (flag,) = flags_of(store)
    assert flag[1:] == (doc_id, span, "unsure", "person or company?")
    assert window.article._flagged == {span}
    window.ws.undo()
    assert flags_of(store) == [] and window.article._flagged == set()
    window.ws.redo()
    assert flags_of(store) == [flag]  # the same id comes back
    assert window.ws.stack.text(window.ws.stack.count() - 1) == "Flag span"


def test_flagged_dock_lists_jumps_edits_and_removes(qtbot, window, store, doc_id):
    other = services.import_records(store, [DocumentRecord(text="Peru replied on Monday.", title="Peru")]).document_ids[0]
    span = services.add_span(store, other, 0, 4, "ACTOR").span_id
    window.reload_documents()
    qtbot.keyClick(window.article, Qt.Key.Key_G, CTRL | SHIFT)  # the open document
    fill_dialog(qtbot, window, "guideline question", "titles?")
    from annotations.services.flags import add_flag
    add_flag(store, other, "unsure", "a state?", span_id=span)
    qtbot.keyClick(window.article, Qt.Key.Key_L, CTRL | SHIFT)
    panel = window.flags_dock.widget()
    assert window.flags_dock.isVisible() and panel.model.rowCount() == 2
    assert panel.count.text() == "2 flags"
    rows = [[panel.model.index(r, c).data() for c in range(5)] for r in range(2)]
    assert rows[0][:4] == [f"{doc_id} · Example", "document", "guideline question", "titles?"]
    assert rows[1][:4] == [f"{other} · Peru", "ACTOR 0–4", "unsure", "a state?"]
    panel.table.setFocus()
    panel.table.setCurrentIndex(panel.model.index(1, 0))
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert window.ws.document.id == other and window.ws.selected == span
    assert window.article.hasFocus()
    panel.table.setFocus()
    panel.table.setCurrentIndex(panel.model.index(1, 0))
    qtbot.keyClick(panel.table, Qt.Key.Key_F2)
    fill_dialog(qtbot, window, "note", " checked")
    assert [f[3:] for f in flags_of(store)][1] == ("note", "a state? checked")
    panel.table.setFocus()
    panel.table.setCurrentIndex(panel.model.index(1, 0))
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert len(flags_of(store)) == 1 and panel.model.rowCount() == 1
    window.ws.undo()
    assert len(flags_of(store)) == 2 and panel.model.rowCount() == 2
    panel.only_here.setChecked(True)
    assert panel.model.rowCount() == 1


def test_flag_list_model_passes_the_model_tester(qtmodeltester, window, store, doc_id):
    from annotations.services.flags import add_flag
    from desktop.widgets.flag_list import FlagListModel

    flag, _ = add_flag(store, doc_id, "unsure", "x")
    model = FlagListModel()
    model.set_rows([(flag, "Example")])
    qtmodeltester.check(model)


def test_skip_moves_on_without_marking_done(qtbot, window, store, doc_id):
    services.import_records(store, [DocumentRecord(text="Peru replied on Monday.", title="Peru")])
    window.reload_documents()
    qtbot.keyClick(window.article, Qt.Key.Key_PageDown, CTRL | SHIFT)
    assert window.ws.document.id != doc_id
    assert services.get_document(store, doc_id).status != "done"
    assert "Skipped “Example”" in window.last_message
