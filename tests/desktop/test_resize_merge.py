"""Resizing two different spans one after the other gives two undo steps:
undo takes back only the last span's resize, never the other span's."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotations import services
from tests.conftest import EXAMPLE


def focused(qtbot, window):
    """Shortcuts act only once the article has keyboard focus."""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.article)
    return window


def offsets(store, doc_id):
    return [(EXAMPLE[s.start:s.end]) for s in services.get_spans(store, doc_id)]


def test_resizes_of_different_spans_are_separate_undo_steps(qtbot, make_window, store, store_path, doc_id):
    services.add_span(store, doc_id, 0, 3, "ACTOR")  # "Tim"
    apple = EXAMPLE.index("Apple")
    services.add_span(store, doc_id, apple, apple + 5, "ACTOR")
    window = focused(qtbot, make_window(store_path, doc_id))
    spans = services.get_spans(store, doc_id)

    window.ws.select(spans[0].id)
    qtbot.keyClick(window.article, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    window.ws.select(spans[1].id)
    qtbot.keyClick(window.article, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert offsets(store, doc_id) == ["Tim Cook", "Apple in"]

    window.ws.undo_group.undo()
    assert offsets(store, doc_id) == ["Tim Cook", "Apple"]
    window.ws.undo_group.undo()
    assert offsets(store, doc_id) == ["Tim", "Apple"]
    window.ws.undo_group.redo()
    window.ws.undo_group.redo()
    assert offsets(store, doc_id) == ["Tim Cook", "Apple in"]


def test_resizes_of_one_span_still_merge_into_one_step(qtbot, make_window, store, store_path, doc_id):
    services.add_span(store, doc_id, 0, 3, "ACTOR")
    window = focused(qtbot, make_window(store_path, doc_id))
    window.ws.select(services.get_spans(store, doc_id)[0].id)
    for _ in range(2):
        qtbot.keyClick(window.article, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert offsets(store, doc_id) == ["Tim Cook leads"]
    window.ws.undo_group.undo()
    assert offsets(store, doc_id) == ["Tim"]
