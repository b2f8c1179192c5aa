"""File ▸ Import and File ▸ Export: choose files, then run the core's import or
export in a worker (each opens its own Store on the same file) and report the
outcome in the status bar; the document list reloads after an import."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog

from annotations.formats import format_names, importable_patterns
from annotations.services import import_files
from annotations.services.exports import export_store
from annotations.store import Store

from . import workers

if TYPE_CHECKING:
    from .main_window import MainWindow


def import_task(store_path: Path, paths: list[str]):
    def run(progress):
        with Store.open(store_path) as store:
            outcome = import_files(store, paths, progress=progress)
        r = outcome.result
        return (f"Imported {r.count} document(s), {r.span_count} span(s), {r.relation_count} relation(s); "
                f"{len(r.duplicates)} duplicate(s) skipped")
    return run


def export_task(store_path: Path, format_name: str, out: str):
    def run(progress):
        with Store.open(store_path) as store:
            report = export_store(store, format_name, Path(out), progress=progress)
        warnings = f"; {len(report.warnings)} warning(s): {report.warnings[0]}" if report.warnings else ""
        return f"Exported {report.documents} document(s), {report.spans} span(s) to {out}{warnings}"
    return run


class IoTasks(QObject):
    finished = Signal(str)  # outcome message, after the window has been refreshed
    failed = Signal(str)

    def __init__(self, window: "MainWindow"):
        super().__init__(window)
        self.window = window
        self.running: list[workers.Worker] = []  # keep Python wrappers alive until they finish

    def run(self, fn, after=None) -> workers.Worker:
        w = self.window

        def finished(message):
            w.show_message(message)
            if after:
                after()
            self.running.remove(worker)
            self.finished.emit(message)

        def failed(message):
            w.show_message(f"Failed: {message}")
            self.running.remove(worker)
            self.failed.emit(message)

        worker = workers.start(fn, finished, failed, lambda done, total: w.statusBar().showMessage(
            f"Working… {done}/{total}"))
        self.running.append(worker)
        return worker

    def import_paths(self, paths: list[str]) -> workers.Worker:
        return self.run(import_task(self.window.ws.store.path, paths), after=self.window.reload_documents)

    def export_to(self, format_name: str, out: str) -> workers.Worker:
        return self.run(export_task(self.window.ws.store.path, format_name, out))

    def import_dialog(self) -> None:
        patterns = " ".join(importable_patterns())
        paths, _ = QFileDialog.getOpenFileNames(self.window, "Import files", str(Path.home()),
                                                f"Documents and archives ({patterns});;All files (*)")
        if paths:
            self.import_paths(paths)

    def import_folder_dialog(self) -> None:
        """A folder: every readable file inside, or a brat folder as a whole."""
        folder = QFileDialog.getExistingDirectory(self.window, "Import folder", str(Path.home()))
        if folder:
            self.import_paths([folder])

    def export_dialog(self) -> None:
        name, ok = QInputDialog.getItem(self.window, "Export", "Format:", format_names(), 0, False)
        if not ok:
            return
        out, _ = QFileDialog.getSaveFileName(self.window, f"Export as {name}", str(Path.home() / f"export.{name}"))
        if out:
            self.export_to(name, out)
