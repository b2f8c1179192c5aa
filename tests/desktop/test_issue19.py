"""Issue 19 (desktop, second pass) defects, each driving the real widgets."""
from __future__ import annotations

from PySide6.QtCore import Qt

from annotations import services
from annotations.types import DocumentRecord
from tests.conftest import EXAMPLE

LONG = ("European steelmakers say cheap imports have cut their share of the home market by nearly "
        "9 percent since 2021, and Finance Minister Ana Ruiz said about 3,500 jobs were at risk.")


def test_1_panels_keep_their_width_when_a_span_with_a_long_relation_is_selected(qtbot, window, store):
    doc = services.import_records(store, [DocumentRecord(text=LONG, title="Long")]).document_ids[0]
    ruiz = LONG.index("Ana Ruiz")
    actor = services.add_span(store, doc, ruiz, ruiz + 8, "ACTOR").span_id
    assertion = services.add_span(store, doc, 0, len(LONG), "ASSERTION").span_id
    services.add_relation(store, assertion, actor, "SOURCE")
    window.reload_documents()
    window.open_document(doc)
    window.splitter.setSizes([300, 900, 200])
    qtbot.wait(10)
    sizes, article = window.splitter.sizes(), window.article.geometry()
    for span_id in (actor, assertion, None, actor):
        window.ws.select(span_id)
        qtbot.wait(10)  # let layouts settle, as the event loop would
        assert window.splitter.sizes() == sizes
        assert window.article.geometry() == article
    row = window.span_panel.findChild(type(window.span_panel.text_label), "relationText")
    assert row.toolTip().endswith(LONG) and row.isVisible()


def _mark_rows(image, color, x0, x1, y0, y1):
    """Rows in [y0, y1) where more than half of [x0, x1) has exactly `color` (an underline)."""
    rgb = color.rgb()
    return [y for y in range(max(y0, 0), min(y1, image.height()))
            if sum(image.pixel(x, y) == rgb for x in range(x0, x1)) > (x1 - x0) / 2]


def test_2_underlines_of_every_layer_stay_below_the_letters(qtbot, window, store, doc_id):
    from PySide6.QtGui import QColor, QFontMetricsF

    phrase = (0, len("Tim Cook leads Apple"))
    nested = [(*phrase, "ASSERTION"), (0, 14, "ACTOR"), (0, 8, "FIGURE"), (0, 3, "ACTOR")]
    for start, end, label in nested:
        services.add_span(store, doc_id, start, end, label)
    window.open_document(doc_id)
    colors = {lab.name: QColor(lab.color) for lab in store.schema.labels}
    for zoom in (0, 4, -2):
        window.article.zoomIn(zoom)
        window.article.viewport().repaint()
        image = window.article.viewport().grab().toImage()
        metrics = QFontMetricsF(window.article.font())
        for span, rects in window.article._visible_spans():
            rect = rects[0]
            baseline = rect.top() + metrics.ascent()
            x0, x1 = int(rect.left()) + 3, int(rect.right()) - 3
            rows = _mark_rows(image, colors[span.label], x0, x1, int(rect.top()), int(rect.bottom()) + 6)
            assert rows, f"no underline for {span.label} {span.start}-{span.end} at zoom {zoom}"
            assert min(rows) > baseline - 0.5, (span, zoom, rows, baseline)  # never through the letters
            assert max(rows) < rect.bottom() + metrics.ascent() - metrics.capHeight()
        window.article.zoomOut(zoom)


def test_3_tagging_a_pending_suggestion_converts_it_and_done_asks_first(qtbot, make_window, store, store_path,
                                                                         doc_id):
    from annotations.services.suggestions import run_suggester

    run_suggester(store, "rules", [doc_id])
    suggested = {EXAMPLE[s.start:s.end]: s for s in services.get_spans(store, doc_id)}
    figure = suggested["about 3,500"]
    window = make_window(store_path, doc_id)
    count = len(services.get_spans(store, doc_id))
    window.article.select_chars(figure.start, figure.end)
    qtbot.keyClick(window.article, "2")  # the same label: accepted, keeping its attributes
    accepted = services.get_span(store, figure.id)
    assert (accepted.status, dict(accepted.attributes)) == ("accepted", dict(figure.attributes))
    actor = next(s for s in suggested.values() if s.label == "ACTOR")
    window.article.select_chars(actor.start, actor.end)
    qtbot.keyClick(window.article, "2")  # another label: relabelled and accepted
    assert (services.get_span(store, actor.id).label, services.get_span(store, actor.id).status) == (
        "FIGURE", "accepted")
    assert len(services.get_spans(store, doc_id)) == count  # no second span next to the suggestion
    window.ws.undo()
    assert services.get_span(store, actor.id).status == "pending"
    pending = window.ws.pending_count
    assert pending > 0
    qtbot.keyClick(window.article, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert services.get_document(store, doc_id).status != "done"
    assert f"{pending} suggestions are still pending" in window.last_message
    qtbot.keyClick(window.article, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert services.get_document(store, doc_id).status == "done"


def test_5_a_click_inside_a_span_selects_it_and_keeps_the_cursor_there(qtbot, window, store, doc_id):
    sentence = services.add_span(store, doc_id, EXAMPLE.index("Finance"), len(EXAMPLE), "ASSERTION").span_id
    window.open_document(doc_id)
    article = window.article
    inside = EXAMPLE.index("said") + 2
    cursor = article.textCursor()
    cursor.setPosition(article.to_qt(inside))
    point = article.cursorRect(cursor).center()
    qtbot.mouseClick(article.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.ws.selected == sentence
    clicked = article.to_cp(article.textCursor().position())
    assert abs(clicked - inside) <= 1 and clicked > EXAMPLE.index("Finance")
    for _ in range(3):  # keyboard selection starts where the click was
        qtbot.keyClick(article, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    start, end = article.selection()
    assert start == clicked and end == clicked + 3


def _highlight_pixels(widget) -> int:
    color = widget.palette().color(widget.palette().ColorRole.Highlight).rgb()
    image = widget.grab().toImage()
    return sum(image.pixel(x, y) == color for x in range(image.width()) for y in range(image.height()))


def test_7_attribute_keys_merge_and_f2_focus_is_visible(qtbot, window, store, doc_id):
    window.article.select_chars(0, 8)
    qtbot.keyClick(window.article, "1")
    kind = window.span_panel.editors["kind"].widget
    unfocused = _highlight_pixels(kind)
    qtbot.keyClick(window.article, Qt.Key.Key_F2)
    qtbot.waitUntil(kind.hasFocus)
    assert _highlight_pixels(kind) > unfocused + 20  # a highlighted frame shows where F2 went
    for _ in range(3):
        qtbot.keyClick(kind, Qt.Key.Key_Down)
    span = window.ws.selected_span
    assert span.attributes == {"kind": kind.currentText()} and kind.currentText()
    assert [window.ws.stack.text(i) for i in range(window.ws.stack.count())] == ["Add ACTOR span",
                                                                               "Set ACTOR attributes"]
    window.ws.undo()
    assert services.get_span(store, span.id).attributes == {}


def test_7_history_toggles_and_esc_closes_find_then_clears_selection(qtbot, window, store, doc_id):
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(window.article, Qt.Key.Key_H, ctrl)
    assert window.history_dock.isVisible()
    qtbot.keyClick(window.article, Qt.Key.Key_H, ctrl)
    assert not window.history_dock.isVisible()
    window.article.select_chars(0, 8)
    qtbot.keyClick(window.article, "1")
    qtbot.keyClick(window.article, Qt.Key.Key_F, ctrl)
    assert window.find_bar.isVisible()
    qtbot.keyClick(window.find_bar.edit, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible() and window.article.hasFocus()
    assert window.ws.selected is not None
    qtbot.keyClick(window.article, Qt.Key.Key_Escape)
    assert window.ws.selected is None


def test_7_find_searches_as_you_type_and_counts(qtbot, window):
    qtbot.keyClick(window.article, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.find_bar.edit, "a")
    assert window.find_bar.status.text() == f"1 of {EXAMPLE.lower().count('a')}"
    qtbot.keyClicks(window.find_bar.edit, "pple")
    assert window.article.selection() == (15, 20) and window.find_bar.status.text() == "1 of 1"
    qtbot.keyClicks(window.find_bar.edit, "x")
    assert window.find_bar.status.text() == "not found"


def test_7_after_an_import_the_open_document_stays_highlighted(qtbot, window, tmp_path, doc_id):
    source = tmp_path / "new.txt"
    source.write_text("A fresh article about nickel.\n", encoding="utf-8")
    with qtbot.waitSignal(window.io.finished, timeout=20000):
        window.io.import_paths([str(source)])
    assert window.documents.selected_ids() == [doc_id]


def test_7_wording_and_titles(qtbot, window, store, doc_id):
    from annotations.types import DocumentRecord

    long_title = "A very long title " * 8
    other = services.import_records(store, [DocumentRecord(text="One more.", title=long_title)]).document_ids[0]
    window.reload_documents()
    window.article.select_chars(0, 8)
    qtbot.keyClick(window.article, "1")
    assert window.counts_label.text() == "1 span, 0 pending"
    window.article.select_chars(EXAMPLE.index("Finance"), len(EXAMPLE))
    qtbot.keyClick(window.article, "3")
    qtbot.keyClick(window.article, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert "click an ACTOR span" in window.last_message
    model = window.documents.model
    assert long_title in model.index(model.row_of(other), 0).data(Qt.ItemDataRole.ToolTipRole)


def test_7_suggest_asks_which_documents(qtbot, window, store, doc_id):
    from annotations.types import DocumentRecord

    services.import_records(store, [DocumentRecord(text="Peru replied on Monday.", title="B")])
    window.reload_documents()
    qtbot.keyClick(window.article, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.suggest.dialog
    assert dialog.isVisible()
    scopes = [dialog.scope.itemText(i) for i in range(dialog.scope.count())]
    assert scopes == ["This document", "All 2 documents"]
    dialog.suggester.setCurrentText("rules")
    dialog.accept()
    with qtbot.waitSignal(window.suggest.run.finished, timeout=30000) as blocker:
        pass
    assert blocker.args[0].documents == 1


def test_7_training_says_when_a_model_is_not_useful_yet(qtbot, store, store_path):
    from annotations.training.trained_models import ModelInfo
    from desktop.training_dialog import SUGGEST_TEXT, TrainingDialog

    dialog = TrainingDialog(store_path)
    qtbot.addWidget(dialog)
    weak = ModelInfo(name="weak", created="", component="ner", labels=("ACTOR",), train_documents=(1, 2),
                     dev_documents=(3, 4), data_hash="", epochs=2,
                     scores={"p": 0.1, "r": 0.01, "f": 0.02, "labels": {"ACTOR": {"p": 0.1, "r": 0.01, "f": 0.02}}})
    dialog._trained((weak, ["2 train documents, 2 dev documents"]))
    assert "not useful yet (dev F1 0.02 on 2 documents)" in dialog.status.text()
    assert dialog.suggest_button.text() != SUGGEST_TEXT
    good = ModelInfo(**{**weak.__dict__, "name": "good", "scores": {"p": 0.8, "r": 0.8, "f": 0.8, "labels": {}}})
    dialog._trained((good, []))
    assert "not useful" not in dialog.status.text() and dialog.suggest_button.text() == SUGGEST_TEXT


def test_4_export_dialog_leaves_out_unfinished_documents_and_shows_the_report(qtbot, window, store, doc_id,
                                                                              tmp_path):
    import json

    from annotations.types import DocumentRecord

    services.add_span(store, doc_id, 0, 8, "ACTOR")
    services.set_status(store, doc_id, "done")
    services.import_records(store, [DocumentRecord(text="Never opened.", title="New")])
    window.reload_documents()
    qtbot.keyClick(window.article, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.io.dialog
    assert dialog.isVisible()
    assert dialog.status.currentData() == "done,annotated" and "(1)" in dialog.status.currentText()
    assert "pdf" not in [dialog.format.itemText(i) for i in range(dialog.format.count())]  # import-only
    dialog.format.setCurrentText("jsonl")
    out = tmp_path / "out.jsonl"
    dialog.out.setText(str(out))
    with qtbot.waitSignal(window.io.finished, timeout=20000):
        dialog.accept()
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["text"] for line in lines] == [EXAMPLE]
    box = window.io.report_box
    assert box.isVisible() and "Exported 1 document(s), 1 span(s)" in box.text()


def test_6_widening_a_suggested_figure_derives_its_attributes_again(qtbot, window, store):
    text = "The port was closed. Repairs will take about six weeks, officials said."
    doc = services.import_records(store, [DocumentRecord(text=text, title="Weeks")]).document_ids[0]
    start, end = text.index("about"), text.index(" weeks")
    suggested = {"value": 6, "unit": "items", "approximate": True}
    span_id = services.add_span(store, doc, start, end, "FIGURE", suggested, origin="suggestion",
                                status="pending", suggester="rules").span_id
    window.reload_documents()
    window.open_document(doc)
    window.article.setFocus()
    window.ws.select(span_id)
    qtbot.keyClick(window.article, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    span = services.get_span(store, span_id)
    assert (span.end, span.attributes["unit"]) == (end + len(" weeks"), "weeks")
    assert window.span_panel.editors["unit"].widget.text() == "weeks"
    window.ws.undo()
    assert services.get_span(store, span_id).attributes == suggested


def test_7_single_line_breaks_show_as_spaced_paragraphs_and_offsets_hold(qtbot, window, store):
    text = "Chile imposed tariffs on Monday.\nPeru replied 😀 on Tuesday.\r\nBolivia said nothing."
    doc = services.import_records(store, [DocumentRecord(text=text, title="Paragraphs")]).document_ids[0]
    window.reload_documents()
    window.open_document(doc)
    article = window.article
    blocks = article.document().blockCount()
    assert blocks == 5  # three paragraphs with an empty line between each
    first = article.document().firstBlock()
    gap = article.blockBoundingGeometry(first.next().next()).top() - article.blockBoundingGeometry(first).bottom()
    assert gap >= article.fontMetrics().height() - 1
    for word, key in (("Peru", "1"), ("Bolivia", "1"), ("Tuesday", "2")):
        start = text.index(word)
        article.select_chars(start, start + len(word))
        assert article.selection() == (start, start + len(word))
        qtbot.keyClick(article, key)
    assert sorted(text[s.start:s.end] for s in services.get_spans(store, doc)) == ["Bolivia", "Peru", "Tuesday"]
    bolivia = next(s for s in window.ws.spans.values() if text[s.start:s.end] == "Bolivia")
    rects = {span.id: found for span, found in article._visible_spans()}
    point = rects[bolivia.id][0].center().toPoint()
    window.ws.select(None)
    qtbot.mouseClick(article.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.ws.selected == bolivia.id


def test_4_export_dialog_will_not_write_nothing(qtbot, window, store, doc_id):
    from PySide6.QtWidgets import QDialogButtonBox

    dialog = window.io.export_dialog()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.format.currentText() == "jsonl"
    assert dialog.status.currentData() == "done,annotated" and not ok.isEnabled()  # nothing done or annotated yet
    dialog.status.setCurrentIndex(dialog.status.findData("new"))
    assert ok.isEnabled()
