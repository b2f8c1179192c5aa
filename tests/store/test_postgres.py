"""PostgreSQL stores on a real server (the throwaway one scripts/test.sh
starts): created through the same Alembic migrations as files, upgraded from
the previous revision, foreign and newer databases refused and left
untouched, JSON columns as JSONB, an event log the database keeps
append-only, and one-line errors that never show a password."""
from __future__ import annotations

import psycopg
import pytest

from annotations.cli import main
from annotations.errors import StoreError
from annotations.store import HEAD_REVISION, KNOWN_REVISIONS, Store, migrate


def rows(url: str, query: str) -> list[tuple]:
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as con:
        return con.execute(query).fetchall()


def tables(url: str) -> set[str]:
    return {r[0] for r in rows(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")}


def test_init_creates_the_schema_through_the_migrations(postgres_url):
    with Store.create(postgres_url) as store:
        assert store.dialect == "postgresql"
        assert [lab.name for lab in store.schema.labels] == ["ACTOR", "FIGURE", "ASSERTION"]
    assert rows(postgres_url, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
    assert {"document", "span", "relation", "event", "label", "glossator_info"} <= tables(postgres_url)
    json_types = dict(rows(postgres_url, "SELECT table_name || '.' || column_name, data_type FROM "
                                         "information_schema.columns WHERE column_name IN ('meta', 'attributes', 'before', 'after')"))
    assert set(json_types.values()) == {"jsonb"} and "document.meta" in json_types
    with Store.open(postgres_url) as store:  # opening again changes nothing
        assert store.schema.name == "news-default"


def test_cli_init_on_an_empty_database(postgres_url, capsys):
    with pytest.raises(SystemExit) as done:
        main(["--store", postgres_url, "init"])
    assert done.value.code in (0, None), capsys.readouterr().err
    assert "glossator_info" in tables(postgres_url)


def test_upgrade_from_the_previous_revision(postgres_url):
    previous = KNOWN_REVISIONS[-2]
    migrate(postgres_url, previous)
    with psycopg.connect(postgres_url) as con:
        con.execute("INSERT INTO glossator_info VALUES ('app', 'glossator'), ('schema_name', 'old')")
        con.execute("INSERT INTO document (sha256, title, meta, text, status, created_at, updated_at, uid) "
                    "VALUES ('abc', 'Old', '{}', 'Ruiz spoke in Lima.', 'new', now(), now(), 'u1')")
    assert rows(postgres_url, "SELECT version_num FROM alembic_version") == [(previous,)]
    with Store.open(postgres_url) as store:
        assert store.backup_path is None  # one transaction on the server: no file to back up
    assert rows(postgres_url, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
    assert rows(postgres_url, "SELECT id, title, text FROM document") == [(1, "Old", "Ruiz spoke in Lima.")]


def test_a_database_of_another_program_is_refused_and_untouched(postgres_url):
    with psycopg.connect(postgres_url) as con:
        con.execute("CREATE TABLE invoices (id serial PRIMARY KEY, total numeric)")
        con.execute("INSERT INTO invoices (total) VALUES (12.5)")
    for attempt in (lambda: Store.open(postgres_url), lambda: Store.create(postgres_url)):
        with pytest.raises(StoreError) as info:
            attempt()
        assert "\n" not in str(info.value)
    assert tables(postgres_url) == {"invoices"}
    assert rows(postgres_url, "SELECT total FROM invoices")[0][0] == 12.5


def test_a_newer_store_is_refused_and_untouched(postgres_url):
    Store.create(postgres_url).close()
    with psycopg.connect(postgres_url) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreError, match="newer Glossator"):
        Store.open(postgres_url)
    assert rows(postgres_url, "SELECT version_num FROM alembic_version") == [("9999",)]


def test_the_event_log_is_append_only_in_the_database(postgres_url):
    Store.create(postgres_url).close()
    with psycopg.connect(postgres_url, autocommit=True) as con:
        con.execute("INSERT INTO event (at, action, target) VALUES (now(), 'test', 'document:1')")
        for statement in ("UPDATE event SET action = 'forged'", "DELETE FROM event", "TRUNCATE event"):
            with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                con.execute(statement)
        assert con.execute("SELECT action FROM event").fetchall() == [("test",)]
        con.execute("DROP TRIGGER event_no_delete ON event")
    with pytest.raises(StoreError, match="event_no_delete"):
        Store.open(postgres_url)


@pytest.mark.parametrize("url, expect", [
    ("postgresql://postgres:s3cret@/nosuchdb?host={sock}", "no such database"),
    ("postgresql://nobody_here:s3cret@/postgres?host={sock}", "refused the login"),
    ("postgresql://ana:s3cret@/postgres?host=/nonexistent/socket/dir", "cannot reach the server"),
    ("postgresql://ana@/postgres?host={sock}&password=s3cret&port=1", "cannot reach the server"),
])
def test_connection_failures_are_one_line_without_the_password(postgres_server, url, expect, capsys):
    sock = postgres_server.split("host=", 1)[1]
    url = url.format(sock=sock)
    with pytest.raises(StoreError) as info:
        Store.open(url)
    message = str(info.value)
    assert expect in message and "s3cret" not in message and "\n" not in message, message
    with pytest.raises(SystemExit):
        main(["--store", url, "docs"])
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ") and "s3cret" not in err and "Traceback" not in err
