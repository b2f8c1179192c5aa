"""File ▸ Import and File ▸ Export: choose files, then run the core's import or
export in a worker (`workers.start_on_store`: each task opens its own Store on
the same file) and report the outcome in the status bar; the document list
reloads after an import."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog

from . import workers
from .controllers.context import Context


def import_op(paths: list[str]):
    def op(store, progress) -> str:
        from annotations.services import import_files

        r = import_files(store, paths, progress=progress).result
        return (f"Imported {r.count} document(s), {r.span_count} span(s), {r.relation_count} relation(s); "
                f"{len(r.duplicates)} duplicate(s) skipped")
    return op


def export_op(format_name: str, out: str):
    def op(store, progress) -> str:
        from annotations.services.exports import export_store

        report = export_store(store, format_name, Path(out), progress=progress)
        warnings = f"; {len(report.warnings)} warning(s): {report.warnings[0]}" if report.warnings else ""
        return f"Exported {report.documents} document(s), {report.spans} span(s) to {out}{warnings}"
    return op


class IoTasks(QObject):
    finished = Signal(str)  # outcome message, after the window has been refreshed
    failed = Signal(str)

    def __init__(self, ctx: Context, after_import: Callable[[], None]):
        super().__init__(ctx.parent)
        self.ctx = ctx
        self.after_import = after_import

    def run(self, op: Callable[[Any, workers.Progress], str], after: Callable[[], None] | None = None):
        def finished(message: str) -> None:
            self.ctx.say(message)
            if after:
                after()
            self.finished.emit(message)

        def failed(message: str) -> None:
            self.ctx.say(f"Failed: {message}")
            self.failed.emit(message)

        return workers.start_on_store(self.ctx.ws.store.path, op, finished, failed,
                                      lambda done, total: self.ctx.say(f"Working… {done}/{total}"))

    def import_paths(self, paths: list[str]) -> workers.Worker:
        return self.run(import_op(paths), after=self.after_import)

    def export_to(self, format_name: str, out: str) -> workers.Worker:
        return self.run(export_op(format_name, out))

    def import_dialog(self) -> None:
        from annotations.formats import importable_patterns

        patterns = " ".join(importable_patterns())
        paths, _ = QFileDialog.getOpenFileNames(self.ctx.parent, "Import files", str(Path.home()),
                                                f"Documents and archives ({patterns});;All files (*)")
        if paths:
            self.import_paths(paths)

    def import_folder_dialog(self) -> None:
        """A folder: every readable file inside, or a brat folder as a whole."""
        folder = QFileDialog.getExistingDirectory(self.ctx.parent, "Import folder", str(Path.home()))
        if folder:
            self.import_paths([folder])

    def export_dialog(self) -> None:
        from annotations.formats import format_names

        name, ok = QInputDialog.getItem(self.ctx.parent, "Export", "Format:", format_names(), 0, False)
        if not ok:
            return
        out, _ = QFileDialog.getSaveFileName(self.ctx.parent, f"Export as {name}",
                                             str(Path.home() / f"export.{name}"))
        if out:
            self.export_to(name, out)
