"""Where the desktop keeps its preferences (window geometry, splitters, recent
stores, last document, who the annotator is): QSettings under one
organisation/application name, or an INI file given with `--settings` (tests
use a temporary one).

A store URL is remembered without its password (`without_password`):
credentials come from libpq's environment or ~/.pgpass, never from here."""
from __future__ import annotations

import re
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


def without_password(location: str) -> str:
    """A store location fit to keep or show: a URL loses its password (user part and `password=`)."""
    scheme, sep, rest = location.partition("://")
    if not sep:
        return location
    creds, at, host = rest.rpartition("@")
    if at:
        creds = creds.split(":", 1)[0]
    host = re.sub(r"(?i)([?&])password=[^&]*&?", r"\1", host).rstrip("?&")
    return f"{scheme}://{creds}{at}{host}"


def remember_store(settings: QSettings, path: str) -> None:
    path = without_password(path)
    recent = [path] + [p for p in recent_stores(settings) if p != path]
    settings.setValue("recentStores", recent[:MAX_RECENT])
    settings.setValue("lastStore", path)


def saved_annotator(settings: QSettings) -> str | None:
    """The annotator name chosen in the desktop, if one was."""
    value = settings.value("annotator")
    return str(value).strip() or None if value else None


def save_annotator(settings: QSettings, name: str) -> None:
    settings.setValue("annotator", name)


def saved_layers(settings: QSettings) -> tuple[str, list[str]]:
    """Which layers the article shows: ("mine" | "all" | "picked", the picked annotators)."""
    mode = str(settings.value("layers/mode", "mine"))
    picked = settings.value("layers/picked", [])
    picked = [picked] if isinstance(picked, str) else list(picked or [])
    return (mode if mode in ("mine", "all", "picked") else "mine"), [str(p) for p in picked]


def save_layers(settings: QSettings, mode: str, picked: Iterable[str]) -> None:
    settings.setValue("layers/mode", mode)
    settings.setValue("layers/picked", list(picked))


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
