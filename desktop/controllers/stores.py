"""Choosing a store: File ▸ New store, Open store (a file), Open team store (a
PostgreSQL URL) and Open recent (remembered in the settings, URLs without
their password). Opening itself is the window's `open_store`, given here.

A store is a file or a URL: what names it to the user (`store_title`,
`store_label`), what the settings keep (`remembered_location`) and what a
worker reopens it with (`reopen_location`) are decided here, so nothing else
in the desktop reads `store.path` (None for a PostgreSQL store)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, urlsplit

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu

from annotations.store import ENV_STORE, Store, default_store_path

from ..dialogs.open_store_dialog import OpenStoreDialog, is_store_url
from ..settings import recent_stores, without_password
from .context import Context

STORE_FILTER = "Glossator stores (*.sqlite)"


def remembered_location(store: Store) -> str:
    """What the settings keep to reopen `store`: its file, or its URL without a password."""
    return str(store.path) if store.path is not None else without_password(store.location)


def reopen_location(store: Store) -> str | Path:
    """What a worker opens its own Store with (the URL keeps any password the user typed, in memory only)."""
    return store.path if store.path is not None else store.backend.url()


def _database(store: Store) -> tuple[str, str]:
    parts = urlsplit(store.location)
    host = parts.hostname or (parse_qs(parts.query).get("host") or ["local socket"])[0]
    return parts.path.lstrip("/") or "(default database)", host + (f":{parts.port}" if parts.port else "")


def store_title(store: Store) -> str:
    """The window title's name for a store: the file name, or “database on host”."""
    if store.path is not None:
        return store.path.name
    database, host = _database(store)
    return f"{database} on {host}"


def store_label(store: Store | None) -> str:
    """The status bar's name for a store: its path, or its URL without a password."""
    return "no store" if store is None else remembered_location(store)


def startup_location(arg: str | None, settings: QSettings, screenshot: bool) -> tuple[str | Path, bool]:
    """The store to open at start (`--store`, else the last one, else GLOSSATOR_STORE or the
    default file) and whether to create it (only a missing default file is created)."""
    if arg:
        return (arg if is_store_url(arg) else Path(arg)), False
    last = settings.value("lastStore")
    env = os.environ.get(ENV_STORE, "")
    if last and not screenshot:
        location = str(last)
    elif is_store_url(env):  # default_store_path would read the URL as a file name
        location = env
    else:
        location = str(default_store_path())
    if is_store_url(location):
        return location, False
    return Path(location), not Path(location).exists()


class StoresController:
    def __init__(self, ctx: Context, settings: QSettings, open_store: Callable[..., bool]):
        self.ctx, self.settings, self.open_store = ctx, settings, open_store

    def new_store(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.ctx.parent, "New store", str(Path.home() / "glossator.sqlite"),
                                              STORE_FILTER)
        if path:
            self.open_store(path, create=True)

    def open_store_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.ctx.parent, "Open store", str(Path.home()), STORE_FILTER)
        if path:
            self.open_store(path)

    def url_dialog(self) -> OpenStoreDialog:
        """File ▸ Open team store…: the URL dialog (opened; its Open opens the store)."""
        dialog = OpenStoreDialog([p for p in recent_stores(self.settings) if is_store_url(p)], self.ctx.parent)
        dialog.finished.connect(lambda result: result == QDialog.DialogCode.Accepted
                                and self.open_store(dialog.url(), create=dialog.create()))
        dialog.open()
        return dialog

    def fill_recent_menu(self, menu: QMenu) -> None:
        menu.clear()
        for n, path in enumerate(recent_stores(self.settings), 1):  # &1 … : Alt+F, R, 1 opens the last store
            menu.addAction(f"&{n} {path}" if n < 10 else path, lambda p=path: self.open_store(p))
        menu.setEnabled(bool(menu.actions()))
