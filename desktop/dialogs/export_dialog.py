"""File ▸ Export: what the CLI's `export` offers — format, target, which
documents (by status; the default leaves out documents nobody has finished,
whose empty span lists a trainer would read as "no entities here"), whether
to include pending suggestions, and a train/dev split — then the export report.

The export itself runs in a worker (`IoTasks.export_to`)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFileDialog, QFormLayout, QHBoxLayout,
    QLineEdit, QPushButton, QWidget,
)

from annotations.types import DOCUMENT_STATUSES

DEFAULT_STATUS = "done,annotated"  # done, or with an accepted span (DECISIONS): never-opened ones stay out
DEFAULT_FORMAT = "jsonl"


@dataclass(frozen=True)
class ExportChoice:
    format_name: str
    out: str
    document_status: str | None  # None: every document
    include_suggestions: bool
    split: float | None  # None: the format's default


class ExportDialog(QDialog):
    def __init__(self, formats: list[str], default_splits: dict[str, float], counts: dict[str, int], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.setObjectName("exportDialog")
        self.default_splits = default_splits
        self.format = QComboBox(objectName="exportFormat")
        self.format.addItems(formats)
        if DEFAULT_FORMAT in formats:
            self.format.setCurrentText(DEFAULT_FORMAT)
        self.counts = counts
        self.out = QLineEdit(objectName="exportTarget")
        browse = QPushButton("Browse…")
        target = QWidget()
        row = QHBoxLayout(target)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.out, 1)
        row.addWidget(browse)
        self.status = QComboBox(objectName="exportStatus")
        self.status.addItem(f"Done or with an accepted span ({counts.get(DEFAULT_STATUS, 0)})", DEFAULT_STATUS)
        for status in DOCUMENT_STATUSES:
            self.status.addItem(f"Documents marked {status} ({counts.get(status, 0)})", status)
        self.status.addItem(f"All documents ({sum(counts.get(s, 0) for s in DOCUMENT_STATUSES)}), even never opened "
                            "ones", None)
        self.suggestions = QCheckBox("Include pending suggestions", objectName="exportSuggestions")
        self.split = QDoubleSpinBox(minimum=0.0, maximum=0.9, singleStep=0.05, decimals=2, objectName="exportSplit")
        self.split.setToolTip("Share of documents for a dev set (0: none)")
        form = QFormLayout(self)
        form.addRow("Format", self.format)
        form.addRow("Export to", target)
        form.addRow("Documents", self.status)
        form.addRow("", self.suggestions)
        form.addRow("Dev split", self.split)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        browse.clicked.connect(self._browse)
        self.format.currentTextChanged.connect(self._format_changed)
        self.out.textChanged.connect(self._check)
        self.status.currentIndexChanged.connect(lambda _i: self._check())
        self._format_changed(self.format.currentText())
        self._check()

    def _format_changed(self, name: str) -> None:
        self.split.setValue(self.default_splits.get(name, 0.0))
        self.out.setText(str(Path.home() / f"export.{name}"))

    def _chosen_count(self) -> int:
        status = self.status.currentData()
        if status is None:
            return sum(self.counts.get(s, 0) for s in DOCUMENT_STATUSES)
        return self.counts.get(status, 0)

    def _check(self) -> None:
        """OK needs a target and at least one document to write."""
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.out.text().strip()) and self._chosen_count() > 0)
        ok.setToolTip("" if self._chosen_count() else "No documents have this status")

    def _browse(self) -> None:
        out, _ = QFileDialog.getSaveFileName(self, f"Export as {self.format.currentText()}", self.out.text())
        if out:
            self.out.setText(out)

    def choice(self) -> ExportChoice:
        return ExportChoice(self.format.currentText(), self.out.text().strip(), self.status.currentData(),
                            self.suggestions.isChecked(), self.split.value())


def report_text(report, out: str) -> str:
    """The export report in a few lines: counts, files, and what the format could not hold."""
    lines = [f"Exported {report.documents} document(s), {report.spans} span(s), {report.relations} relation(s)"
             f" to {out}."]
    lines += [f"Wrote {f}" for f in report.files[:5]]
    if report.warnings:
        lines.append(f"{len(report.warnings)} warning(s):")
        lines += [f"  {w}" for w in report.warnings[:10]]
    return "\n".join(lines)
