"""The application icon, read from `resources/icons` with importlib.resources
(never a path relative to the working directory)."""
from __future__ import annotations

import logging
from importlib import resources

from PySide6.QtGui import QIcon, QPixmap

log = logging.getLogger(__name__)

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)  # up to 512: sharp at 200 % scaling too


def app_icon() -> QIcon:
    """The Glossator icon drawn from its SVG at every size (never a scaled bitmap: no blur on
    high-DPI screens); an empty icon (logged) if the SVG cannot be drawn."""
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgRenderer

    data = (resources.files("resources") / "icons" / "glossator.svg").read_bytes()
    renderer = QSvgRenderer(QByteArray(data))
    if not renderer.isValid():
        log.warning("cannot draw the application icon (the SVG does not parse)")
        return QIcon()
    icon = QIcon()
    for size in ICON_SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        icon.addPixmap(pixmap)
    return icon
