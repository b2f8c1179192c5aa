"""Fixtures shared by the team tests: a PostgreSQL store on the test server with
documents, a second session on it ("another annotator"), and the server's admin."""
from __future__ import annotations

import pytest

from annotations import services
from annotations.store import Store
from annotations.types import DocumentRecord

EXAMPLE = "Tim Cook leads Apple in Cupertino. Finance Minister Ana Ruiz said about 3,500 jobs were at risk."


@pytest.fixture
def me(monkeypatch):
    """Who the desktop annotates as (restored after the test: the window sets it)."""
    monkeypatch.setenv("GLOSSATOR_ANNOTATOR", "tester")
    return "tester"


@pytest.fixture
def pg_store(postgres_url, me):
    store = Store.create(postgres_url)
    yield store
    store.close()


@pytest.fixture
def pg_docs(pg_store) -> list[int]:
    records = [DocumentRecord(text=EXAMPLE, title="Example")]
    records += [DocumentRecord(text=f"Document {i}: {EXAMPLE}", title=f"Doc {i}") for i in range(1, 4)]
    return list(services.import_records(pg_store, records).document_ids)


@pytest.fixture
def other(postgres_url):
    """A second session on the same store: another annotator's client."""
    store = Store.open(postgres_url)
    yield store
    store.close()


def database_name(url: str) -> str:
    return url.partition("?")[0].rsplit("/", 1)[1]


def with_password(url: str, password: str) -> str:
    scheme, _, rest = url.partition("://")
    user, at, host = rest.partition("@")
    return f"{scheme}://{user}:{password}{at}{host}"
