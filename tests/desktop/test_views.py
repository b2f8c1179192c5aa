"""Views and models of the window: overlapping spans, item models under
qtmodeltester, document list filtering, keyboard-only session, settings,
dialogs, workers and the --screenshot entry point."""
from __future__ import annotations

import json

from PySide6.QtCore import Qt

from annotations import services
from annotations.types import DocumentRecord, SpanRecord
from tests.conftest import EXAMPLE

TIM = (0, 8)
TIM_COOK_LEADS = (0, len("Tim Cook leads"))


def test_overlapping_spans_render_and_repeated_clicks_cycle(qtbot, window, store, doc_id):
    outer = services.add_span(store, doc_id, 0, len("Tim Cook leads Apple"), "ASSERTION").span_id
    inner = services.add_span(store, doc_id, *TIM, "ACTOR").span_id
    pending = services.add_span(store, doc_id, 15, 20, "ACTOR", status="pending").span_id
    rejected = services.add_span(store, doc_id, 24, 33, "ACTOR", status="rejected").span_id
    window.open_document(doc_id)
    drawn = {span.id: rects for span, rects in window.article._visible_spans()}
    assert set(drawn) == {outer, inner, pending}  # rejected suggestions are never shown
    assert rejected not in window.ws.spans
    assert window.ws.index.layers[outer] != window.ws.index.layers[inner]
    point = drawn[inner][0].center().toPoint()
    clicks = []
    for _ in range(3):
        qtbot.mouseClick(window.article.viewport(), Qt.MouseButton.LeftButton, pos=point)
        clicks.append(window.ws.selected)
    assert clicks == [inner, outer, inner]
    assert "ACTOR" in window.article.describe(inner) and "pending" in window.article.describe(pending)
    window.article.grab()  # paints every layer without error


def test_span_table_click_selects_and_follows_changes(qtbot, window, store, doc_id):
    a = services.add_span(store, doc_id, 15, 20, "ACTOR").span_id
    window.open_document(doc_id)
    window.article.select_chars(*TIM)
    qtbot.keyClick(window.article, "1")
    model = window.span_model
    assert [model.span_id(r) for r in range(model.rowCount())][1] == a
    window.span_table.clicked.emit(model.index(1, 0))
    assert window.ws.selected == a
    qtbot.keyClick(window.article, Qt.Key.Key_Delete)
    assert model.rowCount() == 1


def test_item_models_pass_qtmodeltester(qtmodeltester, window, store, doc_id):
    services.import_records(store, [DocumentRecord(text=f"Text {i}.", title=f"T{i}") for i in range(5)])
    services.add_span(store, doc_id, *TIM, "ACTOR")
    services.add_span(store, doc_id, *TIM_COOK_LEADS, "ASSERTION")
    window.reload_documents()
    window.open_document(doc_id)
    qtmodeltester.check(window.documents.model)
    window.documents.proxy.set_text("t1")
    qtmodeltester.check(window.documents.proxy)
    qtmodeltester.check(window.span_model)


def test_span_model_stays_valid_through_edits(qtmodeltester, qtbot, window, store, doc_id):
    qtmodeltester.check(window.span_model)  # keeps watching the model's signals below
    window.article.select_chars(*TIM)
    qtbot.keyClick(window.article, "1")
    qtbot.keyClick(window.article, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    window.ws.undo()
    window.ws.undo()
    assert window.span_model.rowCount() == 0


def test_document_list_filters_by_text_and_status(qtbot, window, store, doc_id):
    ids = services.import_records(store, [
        DocumentRecord(text="Alpha text.", title="Nickel duties"),
        DocumentRecord(text="Beta text.", title="Wind cable", status="done"),
    ]).document_ids
    window.reload_documents()
    lst = window.documents
    assert lst.proxy.rowCount() == 3
    qtbot.keyClicks(lst.filter_edit, "NICKEL")
    assert lst.visible_ids() == [ids[0]]
    lst.filter_edit.clear()
    lst.status_combo.setCurrentIndex(lst.status_combo.findData("done"))
    assert lst.visible_ids() == [ids[1]]
    lst.status_combo.setCurrentIndex(0)
    lst.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert lst.visible_ids() == [doc_id, ids[0], ids[1]]  # Example, Nickel duties, Wind cable


def test_keyboard_only_session(qtbot, window, store, doc_id):
    second = services.import_records(store, [DocumentRecord(text="Next one.", title="Zeta")]).document_ids[0]
    window.reload_documents()
    art = window.article
    keys = lambda key, mod=Qt.KeyboardModifier.NoModifier, w=None: qtbot.keyClick(w or art, key, mod)
    keys(Qt.Key.Key_F6)
    keys(Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(5):  # "Tim C" → snapped to "Tim Cook"
        keys(Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    keys("1")
    actor = window.ws.selected
    keys(Qt.Key.Key_F2)
    kind = window.span_panel.editors["kind"].widget
    assert kind.hasFocus()
    keys(Qt.Key.Key_Down, w=kind)  # first choice of the combo ("person")
    keys(Qt.Key.Key_F6, w=kind)
    # the whole text as an assertion: select all, then 3
    keys(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    keys("3")
    assertion = window.ws.selected
    keys(Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # Set source…
    keys(Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    keys(Qt.Key.Key_Return)
    keys(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # done → next unfinished
    spans = {s.id: s for s in services.get_spans(store, doc_id)}
    assert (spans[actor].start, spans[actor].end, spans[actor].label) == (0, 8, "ACTOR")
    assert spans[actor].attributes == {"kind": "person"}
    assert [(r.head_id, r.child_id) for r in services.get_relations(store, doc_id)] == [(assertion, actor)]
    assert services.get_document(store, doc_id).status == "done"
    assert window.ws.document.id == second


def test_settings_restore_last_store_document_and_splitters(qtbot, tmp_path, settings_path, store, store_path, doc_id):
    from desktop.app import build_window, parse_args

    other = services.import_records(store, [DocumentRecord(text="Second.", title="Second")]).document_ids[0]
    first = build_window(parse_args(["--store", str(store_path), "--settings", str(settings_path)]))
    qtbot.addWidget(first)
    first.open_document(other)
    first.splitter.setSizes([200, 900, 300])
    sizes = first.splitter.sizes()
    first.close()
    second = build_window(parse_args(["--settings", str(settings_path)]))  # no --store: the last one
    qtbot.addWidget(second)
    assert second.ws.store.path == store_path
    assert second.ws.document.id == other
    assert second.splitter.sizes() == sizes
    second.close()


def test_find_zoom_and_shortcut_help(qtbot, window):
    qtbot.keyClick(window.article, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible()
    qtbot.keyClicks(window.find_bar.edit, "Apple")
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Return)
    assert window.article.selection() == (15, 20)
    size = window.article.font().pointSizeF()
    window.actions_by_id["view.zoom_in"].trigger()
    assert window.article.font().pointSizeF() > size
    dialog = window.shortcuts_dialog()
    texts = {dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())}
    assert {"Undo", "Mark done and next", "Label ACTOR", "Next span", "Add relation…"} <= texts


def test_schema_dialog_changes_hotkey_and_refuses_duplicates(qtbot, window, store, doc_id):
    dialog = window.schema_dialog()
    dialog.hotkeys["ACTOR"].setText("2")
    dialog.save()
    store.invalidate_schema()
    assert store.schema.label("ACTOR").hotkey == "1"  # refused: FIGURE has 2
    assert "FIGURE" in dialog.error.text()
    dialog.hotkeys["ACTOR"].setText("a")  # the review key "accept": refused
    dialog.save()
    store.invalidate_schema()
    assert store.schema.label("ACTOR").hotkey == "1" and "review key" in dialog.error.text()
    dialog.hotkeys["ACTOR"].setText("k")
    dialog.save()
    store.invalidate_schema()
    assert store.schema.label("ACTOR").hotkey == "k"
    window.article.select_chars(*TIM)
    qtbot.keyClick(window.article, "k")
    assert [s.label for s in services.get_spans(store, doc_id)] == ["ACTOR"]


def test_import_and_export_run_in_workers(qtbot, window, store, tmp_path):
    source = tmp_path / "new.txt"
    source.write_text("A fresh article about nickel.\n", encoding="utf-8")
    with qtbot.waitSignal(window.io.finished, timeout=20000):
        window.io.import_paths([str(source)])
    assert window.documents.model.rowCount() == 2
    out = tmp_path / "out.jsonl"
    with qtbot.waitSignal(window.io.finished, timeout=20000):
        window.io.export_to("jsonl", str(out))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and json.loads(lines[0])["text"] == EXAMPLE


def test_import_of_an_archive_and_the_file_filter(qtbot, window, tmp_path):
    import zipfile

    from annotations.formats import get_format, importable_patterns

    patterns = importable_patterns()
    assert {"*.zip", "*.tar.gz", "*.txt", "*.jsonl", "*.spacy", "*.json", "*.conll"} <= set(patterns)
    assert "*.ann" not in patterns and get_format("brat")  # brat is imported as a folder
    archive = tmp_path / "batch.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("a/one.txt", "Chile imposed tariffs.\n")
        zf.writestr("a/two.md", "Peru replied on Monday.\n")
    with qtbot.waitSignal(window.io.finished, timeout=20000):
        window.io.import_paths([str(archive)])
    assert window.documents.model.rowCount() == 3


def test_failed_import_reports_one_line(qtbot, window, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x"}\nnot json\n', encoding="utf-8")
    with qtbot.waitSignal(window.io.failed, timeout=20000) as blocker:
        window.io.import_paths([str(bad)])
    assert str(bad) in blocker.args[0] and "\n" not in blocker.args[0]
    assert window.documents.model.rowCount() == 1


def test_screenshot_entry_point(qtbot, tmp_path, store, store_path, doc_id, settings_path):
    from desktop.app import main

    services.add_span(store, doc_id, *TIM, "ACTOR")
    out = tmp_path / "shot.png"
    code = main(["--store", str(store_path), "--screenshot", str(out), "--settings", str(settings_path)])
    assert code == 0 and out.stat().st_size > 10_000


def test_schema_dialog_shows_the_guidelines(window, store):
    dialog = window.schema_dialog()
    shown = dialog.guidelines.toPlainText()
    assert store.schema.guidelines
    assert "Annotation guidelines for the default schema" in shown
    assert "ACTOR" in shown and "ASSERTION" in shown


def test_window_has_the_glossator_icon(window):
    icon = window.windowIcon()
    assert not icon.isNull()
    assert icon.pixmap(32, 32).width() == 32


def test_long_document_opens_with_only_shown_spans_built(qtbot, window, store):
    sentence = "Finance Minister Ana Ruiz said about 3,500 jobs were at risk. "
    count = 600
    spans = [SpanRecord(k * len(sentence) + 17, k * len(sentence) + 25, "ACTOR") for k in range(count)]
    record = DocumentRecord(text=sentence * count, title="long", spans=spans)
    long_id = services.import_records(store, [record]).document_ids[0]
    window.open_document(long_id)
    window.article.viewport().repaint()
    assert len(window.ws.spans) == len(window.ws.index) == window.span_model.rowCount() == count
    built = [i for i, item in window.ws.spans._items.items() if not isinstance(item, tuple)]
    assert 0 < len(built) < count // 2  # the visible ones (article, table), not all 600
    assert window.counts_label.text() == f"{count} spans, 0 pending"
    last = window.span_model.span_id(count - 1)
    window.ws.select(last)  # scrolling to the end builds the spans there on demand
    assert window.ws.selected_span.start == (count - 1) * len(sentence) + 17
    assert window.span_model.index(count - 1, 1).data() == "Ana Ruiz"
