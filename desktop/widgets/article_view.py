"""The article view: the document text, read-only and selectable, with every
visible span painted in its label's colour.

Spans are painted, not stored as text formats: each paint looks up only the
spans in the visible range (SpanIndex), fills them translucently (overlaps get
darker) and draws one underline per layer, so 5,000 spans cost nothing until
they scroll into view. Underlines of every layer stay below the baseline, in the
band down to the next line's capitals (`mark_offsets`), so a nested span never
reads as struck-through text at any zoom. Pending suggestions get a lighter fill and a dashed
underline; the selected span an outline. Offsets are code points; Qt counts
UTF-16 units and the view adds paragraph spacing, so it converts at its edges
(`display_text.DisplayText`).
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette, QPen, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip

from ..workspace import Workspace
from .colors import label_color, readable_on
from .display_text import DisplayText
from . import layer_style

FILL_ALPHA = {"accepted": 70, "pending": 28}
FLAG_COLOR = "#E53935"  # flags are red in the article and the Flagged list
MAX_DRAWN_LAYERS = 4


class ArticleView(QPlainTextEdit):
    span_clicked = Signal(int)
    first_painted = Signal()  # once, after the first paint (slow work waits for it: fast start)

    def __init__(self, ws: Workspace, parent=None):
        super().__init__(parent)
        self.ws = ws
        self.setObjectName("articleView")
        self.setAccessibleName("Article text")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 11.0))
        self.setFont(font)
        self.document().setDocumentMargin(12)
        self._shown = DisplayText("")
        self._colors: dict[str, QColor] = {}
        self._last_click: tuple[int, int] | None = None  # (code point, span id) for cycling overlaps
        self._clicking = False  # a click selects a span and leaves the cursor where it was clicked
        self._painted = False
        self.describers: list = []  # span id -> an extra hover line or "" (e.g. the linked actor)
        self.mark_providers: list = []  # () -> [(start, end, QColor)]: backgrounds (an actor's mentions)
        self._flagged: set[int] = set()  # span ids with a flag (a small mark at their start)
        # Painters drawn over the text after the marks, e.g. relation arcs: each gets
        # (painter, visible [(span, rects)]) and must draw only what is in view.
        self.overlays: list[Callable[[QPainter, list], None]] = []
        ws.document_opened.connect(self.show_document)
        ws.changed.connect(lambda _change: self.viewport().update())
        ws.selection_changed.connect(self._on_selection)
        ws.schema_changed.connect(self.refresh_colors)
        ws.store_opened.connect(lambda _path: self.refresh_colors())

    # ---- content ---------------------------------------------------------

    def refresh_colors(self) -> None:
        schema = self.ws.store.schema if self.ws.store else None
        base = self.palette().color(QPalette.ColorRole.Base)
        self._colors = {lab.name: readable_on(label_color(lab.color), base) for lab in schema.labels} if schema else {}
        self.viewport().update()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # a theme switch reaches widgets after the app's palette
            self.refresh_colors()

    def show_document(self, _document_id: int | None = None) -> None:
        self._shown = DisplayText(self.ws.document.text if self.ws.document else "")
        self.setPlainText(self._shown.text)
        self._last_click = None

    def to_qt(self, cp: int) -> int:
        return self._shown.to_view(cp)

    def to_cp(self, pos: int) -> int:
        return self._shown.to_codepoint(pos)

    def selection(self) -> tuple[int, int] | None:
        """The selected characters as code points, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self.to_cp(cursor.selectionStart()), self.to_cp(cursor.selectionEnd())

    def select_chars(self, start: int, end: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(self.to_qt(start))
        cursor.setPosition(self.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def reveal(self, span_id: int) -> None:
        span = self.ws.spans.get(span_id)
        if span is None:
            return
        cursor = self.textCursor()
        target = self.to_qt(span.start)
        if cursor.position() != target or cursor.hasSelection():  # moving the cursor costs a relayout check
            cursor.setPosition(target)
            self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def _on_selection(self, span_id: int | None) -> None:
        if span_id is not None and not self._clicking and not self.textCursor().hasSelection():
            self.reveal(span_id)
        self.viewport().update()

    def spans_at(self, point) -> tuple[int, list[int]]:
        pos = self.to_cp(self.cursorForPosition(point).position())
        return pos, self.ws.index.at(pos)

    # ---- painting --------------------------------------------------------

    def _visible_range(self) -> tuple[int, int]:
        rect = self.viewport().rect()
        first = self.cursorForPosition(rect.topLeft()).position()
        last = self.cursorForPosition(rect.bottomRight()).position()
        return self.to_cp(first), self.to_cp(last) + 1

    def _rects(self, start: int, end: int, clip: QRectF) -> list[QRectF]:
        """Line rectangles (viewport coordinates) covering code points [start, end), within `clip`."""
        qs, qe = self.to_qt(start), self.to_qt(end)
        block = self.document().findBlock(qs)
        offset = self.contentOffset()
        rects = []
        while block.isValid() and block.position() < qe:
            if block.isVisible():
                top_left = self.blockBoundingGeometry(block).translated(offset).topLeft()
                layout = block.layout()
                a, b = max(qs - block.position(), 0), min(qe - block.position(), block.length() - 1)
                # Only the lines the span touches: one paragraph can hold thousands of lines.
                first = layout.lineForTextPosition(a).lineNumber()
                last = layout.lineForTextPosition(max(a, b - 1)).lineNumber()
                for i in range(max(first, 0), (last if last >= 0 else layout.lineCount() - 1) + 1):
                    line = layout.lineAt(i)
                    if top_left.y() + line.y() > clip.bottom():
                        return rects
                    if top_left.y() + line.y() + line.height() < clip.top():
                        continue
                    ls, le = line.textStart(), line.textStart() + line.textLength()
                    x1 = line.cursorToX(max(a, ls))
                    x2 = line.cursorToX(min(b, le))
                    x1 = x1[0] if isinstance(x1, tuple) else x1
                    x2 = x2[0] if isinstance(x2, tuple) else x2
                    rects.append(QRectF(x1, line.y(), max(x2 - x1, 2.0), line.height()).translated(top_left))
            block = block.next()
        return rects

    def _visible_spans(self):
        if not self.ws.document:
            return []
        lo, hi = self._visible_range()
        clip = QRectF(self.viewport().rect())
        spans = (self.ws.spans.get(i) for i in self.ws.index.overlapping(lo, hi))
        return [(s, self._rects(s.start, s.end, clip)) for s in spans if s is not None]

    def paintEvent(self, event) -> None:
        visible = self._visible_spans()
        painter = QPainter(self.viewport())
        for span, rects in visible:  # fills go under the text
            color = QColor(self._colors.get(span.label, QColor("#888888")))
            color.setAlpha(FILL_ALPHA.get(span.status, 40))
            read_only = self.read_only(span)  # another annotator's span (layer_style)
            for rect in rects:
                layer_style.fill_read_only(painter, rect, color) if read_only else painter.fillRect(rect, color)
        painter.end()
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for span, rects in visible:
            self._paint_marks(painter, span, rects)
        for overlay in self.overlays:
            painter.save()
            overlay(painter, visible)
            painter.restore()
        painter.end()
        if not self._painted:  # the first paint of the viewport, text or not
            self._painted = True
            self.first_painted.emit()

    def mark_offsets(self) -> tuple[list[float], float]:
        """Where each layer's underline goes, as offsets from a line's top, and the pen width.

        All lie below the baseline (under the letters' bodies) and above the next
        line's capitals: the band is the descent plus the room above capitals."""
        metrics = QFontMetricsF(self.font())
        baseline = metrics.ascent()
        band = metrics.descent() + max(metrics.ascent() - metrics.capHeight(), 0.0)
        gap = max(1.0, metrics.descent() * 0.3)
        step = max((band - gap) / MAX_DRAWN_LAYERS, 1.0)
        width = max(min(step * 0.75, 2.0), 1.0)
        return [baseline + gap + step * k + width / 2 for k in range(MAX_DRAWN_LAYERS)], width

    def _paint_marks(self, painter: QPainter, span, rects: list[QRectF]) -> None:
        color = QColor(self._colors.get(span.label, QColor("#888888")))
        layer = min(self.ws.index.layers.get(span.id, 0), MAX_DRAWN_LAYERS - 1)
        offsets, width = self.mark_offsets()
        pen = QPen(color, width)
        if span.status == "pending":
            pen.setStyle(Qt.PenStyle.DashLine)
        elif self.read_only(span):
            pen.setStyle(layer_style.UNDERLINE)
        painter.setPen(pen)
        for rect in rects:
            y = rect.top() + offsets[layer]
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        if rects:  # brackets mark where the span starts and ends, down to its underline
            first, last = rects[0], rects[-1]
            painter.drawLine(QPointF(first.left(), first.top() + 1), QPointF(first.left(), first.top() + offsets[layer]))
            painter.drawLine(QPointF(last.right(), last.top() + 1), QPointF(last.right(), last.top() + offsets[layer]))
        if span.id == self.ws.selected:
            dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
            painter.setPen(QPen(color.lighter(140) if dark else color.darker(150), 2))  # stands out on either
            for rect in rects:
                painter.drawRect(rect.adjusted(-1, -1, 1, 1))
        if span.id in self._flagged and rects:
            self._paint_flag(painter, rects[0])

    def set_flagged(self, span_ids) -> None:
        self._flagged = set(span_ids)
        self.viewport().update()

    def _paint_flag(self, painter: QPainter, rect: QRectF) -> None:
        """A small red flag on a pole at the span's top-left corner, in the gap above the line."""
        size = max(5.0, QFontMetricsF(self.font()).ascent() * 0.45)
        x, y = rect.left() - 1, rect.top() + 2
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(QColor(FLAG_COLOR), 1.5))
        painter.drawLine(QPointF(x, y), QPointF(x, y - size * 1.6))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(FLAG_COLOR))
        top = y - size * 1.6
        painter.drawPolygon([QPointF(x, top), QPointF(x + size * 1.3, top + size * 0.45), QPointF(x, top + size * 0.9)])
        painter.restore()

    # ---- interaction -----------------------------------------------------

    def read_only(self, span) -> bool:
        """Another annotator's span, shown on request (View ▸ Layers) and not editable here."""
        view = self.ws.state.layer_view
        return view is not None and not view.writable(span)

    def describe(self, span_id: int) -> str:
        span = self.ws.spans[span_id]
        attrs = ", ".join(f"{k}={v}" for k, v in span.attributes.items())
        status = "" if span.status == "accepted" else f" ({span.status})"
        extra = [line for describe in self.describers if (line := describe(span_id))]
        return "\n".join([f"{span.label}{status}" + (f": {attrs}" if attrs else ""), *extra])

    def update_marks(self) -> None:
        """Paint the mark providers' ranges as extra selections (under the text, over the fills)."""
        marks = []
        for start, end, color in (m for provide in self.mark_providers for m in provide()):
            mark = QTextEdit.ExtraSelection()
            mark.format.setBackground(color)
            mark.cursor = QTextCursor(self.document())
            mark.cursor.setPosition(self.to_qt(start))
            mark.cursor.setPosition(self.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
            marks.append(mark)
        self.setExtraSelections(marks)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.ws.document:
            _pos, ids = self.spans_at(self.viewport().mapFrom(self, event.pos()))
            if ids:
                QToolTip.showText(event.globalPos(), "\n".join(self.describe(i) for i in ids), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        pos, ids = self.spans_at(event.position().toPoint())
        if not ids:
            self.ws.select(None)
            return
        chosen = ids[0]
        if self._last_click and self._last_click[1] in ids and self.ws.selected == self._last_click[1]:
            chosen = ids[(ids.index(self._last_click[1]) + 1) % len(ids)]  # repeated clicks cycle overlaps
        self._last_click = (pos, chosen)
        self._clicking = True
        try:
            self.span_clicked.emit(chosen)
        finally:
            self._clicking = False
