"""Bulk writes: the one place where many rows go into the store at once
(imports, suggestion runs).

Rows are plain dicts keyed by column name and go through SQLAlchemy Core
`insert(table)` as one executemany inside the caller's session (its single
transaction). Where later rows need the new ids (spans need their document's
id, relations their spans' ids) the insert uses RETURNING in parameter order
(SQLAlchemy's "insertmanyvalues", on SQLite and PostgreSQL alike). The
database assigns every id; columns left out get their table defaults (uid,
timestamps), so a new column never needs a change here.
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

from sqlalchemy import Table, delete, insert
from sqlmodel import Session, SQLModel

Row = dict[str, Any]


def table_of(model: type[SQLModel]) -> Table:
    return model.__table__  # type: ignore[attr-defined]


def insert_rows(session: Session, model: type[SQLModel], rows: Sequence[Row]) -> None:
    """Insert rows (dicts with the same keys) in one executemany."""
    if rows:
        session.execute(insert(table_of(model)), list(rows))


def insert_returning_ids(session: Session, model: type[SQLModel], rows: Sequence[Row]) -> list[int]:
    """Insert rows and return their new ids, in the order of `rows`."""
    if not rows:
        return []
    table = table_of(model)
    stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(session.execute(stmt, list(rows)).scalars())


def delete_ids(session: Session, model: type[SQLModel], ids: Iterable[int]) -> int:
    """Delete rows by id; returns how many went."""
    ids = list(ids)
    if not ids:
        return 0
    table = table_of(model)
    return session.execute(delete(table).where(table.c.id.in_(ids))).rowcount
