"""Label colours on screen: the colour of a label (grey when the stored value
is not a colour Qt can read, e.g. a store edited by hand), the text colour
that stays readable on it (black or white by WCAG relative luminance), and the
label colour as drawn on the article's background (`readable_on`: lightened on
a dark background, darkened on a light one, until its underlines and arcs reach
the WCAG 2 non-text contrast of 3:1)."""
from __future__ import annotations

from PySide6.QtGui import QColor

FALLBACK_COLOR = "#9E9E9E"


def label_color(name: str) -> QColor:
    """The label's colour, or grey when the stored value is not a colour."""
    color = QColor(name) if isinstance(name, str) else QColor()
    return color if color.isValid() else QColor(FALLBACK_COLOR)


def luminance(color: QColor) -> float:
    """WCAG 2 relative luminance of an opaque colour (0 black … 1 white)."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


def contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_color_on(background: QColor) -> str:
    """Black or white, whichever contrasts more with the background."""
    black, white = QColor("#000000"), QColor("#ffffff")
    return "#000000" if contrast(background, black) >= contrast(background, white) else "#ffffff"


NON_TEXT_CONTRAST = 3.0  # WCAG 2.1, 1.4.11: marks and graphics against their background


def readable_on(color: QColor, background: QColor, minimum: float = NON_TEXT_CONTRAST) -> QColor:
    """`color` moved in lightness (hue and saturation kept) until it contrasts `minimum`:1 with
    `background`; lighter on a dark background, darker on a light one. Unchanged if it does already."""
    if contrast(color, background) >= minimum:
        return QColor(color)
    lighten = luminance(background) < 0.18
    hue, sat, light, alpha = color.getHslF()
    hue = max(hue, 0.0)  # grey has no hue (-1)
    for step in range(1, 101):
        value = min(light + step * 0.01, 1.0) if lighten else max(light - step * 0.01, 0.0)
        moved = QColor.fromHslF(hue, sat, value, alpha)
        if contrast(moved, background) >= minimum:
            return moved
    return QColor("#ffffff" if lighten else "#000000")
