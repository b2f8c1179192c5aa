"""How the article paints another annotator's spans (shown on request through
View ▸ Layers, read-only): the light fill of a suggestion under a clear hatch
in the label's colour, and a dotted underline. Which spans are read-only is
`annotations.layer_view`; this module only paints."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter

FILL_ALPHA = 28  # as light as a pending suggestion's fill
HATCH_ALPHA = 190
UNDERLINE = Qt.PenStyle.DotLine


def fill_read_only(painter: QPainter, rect: QRectF, color: QColor) -> None:
    fill, hatch = QColor(color), QColor(color)
    fill.setAlpha(FILL_ALPHA)
    hatch.setAlpha(HATCH_ALPHA)
    painter.fillRect(rect, fill)
    painter.fillRect(rect, QBrush(hatch, Qt.BrushStyle.BDiagPattern))
