"""Look of the window: light or dark palette (View ▸ Theme: system, light, dark,
remembered in the settings) and a focus frame that is visible on every widget.

"system" follows the platform's colour scheme (Qt's style hints), switching
live when it changes; where the platform says dark but hands over a light
palette, the dark palette here is used. Label colours are adjusted to the
palette by `widgets.colors.readable_on` (the article view asks again when the
theme changes). The focus frame is drawn by `FocusStyle`, a proxy of Fusion:
a 2-pixel highlight-coloured frame around the focused control, item view or
text area, so keyboard users always see where they are.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QRectF, QSettings, Qt, Signal
from PySide6.QtGui import QColor, QPalette, QPen
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QProxyStyle, QStyle

THEMES = ("system", "light", "dark")
SETTING = "view/theme"
FOCUS_WIDTH = 2.0
_SYSTEM_PALETTE: QPalette | None = None

_DARK = {
    QPalette.ColorRole.Window: "#2b2b2b", QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1e1e1e", QPalette.ColorRole.AlternateBase: "#262626",
    QPalette.ColorRole.ToolTipBase: "#3a3a3a", QPalette.ColorRole.ToolTipText: "#f0f0f0",
    QPalette.ColorRole.PlaceholderText: "#8c8c8c", QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#353535", QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.BrightText: "#ff6b6b", QPalette.ColorRole.Link: "#6cb4ff",
    QPalette.ColorRole.Highlight: "#3d8ee6", QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Light: "#4a4a4a", QPalette.ColorRole.Midlight: "#3c3c3c",
    QPalette.ColorRole.Mid: "#2f2f2f", QPalette.ColorRole.Dark: "#1a1a1a", QPalette.ColorRole.Shadow: "#000000",
}
_DARK_DISABLED = {QPalette.ColorRole.Text: "#7a7a7a", QPalette.ColorRole.WindowText: "#7a7a7a",
                  QPalette.ColorRole.ButtonText: "#7a7a7a", QPalette.ColorRole.HighlightedText: "#b0b0b0"}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, color in _DARK.items():
        palette.setColor(role, QColor(color))
    for role, color in _DARK_DISABLED.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(color))
    return palette


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


class FocusStyle(QProxyStyle):
    """Fusion, with a focus frame that cannot be missed (2 px, the palette's highlight colour)."""

    def drawPrimitive(self, element, option, painter, widget=None) -> None:
        if element == QStyle.PrimitiveElement.PE_FrameFocusRect:
            self._frame(painter, QRectF(option.rect), option.palette)
            return
        super().drawPrimitive(element, option, painter, widget)
        focused = widget is not None and widget.hasFocus()
        if focused and element in (QStyle.PrimitiveElement.PE_FrameLineEdit, QStyle.PrimitiveElement.PE_Frame):
            self._frame(painter, QRectF(option.rect), option.palette)

    def drawControl(self, element, option, painter, widget=None) -> None:
        super().drawControl(element, option, painter, widget)
        # item views and text areas: their frame is drawn without a focus state in Fusion
        if (element == QStyle.ControlElement.CE_ShapedFrame and isinstance(widget, QAbstractScrollArea)
                and widget.hasFocus()):
            self._frame(painter, QRectF(option.rect), option.palette)

    def drawComplexControl(self, control, option, painter, widget=None) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control == QStyle.ComplexControl.CC_ComboBox and widget is not None and widget.hasFocus():
            self._frame(painter, QRectF(option.rect), option.palette)

    @staticmethod
    def _frame(painter, rect: QRectF, palette: QPalette) -> None:
        painter.save()
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), FOCUS_WIDTH))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = FOCUS_WIDTH / 2
        painter.drawRoundedRect(rect.adjusted(half, half, -half, -half), 2, 2)
        painter.restore()


class Theme(QObject):
    """The application's palette; `changed` fires after a switch (views re-derive colours)."""

    changed = Signal(bool)  # dark?

    def __init__(self, app: QApplication, settings: QSettings | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.app, self.settings = app, settings
        if not isinstance(app.style(), FocusStyle):
            app.setStyle(FocusStyle("Fusion"))
        global _SYSTEM_PALETTE
        if _SYSTEM_PALETTE is None:  # the platform's palette, before any theme replaced it
            _SYSTEM_PALETTE = QPalette(app.palette())
        self.system_palette = _SYSTEM_PALETTE
        stored = settings.value(SETTING, "system") if settings is not None else "system"
        self.name = stored if stored in THEMES else "system"
        app.styleHints().colorSchemeChanged.connect(self._scheme_changed)
        self.apply()

    def _scheme_changed(self, _scheme) -> None:
        if self.name == "system":
            self.apply()

    def set(self, name: str) -> None:
        if name not in THEMES:
            raise ValueError(f"unknown theme {name!r}")
        self.name = name
        if self.settings is not None:
            self.settings.setValue(SETTING, name)
        self.apply()

    def wants_dark(self) -> bool:
        if self.name == "system":
            return self.app.styleHints().colorScheme() == Qt.ColorScheme.Dark or is_dark(self.system_palette)
        return self.name == "dark"

    def apply(self) -> None:
        dark = self.wants_dark()
        if dark:
            palette = self.system_palette if is_dark(self.system_palette) else dark_palette()
        else:
            palette = self.system_palette if not is_dark(self.system_palette) else self.app.style().standardPalette()
        self.app.setPalette(palette)
        self.changed.emit(dark)


def install(window) -> Theme:
    """View ▸ Theme (system, light, dark) as radio actions (the article re-derives its label colours
when the new palette reaches it)."""
    from PySide6.QtGui import QAction, QActionGroup

    theme = Theme(QApplication.instance(), window.settings, window)
    menu = window.menus["View"].addMenu("&Theme")
    group = QActionGroup(menu)
    for name in THEMES:
        action = QAction(f"&{name.capitalize()}", menu, checkable=True, objectName=f"view.theme.{name}")
        action.setChecked(name == theme.name)
        action.triggered.connect(lambda _checked=False, n=name: theme.set(n))
        group.addAction(action)
        menu.addAction(action)
    return theme

