"""Shared fixtures: temp stores, sample data, the CLI runner. Qt runs offscreen."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any QApplication exists
os.environ.setdefault("GLOSSATOR_ANNOTATOR", "tester")

import sqlite3
from pathlib import Path

import pytest

from annotations.store import Store
from annotations.services import import_records
from annotations.types import DocumentRecord


@pytest.fixture(autouse=True, scope="session")
def model_cache(tmp_path_factory) -> Path:
    """Trained models unpacked from stores go to a temp folder, never the user's cache."""
    path = tmp_path_factory.mktemp("model-cache")
    os.environ["GLOSSATOR_MODEL_CACHE"] = str(path)
    return path


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite"


@pytest.fixture
def store(store_path: Path):
    s = Store.create(store_path)
    yield s
    s.close()


EXAMPLE = "Tim Cook leads Apple in Cupertino. Finance Minister Ana Ruiz said about 3,500 jobs were at risk."


@pytest.fixture
def doc_id(store) -> int:
    """One document with the running example text, no spans."""
    return import_records(store, [DocumentRecord(text=EXAMPLE, title="Example")]).document_ids[0]


def table_dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, for 'the store is unchanged' assertions."""
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        # sorted in Python: the search index's shadow tables have no rowid to order by
        return {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        con.close()


@pytest.fixture
def cli(store_path: Path, capsys):
    """Run `glossator --store <temp store> ARGS...`; returns (exit code, stdout, stderr)."""
    from annotations.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        code = 0
        try:
            main(["--store", str(store_path), *map(str, args)])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The URL of the throwaway PostgreSQL server scripts/test.sh starts.

    Without one the test is skipped on a developer's machine and FAILS under
    CI=true (a test that needs a server never skips there)."""
    url = os.environ.get("GLOSSATOR_TEST_POSTGRES")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but GLOSSATOR_TEST_POSTGRES is not set: no PostgreSQL server for this test")
        pytest.skip("no PostgreSQL server (run scripts/test.sh, or set GLOSSATOR_TEST_POSTGRES)")
    return url


@pytest.fixture
def postgres_url(postgres_server: str):
    """A fresh, empty database on the test server for one test (dropped afterwards)."""
    import uuid

    import psycopg

    name = f"glossator_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base, _, query = postgres_server.partition("?")
    yield f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
