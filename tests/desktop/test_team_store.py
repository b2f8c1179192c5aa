"""Opening a team (PostgreSQL) store in the desktop: File ▸ Open team store,
--store URL and GLOSSATOR_STORE; what the title, status bar and settings show
(never a password); one-line errors in the message bar."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog

from annotations import services
from desktop.app import build_window, parse_args
from desktop.settings import make_settings, recent_stores

from .team_support import database_name, me, pg_docs, pg_store, with_password  # noqa: F401 (fixtures)


def open_url(window, qtbot, url: str):
    dialog = window.stores.url_dialog()
    qtbot.addWidget(dialog)
    dialog.url_combo.setCurrentText(url)
    dialog.accept()
    return dialog


def test_open_team_store_by_url_never_keeps_the_password(make_window, store_path, store, qtbot, pg_docs,
                                                         postgres_url, settings_path):
    window = make_window(store_path)
    assert not window.team.timer.isActive()  # a file store is looked at again on focus only
    action = window.actions_by_id["file.open_url"]
    assert action.isEnabled()
    dialog = open_url(window, qtbot, with_password(postgres_url, "s3cret-pw"))
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert window.ws.store.dialect == "postgresql" and window.team.timer.isActive()
    assert window.documents.model.ids() == pg_docs
    assert window.actions_by_id["model.train"].isEnabled()  # trained models are kept in the database
    db = database_name(postgres_url)
    assert window.windowTitle().startswith(f"Glossator — {db} on ")
    shown = [window.windowTitle(), window.store_label.text(), *recent_stores(window.settings)]
    assert not any("s3cret" in text for text in shown)
    assert window.store_label.text() == postgres_url
    assert recent_stores(window.settings)[0] == postgres_url
    window.settings.sync()
    assert "s3cret" not in settings_path.read_text()

    window.open_store(store_path)  # back to the file, then the team store from Open recent
    assert window.ws.store.dialect == "sqlite"
    window.stores.fill_recent_menu(window.recent_menu)
    recent = window.recent_menu.actions()  # (the menu may number its entries: match the ends)
    assert len(recent) == 2 and recent[0].text().endswith(str(store_path))  # the latest first
    assert recent[1].text().endswith(postgres_url) and "s3cret" not in recent[1].text()
    recent[1].trigger()
    assert window.ws.store.dialect == "postgresql" and window.documents.model.ids() == pg_docs


def test_an_empty_database_becomes_a_store_only_when_asked(make_window, store_path, store, qtbot, postgres_url):
    window = make_window(store_path)
    open_url(window, qtbot, postgres_url)
    assert "no store there" in window.message_bar.text.text() and window.ws.store.path == store_path
    dialog = window.stores.url_dialog()
    qtbot.addWidget(dialog)
    dialog.url_combo.setCurrentText(postgres_url)
    dialog.create_check.setChecked(True)
    dialog.accept()
    assert window.ws.store.dialect == "postgresql" and window.documents.model.ids() == []
    assert not window.message_bar.isVisible()


def test_the_dialog_refuses_what_is_not_a_postgresql_url(make_window, store_path, store, qtbot):
    window = make_window(store_path)
    dialog = open_url(window, qtbot, "http://example.org/team")
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "postgresql://" in dialog.error.text()
    assert window.ws.store.path == store_path


def test_errors_are_one_line_naming_the_server_with_the_password_masked(make_window, store_path, store, qtbot,
                                                                         postgres_url):
    window = make_window(store_path)
    base, _, query = postgres_url.partition("?")
    server = base.rsplit("/", 1)[0]
    cases = {
        "no such database": f"{server}/no_such_db_here?{query}",
        "the server refused the login": with_password(f"{server.replace('postgres@', 'nobody@')}/x?{query}",
                                                      "hunter2-pw"),
        "cannot reach the server": with_password("postgresql://postgres@/x?host=/nonexistent/dir", "hunter2-pw"),
        "invalid literal": with_password("postgresql://postgres@localhost:notaport/x", "hunter2-pw"),
    }
    for expected, url in cases.items():
        open_url(window, qtbot, url)
        bar = window.message_bar
        assert bar.isVisible(), url
        text = bar.text.text()
        assert expected in text and "\n" not in text and "Traceback" not in text
        assert "hunter2" not in text and "hunter2" not in window.last_message
        assert window.ws.store.path == store_path  # the open store stays open
        bar.dismiss()
    assert recent_stores(window.settings) == [str(store_path)]


def test_store_url_from_the_command_line_and_the_environment(qtbot, pg_docs, postgres_url, tmp_path, monkeypatch):
    monkeypatch.delenv("GLOSSATOR_STORE", raising=False)
    window = build_window(parse_args(["--store", postgres_url, "--settings", str(tmp_path / "a.ini")]))
    qtbot.addWidget(window)
    assert window.ws.store.dialect == "postgresql"
    assert window.ws.document is not None and window.ws.document.id == pg_docs[0]
    window.ws.close()

    monkeypatch.setenv("GLOSSATOR_STORE", postgres_url)
    window = build_window(parse_args(["--settings", str(tmp_path / "b.ini")]))
    qtbot.addWidget(window)
    assert window.ws.store.dialect == "postgresql" and window.documents.model.ids() == pg_docs
    assert make_settings(str(tmp_path / "b.ini")).value("lastStore") == postgres_url
    window.ws.close()


def test_workers_reopen_a_team_store(make_window, qtbot, pg_docs, postgres_url, tmp_path):
    """Import runs in a worker, on its own connection to the same database."""
    window = make_window(postgres_url, pg_docs[0])
    text_file = tmp_path / "new.txt"
    text_file.write_text("Maria Lopez met the Prime Minister in Lisbon on Monday.")
    window.io.import_paths([str(text_file)])
    qtbot.waitUntil(lambda: len(window.documents.model.ids()) == len(pg_docs) + 1, timeout=20000)
    assert services.count_documents(window.ws.store) == len(pg_docs) + 1
