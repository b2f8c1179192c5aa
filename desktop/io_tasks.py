"""File ▸ Import and File ▸ Export: choose files, then run the core's import or
export in a worker (`workers.start_on_store`: each task opens its own Store on
the same file) and report the outcome in the status bar; the document list
reloads after an import."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox

from . import workers
from .controllers.context import Context
from .controllers.stores import reopen_location


def import_op(paths: list[str]):
    def op(store, progress) -> str:
        from annotations.services import import_files

        r = import_files(store, paths, progress=progress).result
        return (f"Imported {r.count} document(s), {r.span_count} span(s), {r.relation_count} relation(s); "
                f"{len(r.duplicates)} duplicate(s) skipped")
    return op


def export_op(format_name: str, out: str, **options):
    """Export with the CLI's options (document_status, include_suggestions, split); returns
    the one-line outcome and the report."""
    def op(store, progress):
        from annotations.services.exports import export_store

        report = export_store(store, format_name, Path(out), progress=progress, **options)
        warnings = f"; {len(report.warnings)} warning(s): {report.warnings[0]}" if report.warnings else ""
        return f"Exported {report.documents} document(s), {report.spans} span(s) to {out}{warnings}", report
    return op


class IoTasks(QObject):
    finished = Signal(str)  # outcome message, after the window has been refreshed
    failed = Signal(str)
    finished_report = Signal(object, str)  # an export's ExportReport and where it went

    def __init__(self, ctx: Context, after_import: Callable[[], None]):
        super().__init__(ctx.parent)
        self.ctx = ctx
        self.after_import = after_import
        self.dialog = None
        self.finished_report.connect(self.show_report)

    def run(self, op: Callable[[Any, workers.Progress], Any], after: Callable[[Any], None] | None = None):
        def finished(result) -> None:
            message = result[0] if isinstance(result, tuple) else result
            self.ctx.say(message)
            if after:
                after(result)
            self.finished.emit(message)

        def failed(message: str) -> None:
            self.ctx.say(f"Failed: {message}")
            self.failed.emit(message)

        return workers.start_on_store(reopen_location(self.ctx.ws.store), op, finished, failed,
                                      lambda done, total: self.ctx.say(f"Working… {done}/{total}"))

    def import_paths(self, paths: list[str]) -> workers.Worker:
        return self.run(import_op(paths), after=lambda _result: self.after_import())

    def export_to(self, format_name: str, out: str, **options) -> workers.Worker:
        return self.run(export_op(format_name, out, **options),
                        after=lambda result: self.finished_report.emit(result[1], out))

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

    def export_dialog(self):
        """The export dialog (options as in the CLI); the report is shown when the export is done."""
        from annotations import services
        from annotations.formats import format_names
        from annotations.services.exports import DEFAULT_SPLIT

        from .dialogs.export_dialog import DEFAULT_STATUS, ExportDialog

        counts: dict[str, int] = {DEFAULT_STATUS: 0}
        for doc in services.list_documents(self.ctx.ws.store):
            counts[doc.status] = counts.get(doc.status, 0) + 1
            counts[DEFAULT_STATUS] += doc.status == "done" or doc.span_count > 0
        self.dialog = ExportDialog(format_names(writable=True), DEFAULT_SPLIT, counts, self.ctx.parent)
        self.dialog.accepted.connect(self._export_chosen)
        self.dialog.open()
        return self.dialog

    def _export_chosen(self) -> None:
        choice = self.dialog.choice()
        self.export_to(choice.format_name, choice.out, document_status=choice.document_status,
                       include_suggestions=choice.include_suggestions, split=choice.split)

    def show_report(self, report, out: str) -> QMessageBox:
        from .dialogs.export_dialog import report_text

        self.report_box = QMessageBox(QMessageBox.Icon.Information, "Export", report_text(report, out),
                                      QMessageBox.StandardButton.Close, self.ctx.parent)
        self.report_box.open()
        return self.report_box
