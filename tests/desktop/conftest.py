"""Desktop fixtures: a real main window over a temp store, with settings in a temp INI file."""
from __future__ import annotations

import pytest

from annotations import services


@pytest.fixture
def settings_path(tmp_path):
    return tmp_path / "settings.ini"


@pytest.fixture
def make_window(qtbot, settings_path):
    from desktop.main_window import MainWindow
    from desktop.settings import make_settings

    made = []

    def make(store_path, document_id=None):
        window = MainWindow(make_settings(str(settings_path)))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        assert window.open_store(store_path)
        if document_id is not None:
            window.open_document(document_id)
        window.article.setFocus()
        qtbot.waitUntil(window.article.hasFocus)  # keys go to the article, as after a click
        made.append(window)
        return window

    yield make
    for window in made:
        if window.ws.store is not None:
            window.ws.close()


@pytest.fixture
def window(make_window, store, store_path, doc_id):
    return make_window(store_path, doc_id)


def state(store, document_id):
    """Everything an edit can change, for exact before/after comparisons."""
    spans = [(s.id, s.start, s.end, s.label, dict(s.attributes), s.status)
             for s in services.get_spans(store, document_id)]
    relations = [(r.id, r.head_id, r.child_id, r.label) for r in services.get_relations(store, document_id)]
    return spans, relations, services.get_document(store, document_id).status


def check_undo_redo(window, store, doc_id, before):
    """The last edit changed the store; undo restores `before` exactly, redo the edit."""
    after = state(store, doc_id)
    assert after != before
    window.ws.undo()
    assert state(store, doc_id) == before
    window.ws.redo()
    assert state(store, doc_id) == after
    return after
