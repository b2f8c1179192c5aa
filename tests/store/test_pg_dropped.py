"""A dropped connection in the middle of an edit on PostgreSQL: the server
really terminates the backend (pg_terminate_backend from a second connection)
between the edit's first statement and its commit. The user gets one line
naming the server with the password masked; nothing is half-written; the next
edit works on a new connection."""
from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import event

from annotations.errors import StoreError
from annotations.services import add_span, get_spans, import_records, list_events, set_status
from annotations.store import Store
from annotations.types import DocumentRecord


def with_password(url: str) -> str:
    scheme, rest = url.split("://", 1)
    user, host = rest.split("@", 1)
    return f"{scheme}://{user}:s3cret-pw@{host}"


class Killer:
    """Terminates the store's own backend when the edit sends `statement` (or before its commit)."""

    def __init__(self, store: Store, admin_url: str, statement: str):
        self.store, self.admin_url, self.statement, self.fired = store, admin_url, statement, False

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        if self.fired or not statement.lstrip().upper().startswith(self.statement):
            return
        self.kill(cursor.connection.info.backend_pid)

    def before_commit(self, conn):
        """The edit's rows are written (one statement on PostgreSQL: span and event), its commit not yet sent."""
        if self.statement == "COMMIT" and not self.fired:
            self.kill(conn.connection.dbapi_connection.info.backend_pid)

    def kill(self, pid: int) -> None:
        self.fired = True
        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,))


@pytest.mark.parametrize("statement", ["COMMIT", "WITH D AS"])
def test_a_connection_dropped_mid_edit_is_one_line_and_writes_nothing(postgres_url, statement):
    url = with_password(postgres_url)
    with Store.create(url) as store:
        [doc] = import_records(store, [DocumentRecord(text="Chile said 40 people left.", title="t")]).document_ids
        events = len(list_events(store))
        killer = Killer(store, postgres_url, statement)
        event.listen(store.engine, "before_cursor_execute", killer)
        event.listen(store.engine, "commit", killer.before_commit)
        with pytest.raises(StoreError) as dropped:
            add_span(store, doc, 0, 5, "ACTOR", annotator="ana")
        event.remove(store.engine, "before_cursor_execute", killer)
        event.remove(store.engine, "commit", killer.before_commit)
        message = str(dropped.value)
        print(message)
        assert killer.fired and len(message.splitlines()) == 1
        assert "cannot reach the server" in message and "nothing was written" in message
        assert "s3cret-pw" not in message and ":***@" in message and "(server " in message
        assert get_spans(store, doc) == [] and len(list_events(store)) == events  # nothing half-written
        add_span(store, doc, 0, 5, "ACTOR", annotator="ana")  # the next edit gets a new connection
        assert [sp.label for sp in get_spans(store, doc)] == ["ACTOR"]


def test_a_connection_dropped_before_a_use_case_reconnects(postgres_url):
    with Store.create(postgres_url) as store:
        [doc] = import_records(store, [DocumentRecord(text="Chile said so.", title="t")]).document_ids
        with store.session() as s:
            pid = s.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,))
        set_status(store, doc, "done", annotator="ana")  # the pool notices and reconnects
        with store.session() as s:
            assert s.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar_one() != pid


def test_cli_prints_one_line_when_the_server_is_gone(postgres_url, cli, tmp_path):
    gone = with_password(postgres_url).split("?")[0] + f"?host={tmp_path}"
    code, out, err = cli("--store", gone, "docs")
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "s3cret-pw" not in err and "cannot reach the server" in err and str(tmp_path) in err
