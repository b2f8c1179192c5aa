"""Model ▸ Train: a dialog that trains a spaCy model from the open store in a
worker (progress bar, Cancel through a threading.Event), shows the dev
scores, then offers to suggest with the new `trained:<name>` on the next
unfinished documents. All work is annotations.training / services.queue;
this module only gathers options and draws progress."""
from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QLabel, QLineEdit, QProgressBar,
    QPushButton, QSpinBox, QVBoxLayout,
)

from annotations.services.queue import suggest_next
from annotations.store import Store
from annotations.training.config import DEFAULT_SIZE, ModelSize
from annotations.training.data import COMPONENTS
from annotations.training.trained_models import training_dir
from annotations.training.run import TrainOptions, train_from_store

from . import workers


def train_op(options: TrainOptions, cancel: threading.Event):
    def op(store: Store, progress):
        info, data = train_from_store(store, training_dir(store, options.name), options,
                                      progress=progress, cancel=cancel)
        return info, data.report_lines()
    return op


def suggest_op(suggester: str, count: int):
    def op(store: Store, progress):
        suggest_next(store, suggester, count, progress)
        return f"{suggester} suggested on up to {count} unfinished document(s)"
    return op


USEFUL_F1 = 0.5  # below this dev F1 a model's suggestions cost more review than they save
SUGGEST_TEXT = "Suggest with the new model"


def usefulness(info) -> str:
    """One line saying whether the model is worth suggesting with yet."""
    f1, dev = info.scores.get("f", 0.0), len(info.dev_documents)
    if f1 < USEFUL_F1:
        return (f"This model is not useful yet (dev F1 {f1:.2f} on {dev} document{'s' if dev != 1 else ''}): "
                "annotate more documents and train again before suggesting with it.")
    return f"Dev F1 {f1:.2f} on {dev} document{'s' if dev != 1 else ''}."


def score_text(scores: dict) -> str:
    rows = [f"{label}: P {s['p']:.2f}  R {s['r']:.2f}  F1 {s['f']:.2f}" for label, s in scores["labels"].items()]
    return "\n".join(rows + [f"all: F1 {scores['f']:.2f}"])


class TrainingDialog(QDialog):
    def __init__(self, store_path: str | Path, parent=None, *, size: ModelSize = DEFAULT_SIZE,
                 on_suggested: Callable[[str], None] | None = None):
        super().__init__(parent)
        self.setWindowTitle("Train a model")
        self.setObjectName("trainingDialog")
        self.store_path, self.size, self.on_suggested = str(store_path), size, on_suggested  # a path or URL
        self.cancel_event: threading.Event | None = None
        self.worker: workers.Worker | None = None
        self.trained: str | None = None
        self.component = QComboBox()
        self.component.addItems(list(COMPONENTS))
        self.epochs = QSpinBox(minimum=1, maximum=1000, value=30)
        self.dev_split = QDoubleSpinBox(minimum=0.05, maximum=0.5, singleStep=0.05, value=0.2)
        self.name = QLineEdit(datetime.now().strftime("model-%Y%m%d-%H%M"))
        self.next_n = QSpinBox(minimum=1, maximum=10000, value=10)
        form = QFormLayout()
        for text, widget in (("Component", self.component), ("Epochs", self.epochs),
                             ("Dev share", self.dev_split), ("Model name", self.name),
                             ("Then suggest on next", self.next_n)):
            form.addRow(text, widget)
        self.progress = QProgressBar()
        self.status = QLabel("Trains on accepted annotations; nothing leaves this computer.")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.train_button = QPushButton("Train")
        self.cancel_button = QPushButton("Cancel training")
        self.suggest_button = QPushButton(SUGGEST_TEXT)
        for button in (self.train_button, self.cancel_button, self.suggest_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.train_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.suggest_button.clicked.connect(self.suggest)
        layout = QVBoxLayout(self)
        for item in (form, self.progress, self.status, buttons):
            (layout.addLayout if isinstance(item, QFormLayout) else layout.addWidget)(item)
        self._set_running(False)

    def _set_running(self, running: bool) -> None:
        self.train_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.suggest_button.setEnabled(not running and self.trained is not None)

    def options(self) -> TrainOptions:
        return TrainOptions(component=self.component.currentText(), epochs=self.epochs.value(),
                            dev_split=self.dev_split.value(), name=self.name.text().strip(), size=self.size)

    def start(self) -> None:
        options = self.options()
        self.cancel_event = threading.Event()
        self.progress.setRange(0, options.epochs)
        self.progress.setValue(0)
        self.status.setText("Training…")
        self._set_running(True)
        self.worker = workers.start_on_store(self.store_path, train_op(options, self.cancel_event),
                                             self._trained, self._failed, self._progress)

    def cancel(self) -> None:
        if self.cancel_event is not None:
            self.cancel_event.set()
            self.status.setText("Cancelling after the current step…")

    def reject(self) -> None:
        """Closing the dialog stops a running training (nothing is kept) rather than orphaning it."""
        self.cancel()
        super().reject()

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _trained(self, result) -> None:
        info, report = result
        self.trained = f"trained:{info.name}"
        self.status.setText(f"Trained {self.trained} in {info.seconds:.0f} s.\n" + "\n".join(report)
                            + "\nDev scores:\n" + score_text(info.scores) + "\n" + usefulness(info))
        weak = info.scores.get("f", 0.0) < USEFUL_F1
        self.suggest_button.setText("Suggest anyway (weak model)" if weak else SUGGEST_TEXT)
        self._set_running(False)
        self.worker = None

    def _failed(self, message: str) -> None:
        self.status.setText(f"Not trained: {message}")
        self._set_running(False)
        self.worker = None

    def suggest(self) -> None:
        if self.trained is None:
            return
        name, count = self.trained, self.next_n.value()
        self.status.setText(f"Suggesting with {name}…")
        self._set_running(True)
        self.worker = workers.start_on_store(self.store_path, suggest_op(name, count), self._suggested,
                                             self._failed, self._progress)

    def _suggested(self, message: str) -> None:
        self.status.setText(message)
        self._set_running(False)
        self.worker = None
        if self.on_suggested is not None:
            self.on_suggested(message)


def show(window) -> TrainingDialog:
    """Model ▸ Train handler: a non-modal dialog, so annotating can go on while it trains."""
    def suggested(message: str) -> None:
        window.show_message(message)
        window.reload_documents()

    dialog = TrainingDialog(window.ws.store.location, window, on_suggested=suggested)
    dialog.show()
    return dialog
