"""Where the desktop keeps its preferences (window geometry, splitters, recent
stores, last document): QSettings under one organisation/application name, or
an INI file given with `--settings` (tests use a temporary one)."""
from __future__ import annotations

from PySide6.QtCore import QSettings

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
