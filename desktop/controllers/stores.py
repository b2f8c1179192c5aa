"""Choosing a store: File ▸ New store, Open store and Open recent (remembered
in the settings). Opening itself is the window's `open_store`, given here."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMenu

from ..settings import recent_stores
from .context import Context

STORE_FILTER = "Glossator stores (*.sqlite)"


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

    def fill_recent_menu(self, menu: QMenu) -> None:
        menu.clear()
        for n, path in enumerate(recent_stores(self.settings), 1):  # &1 … : Alt+F, R, 1 opens the last store
            menu.addAction(f"&{n} {path}" if n < 10 else path, lambda p=path: self.open_store(p))
        menu.setEnabled(bool(menu.actions()))
