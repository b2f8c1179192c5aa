"""The adjudication window's text: the document once, each voter's accepted
spans as an underline in that voter's own lane under every line (lane 1 the
highest, solid; lane 2 dashed, lane 3 dotted), gold spans filled in their label's colour, undecided disagreements
tinted and the current one outlined.

It is the article view (same text conversion, line geometry and painting
budget: only spans and units in the visible range are looked at) with its
own paint; it loads its text only when the adjudication window asks, so the
normal view's document switches cost nothing while it is closed.
"""
from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QPlainTextEdit

from annotations.agreement.adjudication import Unit
from annotations.agreement.layers import GOLD

from ..widgets.article_view import ArticleView

UNDECIDED = QColor(255, 176, 0, 60)  # amber tint under undecided disagreements
GOLD_ALPHA = 90
CURRENT_PEN = QColor("#202020")
LANE_STYLES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine, Qt.PenStyle.DashDotLine)


class LaneView(ArticleView):
    unit_clicked = Signal(int)  # index into `units`

    def __init__(self, ws, parent=None):
        super().__init__(ws, parent)
        self.setObjectName("adjudicationText")
        self.lanes: dict[str, int] = {}  # voter -> lane (0 = just under the baseline)
        self.units: list[Unit] = []
        self._starts: list[int] = []
        self._longest = 0
        self.current: Unit | None = None
        self.is_decided = lambda unit: False

    # ---- content ---------------------------------------------------------------

    def show_document(self, _document_id=None) -> None:
        """The workspace opened a document: the adjudication window decides whether to load it."""

    def load_text(self) -> None:
        ArticleView.show_document(self)

    def set_units(self, units: list[Unit], lanes: dict[str, int]) -> None:
        self.units, self.lanes = units, lanes
        self._starts = [u.start for u in units]
        self._longest = max((u.end - u.start for u in units), default=0)
        self.current = None
        self.viewport().update()

    def unit_index_at(self, pos: int) -> int | None:
        lo = bisect_left(self._starts, pos - self._longest)
        found = [i for i in range(lo, bisect_left(self._starts, pos + 1)) if self.units[i].end > pos]
        return found[-1] if found else None

    def show_unit(self, unit: Unit | None) -> None:
        self.current = unit
        if unit is not None:
            cursor = self.textCursor()
            cursor.setPosition(self.to_qt(unit.start))
            self.setTextCursor(cursor)
            self.centerCursor()
        self.viewport().update()

    def describe(self, span_id: int) -> str:
        span = self.ws.spans[span_id]
        return f"{span.annotator or '?'} · {super().describe(span_id)}"

    # ---- painting --------------------------------------------------------------

    def lane_offsets(self) -> tuple[list[float], float]:
        """One underline offset per voter, spread over the article view's underline band
        (two voters get its top and bottom), and the pen width."""
        band, width = self.mark_offsets()
        n = max(len(self.lanes), 1)
        if n == 1:
            return band[:1], width
        top, bottom = band[0], band[-1]
        return [top + (bottom - top) * k / (n - 1) for k in range(n)], width

    def _visible_units(self, lo: int, hi: int) -> list[Unit]:
        first = bisect_left(self._starts, lo - self._longest)
        return [u for u in self.units[first:bisect_left(self._starts, hi)] if u.end > lo]

    def paintEvent(self, event) -> None:
        if self.ws.document is None or not self.toPlainText():
            QPlainTextEdit.paintEvent(self, event)
            return
        lo, hi = self._visible_range()
        clip = QRectF(self.viewport().rect())
        spans = [s for s in (self.ws.spans.get(i) for i in self.ws.index.overlapping(lo, hi))
                 if s is not None and s.status == "accepted"]
        units = [(u, self._rects(u.start, u.end, clip)) for u in self._visible_units(lo, hi)]
        painter = QPainter(self.viewport())
        for unit, rects in units:
            if not self.is_decided(unit):
                for rect in rects:
                    painter.fillRect(rect, UNDECIDED)
        marks = []
        for span in spans:
            rects = self._rects(span.start, span.end, clip)
            color = QColor(self._colors.get(span.label, QColor("#888888")))
            if span.annotator == GOLD:
                color.setAlpha(GOLD_ALPHA)
                for rect in rects:
                    painter.fillRect(rect, color)
            elif span.annotator in self.lanes:
                marks.append((self.lanes[span.annotator], color, rects))
        painter.end()
        QPlainTextEdit.paintEvent(self, event)
        painter = QPainter(self.viewport())
        offsets, width = self.lane_offsets()
        for lane, color, rects in marks:
            y_off = offsets[min(lane, len(offsets) - 1)]
            painter.setPen(QPen(color, width, LANE_STYLES[lane % len(LANE_STYLES)]))
            for rect in rects:
                painter.drawLine(QPointF(rect.left(), rect.top() + y_off), QPointF(rect.right(), rect.top() + y_off))
            if rects:  # the span's first and last character, down to its lane
                first, last = rects[0], rects[-1]
                painter.drawLine(QPointF(first.left(), first.top() + y_off - 3), QPointF(first.left(), first.top() + y_off))
                painter.drawLine(QPointF(last.right(), last.top() + y_off - 3), QPointF(last.right(), last.top() + y_off))
        if self.current is not None:
            painter.setPen(QPen(CURRENT_PEN, 1.5, Qt.PenStyle.DashLine))
            for rect in self._rects(self.current.start, self.current.end, clip):
                painter.drawRect(rect.adjusted(-2, -1, 2, 1))
        painter.end()

    # ---- clicks choose a unit ----------------------------------------------------

    def mouseReleaseEvent(self, event) -> None:
        QPlainTextEdit.mouseReleaseEvent(self, event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        pos, _ids = self.spans_at(event.position().toPoint())
        index = self.unit_index_at(pos)
        if index is not None:
            self.unit_clicked.emit(index)
