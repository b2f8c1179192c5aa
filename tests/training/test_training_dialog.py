"""Model ▸ Train: the dialog trains in a worker with progress, can be
cancelled, and then offers to suggest with the new model."""
from __future__ import annotations

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402

from annotations.training.config import TINY_SIZE  # noqa: E402
from annotations.training.trained_models import list_models  # noqa: E402


@pytest.fixture
def dialog(qtbot, gold_store):
    from desktop.training_dialog import TrainingDialog

    d = TrainingDialog(gold_store.path, size=TINY_SIZE)
    qtbot.addWidget(d)
    d.name.setText("from-dialog")
    return d


def test_train_then_offer_suggestions(qtbot, dialog, gold_store):
    dialog.epochs.setValue(2)
    assert not dialog.suggest_button.isEnabled()
    qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    assert dialog.cancel_button.isEnabled() and not dialog.train_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=60_000)
    assert dialog.trained == "trained:from-dialog", dialog.status.text()
    assert dialog.suggest_button.isEnabled()
    assert dialog.progress.value() == dialog.progress.maximum() == 2
    assert "Dev scores" in dialog.status.text()
    assert [m.name for m in list_models(gold_store)] == ["from-dialog"]


def test_cancel_keeps_no_model(qtbot, dialog, gold_store):
    dialog.epochs.setValue(500)
    qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=60_000)
    assert "cancelled" in dialog.status.text()
    assert dialog.trained is None and not dialog.suggest_button.isEnabled()
    assert list_models(gold_store) == []


def test_model_menu_has_train():
    from desktop.actions import ACTIONS

    spec = next(a for a in ACTIONS if a.id == "model.train")
    assert spec.menu == "Model"


def test_closing_the_dialog_cancels_training(qtbot, dialog, gold_store):
    dialog.epochs.setValue(500)
    qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
    worker = dialog.worker
    dialog.reject()
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=60_000)
    assert worker is not None and "cancelled" in dialog.status.text()
    assert list_models(gold_store) == []
