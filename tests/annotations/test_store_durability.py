"""Every connection to a store file commits durably: synchronous=FULL with WAL,
so an edit the user saw committed survives a power cut, not only a crash."""
from __future__ import annotations

from sqlalchemy import text as sql

from annotations.store import Store

FULL = 2  # PRAGMA synchronous: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA


def _settings(store: Store) -> tuple[int, str]:
    with store.session() as s:
        return (s.execute(sql("PRAGMA synchronous")).scalar(),
                s.execute(sql("PRAGMA journal_mode")).scalar())


def test_a_new_store_commits_with_full_sync(store):
    assert _settings(store) == (FULL, "wal")


def test_a_reopened_store_commits_with_full_sync(store):
    path = store.path
    store.close()
    reopened = Store.open(path)
    try:
        assert _settings(reopened) == (FULL, "wal")
    finally:
        reopened.close()
