"""Relation arcs in the article (issue 19): View ▸ Relation arcs draws an arc from each
relation's head to its child, remembered across restarts; the arc ends sit on the
spans' current rectangles after scrolling, resizing and zooming; only relations
with an end in view are drawn; the Missing relations dock lists heads without one."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from annotations import services
from annotations.editing import AddRelation
from annotations.types import DocumentRecord

SENTENCE = "Finance Minister Ana Ruiz said about 3,500 jobs were at risk."
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _doc_with_relations(store, paragraphs=1):
    text = "\n\n".join([SENTENCE] * paragraphs)
    doc = services.import_records(store, [DocumentRecord(text=text, title="Ruiz")]).document_ids[0]
    pairs = []
    for k in range(paragraphs):
        base = k * (len(SENTENCE) + 2)
        ruiz = base + SENTENCE.index("Ana Ruiz")
        actor = services.add_span(store, doc, ruiz, ruiz + 8, "ACTOR").span_id
        said = base + SENTENCE.index("about")
        assertion = services.add_span(store, doc, said, base + len(SENTENCE), "ASSERTION").span_id
        services.add_relation(store, assertion, actor, "SOURCE")
        pairs.append((assertion, actor))
    return doc, pairs


def _ends_on_rects(window):
    """Each drawn arc starts on its head's and ends on its child's current rectangles (top edge)."""
    rects = {span.id: r for span, r in window.article._visible_spans()}
    for rel_id, start, end in window.relation_arcs.drawn:
        rel = window.ws.relations[rel_id]
        for span_id, point in ((rel.head_id, start), (rel.child_id, end)):
            if span_id in rects:
                assert any(abs(point.y() - r.top()) < 0.5 and r.left() - 1 <= point.x() <= r.right() + 1
                           for r in rects[span_id]), (span_id, point)


def test_arcs_toggle_from_the_view_menu_and_are_remembered(qtbot, make_window, store, store_path):
    doc, [(assertion, actor)] = _doc_with_relations(store)
    window = make_window(store_path, doc)
    assert not window.relation_arcs.enabled
    window.article.viewport().repaint()
    assert window.relation_arcs.drawn == []
    qtbot.keyClick(window.article, Qt.Key.Key_J, CTRL_SHIFT)
    assert window.actions_by_id["view.relations"].isChecked()
    window.article.viewport().repaint()
    assert [d[0] for d in window.relation_arcs.drawn] == list(window.ws.relations)
    _ends_on_rects(window)
    # the arc is painted: the head label's colour appears above the child span
    image = window.article.viewport().grab().toImage()
    ratio = window.article.viewport().devicePixelRatioF()
    _rel, start, end = window.relation_arcs.drawn[0]
    colour = QColor(store.schema.label("ASSERTION").color)
    above = [QColor(image.pixel(int(x * ratio), int(y * ratio)))
             for x in range(int(min(start.x(), end.x())), int(max(start.x(), end.x())))
             for y in range(0, int(min(start.y(), end.y())))]
    assert any(abs(c.red() - colour.red()) + abs(c.green() - colour.green()) + abs(c.blue() - colour.blue()) < 60
               for c in above)
    window.close()
    again = make_window(store_path, doc)
    assert again.relation_arcs.enabled and again.actions_by_id["view.relations"].isChecked()


def test_arcs_follow_scrolling_resizing_and_zoom_and_only_visible_ones_are_drawn(qtbot, make_window, store,
                                                                                 store_path):
    doc, pairs = _doc_with_relations(store, paragraphs=60)
    window = make_window(store_path, doc)
    window.relation_arcs.set_enabled(True)
    window.article.viewport().repaint()
    drawn = {d[0] for d in window.relation_arcs.drawn}
    assert 0 < len(drawn) < len(pairs)  # only relations with an end in view
    _ends_on_rects(window)
    bar = window.article.verticalScrollBar()
    for step in (bar.maximum() // 2, bar.maximum()):
        bar.setValue(step)
        window.article.viewport().repaint()
        assert window.relation_arcs.drawn and {d[0] for d in window.relation_arcs.drawn} != drawn
        _ends_on_rects(window)
    window.resize(900, 700)
    qtbot.wait(20)
    window.article.viewport().repaint()
    _ends_on_rects(window)
    window.article.zoomIn(4)
    window.article.viewport().repaint()
    _ends_on_rects(window)


def test_a_relation_with_one_end_out_of_view_runs_to_the_edge(qtbot, make_window, store, store_path):
    filler = "\n\n".join(["Filler paragraph without spans, long enough to take a line."] * 80)
    text = SENTENCE + "\n\n" + filler + "\n\nThe ministry said more cuts may follow."
    doc = services.import_records(store, [DocumentRecord(text=text, title="Far")]).document_ids[0]
    actor = services.add_span(store, doc, SENTENCE.index("Ana Ruiz"), SENTENCE.index("Ana Ruiz") + 8, "ACTOR").span_id
    start = text.index("more cuts")
    assertion = services.add_span(store, doc, start, len(text) - 1, "ASSERTION").span_id
    services.add_relation(store, assertion, actor, "SOURCE")
    window = make_window(store_path, doc)
    window.relation_arcs.set_enabled(True)
    window.article.viewport().repaint()
    [(_rel, head_point, child_point)] = window.relation_arcs.drawn
    assert head_point.y() == window.article.viewport().height()  # the head is below the view
    window.article.verticalScrollBar().setValue(window.article.verticalScrollBar().maximum())
    window.article.viewport().repaint()
    [(_rel, head_point, child_point)] = window.relation_arcs.drawn
    assert child_point.y() == 0  # now the source is above
    assert 0 < head_point.y() < window.article.viewport().height()


def test_missing_relations_lists_assertions_without_a_source(qtbot, make_window, store, store_path):
    doc, [(assertion, actor)] = _doc_with_relations(store)
    lonely = services.add_span(store, doc, 0, len("Finance Minister"), "ASSERTION").span_id
    window = make_window(store_path, doc)
    qtbot.keyClick(window.article, Qt.Key.Key_M, CTRL_SHIFT)
    panel = window.missing_dock.widget()
    assert panel.model.rowCount() == 1 and panel.count.text() == "1 span without SOURCE"
    assert panel.model.index(0, 1).data() == "no SOURCE"
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert window.ws.selected == lonely and window.article.hasFocus()
    window.ws.push(AddRelation(doc, lonely, actor, "SOURCE"))
    assert panel.model.rowCount() == 0 and panel.count.text().startswith("0 spans")
    window.ws.undo()
    assert panel.model.rowCount() == 1 and panel.model.index(0, 0).data(Qt.ItemDataRole.UserRole + 1) != assertion
