"""Issue 19 (desktop, second pass) defects, each driving the real widgets."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from annotations import services
from annotations.types import DocumentRecord, SpanRecord
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
