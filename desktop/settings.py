"""Where the desktop keeps its preferences (window geometry, splitters, recent
stores, last document): QSettings under one organisation/application name, or
an INI file given with `--settings` (tests use a temporary one)."""
from __future__ import annotations

from typing import Iterable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

ORGANISATION = "Glossator"
APPLICATION = "glossator-desktop"
MAX_RECENT = 8


def make_settings(path: str | None = None) -> QSettings:
    if path:
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(ORGANISATION, APPLICATION)


def recent_stores(settings: QSettings) -> list[str]:
    value = settings.value("recentStores", [])
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in (value or [])]


def remember_store(settings: QSettings, path: str) -> None:
    recent = [path] + [p for p in recent_stores(settings) if p != path]
    settings.setValue("recentStores", recent[:MAX_RECENT])
    settings.setValue("lastStore", path)


def restore_window(settings: QSettings, window: QMainWindow, splitters: Iterable[QSplitter]) -> None:
    """Geometry, dock/toolbar state and splitter sizes as the window was last closed."""
    geometry = settings.value("geometry")
    if geometry is not None:
        window.restoreGeometry(geometry)
    state = settings.value("windowState")
    if state is not None:
        window.restoreState(state)
    for splitter in splitters:
        sizes = settings.value(splitter.objectName())
        if sizes:
            splitter.restoreState(sizes)


def save_window(settings: QSettings, window: QMainWindow, splitters: Iterable[QSplitter]) -> None:
    settings.setValue("geometry", window.saveGeometry())
    settings.setValue("windowState", window.saveState())
    for splitter in splitters:
        settings.setValue(splitter.objectName(), splitter.saveState())
    settings.sync()
