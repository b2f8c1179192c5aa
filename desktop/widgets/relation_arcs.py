"""Relations drawn in the text, as brat and INCEpTION show them: an arc from each
relation's head span (e.g. an assertion) to its child (e.g. its source), with an
arrowhead at the child and the relation's name at the top of the arc.

An overlay of the article view (`ArticleView.overlays`): each paint it draws
only relations with an end among the spans in view (the view hands them over),
from their line rectangles of that paint, so arcs follow scrolling, resizing and
zoom. An end out of view becomes a connector to the viewport's top or bottom
edge. Shown or hidden by View ▸ Relation arcs, remembered in the settings.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSettings, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPalette, QPen, QPolygonF

SETTING = "view/relationArcs"
RISE_MIN, RISE_MAX = 10.0, 36.0  # how high an arc climbs above its higher end
ARROW = 6.0
BASE_MARGIN, TOP_ROOM = 12, 30  # the article's document margin without and with arcs


def anchor(rects: list[QRectF], toward: QPointF) -> QPointF:
    """The point on the top edge of a span's line rectangles nearest `toward`."""
    best, best_d = None, math.inf
    for rect in rects:
        x = min(max(toward.x(), rect.left() + 2), rect.right() - 2) if rect.width() > 4 else rect.center().x()
        point = QPointF(x, rect.top())
        d = (point - toward).manhattanLength()
        if d < best_d:
            best, best_d = point, d
    return best


class RelationArcs:
    """Draws the open document's relations over the article view when enabled."""

    def __init__(self, view, settings: QSettings | None = None):
        self.view, self.ws, self.settings = view, view.ws, settings
        self.enabled = bool(settings is not None and settings.value(SETTING, False, type=bool))
        self.drawn: list[tuple[int, QPointF, QPointF]] = []  # (relation id, head point, child point) of the last paint
        view.overlays.append(self.paint)
        # QPlainTextEdit scrolls by moving pixels: a connector to the edge would move with them.
        view.verticalScrollBar().valueChanged.connect(self._scrolled)
        view.ws.document_opened.connect(lambda _doc: self._make_room())
        self._make_room()

    def set_enabled(self, on: bool) -> None:
        self.enabled = bool(on)
        if self.settings is not None:
            self.settings.setValue(SETTING, self.enabled)
        self._make_room()
        self.view.viewport().update()

    def _make_room(self) -> None:
        """A taller top margin while arcs show, so the first line's arcs and names are not cut off."""
        document = self.view.document()
        margin = TOP_ROOM if self.enabled else BASE_MARGIN
        if document.documentMargin() != margin:
            document.setDocumentMargin(margin)

    def _scrolled(self, _value: int) -> None:
        if self.enabled and self.ws.relations:
            self.view.viewport().update()

    # ---- painting ----------------------------------------------------------------

    def paint(self, painter: QPainter, visible: list) -> None:
        self.drawn = []
        if not self.enabled or not self.ws.relations or not visible:
            return
        shown = {span.id: rects for span, rects in visible if rects}
        if not shown:
            return
        first = min(span.start for span, _r in visible)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        font = QFont(self.view.font())
        font.setPointSizeF(max(font.pointSizeF() * 0.72, 7.0))
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        viewport = QRectF(self.view.viewport().rect())
        for rel in self.ws.relations.values():
            head_rects, child_rects = shown.get(rel.head_id), shown.get(rel.child_id)
            if head_rects is None and child_rects is None:
                continue
            head_span, child_span = self.ws.spans.get(rel.head_id), self.ws.spans.get(rel.child_id)
            if head_span is None or child_span is None:
                continue
            color = QColor(self.view._colors.get(head_span.label, QColor("#888888")))
            color.setAlpha(230 if rel.status == "accepted" else 150)
            pen = QPen(color, 1.6)
            if rel.status != "accepted":
                pen.setStyle(Qt.PenStyle.DashLine)
            if child_rects is not None:
                end = anchor(child_rects, anchor(head_rects, child_rects[0].center()) if head_rects else
                             child_rects[0].center())
            else:
                end = QPointF(viewport.center().x(), viewport.top() if child_span.start < first else viewport.bottom())
            start = anchor(head_rects, end) if head_rects is not None else QPointF(
                end.x(), viewport.top() if head_span.start < first else viewport.bottom())
            if (start - end).manhattanLength() < 8 and head_rects is not None:  # child inside its head: start left
                start = QPointF(head_rects[0].left() + 2, head_rects[0].top())
            self._arc(painter, pen, start, end, rel.label, metrics)
            self.drawn.append((rel.id, start, end))

    def _arc(self, painter: QPainter, pen: QPen, start: QPointF, end: QPointF, label: str,
             metrics: QFontMetricsF) -> None:
        rise = min(max(abs(end.x() - start.x()) * 0.25, RISE_MIN), RISE_MAX)
        top = max(min(start.y(), end.y()) - rise, metrics.height() / 2 + 1)  # the name stays in view
        path = QPainterPath(start)
        path.cubicTo(QPointF(start.x(), top), QPointF(end.x(), top), end)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        # the arrowhead points down into the child span
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(pen.color())
        painter.drawPolygon(QPolygonF([end, QPointF(end.x() - ARROW / 2, end.y() - ARROW),
                                       QPointF(end.x() + ARROW / 2, end.y() - ARROW)]))
        apex = path.pointAtPercent(0.5)
        width = metrics.horizontalAdvance(label) + 6
        box = QRectF(apex.x() - width / 2, apex.y() - metrics.height() / 2, width, metrics.height())
        base = self.view.palette().color(QPalette.ColorRole.Base)
        painter.setBrush(base)
        painter.setPen(QPen(pen.color(), 1))
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(self.view.palette().color(QPalette.ColorRole.Text))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)


def install(window) -> RelationArcs:
    """Give the window's article relation arcs and make View ▸ Relation arcs (checkable) drive them."""
    arcs = RelationArcs(window.article, window.settings)
    action = window.actions_by_id["view.relations"]
    action.setCheckable(True)
    action.setChecked(arcs.enabled)
    return arcs
