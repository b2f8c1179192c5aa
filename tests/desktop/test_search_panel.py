"""Corpus search in the desktop (Ctrl+Shift+F) and files dropped on the window,
driven through the real widgets: the hit opens its document with the hit's
characters selected; a dropped file is imported."""
from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from annotations.services import import_records, list_documents
from annotations.types import DocumentRecord

OTHER = "😀 Grain corridor talks stalled, officials said.\n\nInsurers balked at the grain corridor.\n"


def test_search_panel_opens_the_document_at_the_hit(qtbot, make_window, store, store_path, doc_id):
    [other] = import_records(store, [DocumentRecord(text=OTHER, title="Grain talks")]).document_ids
    window = make_window(store_path, doc_id)
    window.actions_by_id["edit.search"].trigger()
    panel = window.search_dock.widget()
    assert window.search_dock.isVisible() and panel.query.hasFocus()
    qtbot.keyClicks(panel.query, '"grain corridor" -wheat')
    with qtbot.waitSignal(panel.searched, timeout=20000) as blocker:
        qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    assert blocker.args == [2]  # both mentions, in the one matching document
    assert "2 hits in 1 document" in panel.status.text()
    first = panel.model.index(0, 0)
    assert panel.model.data(panel.model.index(0, 2)).startswith("😀 [Grain corridor]")
    panel.table.setFocus()
    panel.table.setCurrentIndex(first)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert window.ws.document.id == other
    start, end = window.article.selection()
    assert OTHER[start:end] == "Grain corridor" and start == OTHER.index("Grain")  # code points after an emoji


def test_a_bad_query_says_so_in_the_panel(qtbot, window):
    panel = window.show_search()
    qtbot.keyClicks(panel.query, "-only -exclusions")
    with qtbot.waitSignal(panel.searched, timeout=20000):
        qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    assert "needs at least one word" in panel.status.text() and panel.model.rowCount() == 0


def test_files_dropped_on_the_window_are_imported(qtbot, window, store, tmp_path):
    article = tmp_path / "dropped.txt"
    article.write_text("Dropped headline\n\nKenya raised rates, the central bank said.\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(article)), QUrl("https://example.org/not-a-file")])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.io.finished, timeout=20000):
        window.dropEvent(event)
    assert "Dropped headline" in [d.title for d in list_documents(store)]
    assert window.documents.model.rowCount() == 2


def test_document_list_has_date_and_source_columns_that_sort(qtbot, make_window, store, store_path, doc_id):
    from PySide6.QtCore import Qt as _Qt

    import_records(store, [
        DocumentRecord(text="Old report.\n", title="Old", source="Cape Wire", meta={"published": "2024-05-01"}),
        DocumentRecord(text="New report.\n", title="New", source="Andes Daily", meta={"published": "2026-02-03"}),
    ])
    window = make_window(store_path, doc_id)
    table, model = window.documents.table, window.documents.table.model()
    headers = [model.headerData(c, _Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    date, source = headers.index("Date"), headers.index("Source")
    table.sortByColumn(date, _Qt.SortOrder.AscendingOrder)
    dates = [model.index(r, date).data() for r in range(model.rowCount())]
    assert dates[:2] == ["2024-05-01", "2026-02-03"] and len(dates[2]) == 10  # imported today, no publication date
    table.sortByColumn(source, _Qt.SortOrder.AscendingOrder)
    assert [model.index(r, source).data() for r in range(model.rowCount())] == ["", "Andes Daily", "Cape Wire"]
