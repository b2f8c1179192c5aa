"""The application icon, read from `resources/icons` with importlib.resources
(never a path relative to the working directory)."""
from __future__ import annotations

import logging
from importlib import resources

from PySide6.QtGui import QIcon, QPixmap

log = logging.getLogger(__name__)

ICON_SIZES = (16, 32, 64, 256)


def app_icon() -> QIcon:
    """The Glossator icon at the usual sizes; an empty icon (logged) if the SVG cannot be drawn."""
    data = (resources.files("resources") / "icons" / "glossator.svg").read_bytes()
    icon = QIcon()
    for size in ICON_SIZES:
        pixmap = QPixmap()
        if not pixmap.loadFromData(data, "SVG"):
            log.warning("cannot draw the application icon (Qt SVG image plugin missing?)")
            return QIcon()
        icon.addPixmap(pixmap.scaled(size, size))
    return icon
