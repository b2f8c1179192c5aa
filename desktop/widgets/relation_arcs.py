"""Relations drawn in the text, as brat and INCEpTION show them: an arc from each
relation's head span (e.g. an assertion) to its child (e.g. its source), with an
arrowhead at the child and the relation's name at the top of the arc.

An overlay of the article view (`ArticleView.overlays`): each paint it draws
only relations with an end among the spans in view (the view hands them over),
from their line rectangles of that paint, so arcs follow scrolling, resizing and
zoom. An end out of view becomes a connector to the viewport's top or bottom
edge. QPlainTextEdit cannot space lines apart, so arcs rise into the gap
above their line and a name is drawn only where it hides no text (a blank
line between paragraphs) or when the arc belongs to the selected span. Shown or hidden by View ▸ Relation arcs, remembered in the settings.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSettings, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPalette, QPen, QPolygonF

SETTING = "view/relationArcs"
ARROW = 6.0
RISE = 0.35  # of a line's height: the peak sits in the underline band of the line above
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
        font.setPointSizeF(max(font.pointSizeF() * 0.66, 6.5))
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
            pen = QPen(color, 1.4)
            if rel.status != "accepted":
                pen.setStyle(Qt.PenStyle.DashLine)
            if child_rects is not None:
                end = anchor(child_rects, anchor(head_rects, child_rects[0].center()) if head_rects else
                             child_rects[0].center())
            else:
                end = QPointF(viewport.center().x(), viewport.top() if child_span.start < first else viewport.bottom())
            start = anchor(head_rects, end) if head_rects is not None else QPointF(
                end.x(), viewport.top() if head_span.start < first else viewport.bottom())
            room = metrics.horizontalAdvance(rel.label) + 6 + 3 * ARROW  # the name's plate and both legs
            if abs(start.x() - end.x()) < room and head_rects is not None:  # e.g. the child inside its head
                start = self._beside(head_rects, start, end, room)
            selected = self.ws.selected in (rel.head_id, rel.child_id)
            self._arc(painter, pen, start, end, rel.label, metrics, selected)
            self.drawn.append((rel.id, start, end))

    @staticmethod
    def _beside(rects: list[QRectF], start: QPointF, end: QPointF, room: float) -> QPointF:
        """A head point `room` beside the child on the same line (right if it fits, else left), so
        the arc's legs show on both sides of its name."""
        rect = next((r for r in rects if abs(r.top() - start.y()) < 0.5), rects[0])
        right = min(end.x() + room, rect.right() - 2)
        left = max(end.x() - room, rect.left() + 2)
        x = right if right - end.x() >= end.x() - left else left
        return QPointF(x, rect.top())

    def _free(self, point: QPointF) -> bool:
        """Whether `point` lies over no text: in a blank line (paragraph spacing) or above the first line."""
        block = self.view.cursorForPosition(point.toPoint()).block()
        top = self.view.blockBoundingGeometry(block).translated(self.view.contentOffset()).top()
        return not block.text().strip() or point.y() < top

    def _arc(self, painter: QPainter, pen: QPen, start: QPointF, end: QPointF, label: str,
             metrics: QFontMetricsF, named: bool) -> None:
        """One arc; its name is shown where it covers no text, and always for the selected span's relations."""
        # QPlainTextEdit cannot space lines apart: an arc stays a flat hump in the gap above its
        # line (its peak, 3/4 of the rise, at the line above's descenders), never through letters
        rise = QFontMetricsF(self.view.font()).height() * RISE
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
        if not (named or self._free(apex)):
            return
        width = metrics.horizontalAdvance(label) + 6
        box = QRectF(apex.x() - width / 2, apex.y() - metrics.height() / 2, width, metrics.height())
        base = self.view.palette().color(QPalette.ColorRole.Base)
        base.setAlpha(225)  # the name's plate lets the text under it show through a little
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
