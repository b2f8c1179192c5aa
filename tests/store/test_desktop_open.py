"""The desktop opening a store the store layer refuses (issue 12, item 14): one
line in the window, no traceback, the store left as it was."""
from __future__ import annotations

import sqlite3

from tests.conftest import table_dump


def test_desktop_opening_a_store_whose_label_attributes_are_not_json(qtbot, tmp_path, store):
    from desktop.main_window import MainWindow
    from desktop.settings import make_settings

    store.close()
    con = sqlite3.connect(store.path)
    con.execute("UPDATE label SET attributes = 'not json' WHERE name = 'ACTOR'")
    con.commit()
    con.close()
    before = table_dump(store.path)
    window = MainWindow(make_settings(str(tmp_path / "settings.ini")))
    qtbot.addWidget(window)
    assert window.open_store(store.path) is False
    assert window.ws.store is None
    message = window.last_message
    assert "\n" not in message and str(store.path) in message
    assert "label 'ACTOR': field 'attributes' is not valid JSON" in message
    assert table_dump(store.path) == before
