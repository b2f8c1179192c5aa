"""Accessibility pass (issue 19): every action is reachable by keyboard (a shortcut,
or a menu path whose menus all have an Alt+letter, no letter twice in a menu), every interactive widget of the window and its
docks has an accessible name (its own, its text or a label buddy, as assistive
technology reads it through QAccessible), and focus is visible on each kind of
widget (the focus frame adds highlight-coloured pixels)."""
from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QLineEdit, QMenu, QPlainTextEdit, QTextEdit,
    QWidget,
)

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QPlainTextEdit, QTextEdit, QAbstractSpinBox)


def open_every_dock(window):
    window.show_flags()
    window.show_missing_relations()
    window.show_search()
    window.show_review_queue()
    window.history_dock.show()


def menu_paths(menu: QMenu, path=()):
    """(path of menu titles, action) for every action in the menu and its submenus."""
    for action in menu.actions():
        if action.isSeparator():
            continue
        if action.menu() is not None:
            yield from menu_paths(action.menu(), (*path, menu.title()))
        else:
            yield (*path, menu.title()), action


def mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text)
    return found.group(1).lower() if found else None


def test_every_action_has_a_shortcut_or_a_menu_path_with_mnemonics(window):
    open_every_dock(window)
    in_menus = {}
    for top in window.menuBar().actions():
        assert mnemonic(top.text()), f"menu {top.text()!r} has no Alt+letter"
        for path, action in menu_paths(top.menu()):
            in_menus[id(action)] = (path, action)
    # Alt+letter opens each menu and submenu on the way, the arrow keys reach every item in it
    for path, action in in_menus.values():
        assert action.text().strip(), f"an action without text in {' ▸ '.join(path)}"
        assert all(mnemonic(p) for p in path), f"{' ▸ '.join(path)}: a menu on the way has no Alt+letter"
    # no mnemonic is used twice in one menu (the second would be unreachable by its letter)
    for top in window.menuBar().actions():
        for menu in [top.menu(), *(a.menu() for a in top.menu().actions() if a.menu())]:
            letters = [mnemonic(a.text()) for a in menu.actions() if not a.isSeparator()
                       and a.shortcut().isEmpty() and mnemonic(a.text())]
            assert len(letters) == len(set(letters)), f"{menu.title()}: repeated Alt+letters {sorted(letters)}"
    # every registered action is in a menu, or has a shortcut (e.g. article-only keys)
    for action_id, action in window.actions_by_id.items():
        assert id(action) in in_menus or not action.shortcut().isEmpty(), f"{action_id} cannot be reached by keyboard"


def accessible_name(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name) if iface is not None else ""


def test_every_interactive_widget_has_an_accessible_name(window):
    open_every_dock(window)
    window.ws.select(None)
    missing = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(window):
            continue
        if widget.objectName().startswith("qt_") or isinstance(widget.parent(), (QComboBox, QAbstractSpinBox,
                                                                                  QAbstractItemView)):
            continue  # Qt's own parts (a combo box's line edit, a table's header) are named by their owner
        if not accessible_name(widget).strip():
            missing.append(f"{type(widget).__name__} {widget.objectName() or '(no object name)'}")
    assert missing == [], "\n".join(missing)


def highlight_pixels(widget: QWidget) -> int:
    widget.repaint()
    image = widget.grab().toImage()
    target = widget.palette().color(QPalette.ColorRole.Highlight)
    return sum(1 for x in range(0, image.width(), 1) for y in (0, 1, image.height() - 1, image.height() - 2)
               if QColor(image.pixel(x, y)).rgb() == target.rgb()
               or abs(QColor(image.pixel(x, y)).hue() - target.hue()) < 8
               and QColor(image.pixel(x, y)).saturation() > 100)


@pytest.mark.parametrize("find", [
    lambda w: w.article,
    lambda w: w.documents.table,
    lambda w: w.documents.filter_edit,
    lambda w: w.documents.status_combo,
    lambda w: w.show_flags().only_here,
    lambda w: w.show_flags().table,
    lambda w: w.span_table,
], ids=["article", "document table", "filter", "status combo", "check box", "flag table", "span table"])
def test_focus_is_visible(qtbot, window, find):
    widget = find(window)
    window.activateWindow()
    other = window.documents.filter_edit if widget is not window.documents.filter_edit else window.article
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    without = highlight_pixels(widget)
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus)
    assert highlight_pixels(widget) > without + 20, type(widget).__name__
