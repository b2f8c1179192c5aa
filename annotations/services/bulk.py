"""Bulk writes: the one place where many rows go into the store at once
(imports, suggestion runs), and the Core path of the most frequent single write,
one span and its event (`insert_span`, for add_span).

Rows are plain dicts keyed by column name and go into the table through
SQLAlchemy Core `insert(table)`, compiled for the store's dialect, as one
executemany inside the caller's session (its single transaction). Columns
left out get their table defaults (uid, timestamps), so a new column never
needs a change here. The database assigns every id: `insert_returning_ids`
reads them back with RETURNING, `ids_by_parent` afterwards (in insertion order).

`insert_rows` converts values with the very bind processors SQLAlchemy would
use, but once per distinct value (the shared timestamp of a batch is
formatted once, not 40,000 times; equal flat attribute dicts are serialised
once), column by column, without building a parameter dict per row: this keeps an import within 2x of a raw executemany
(tests/benchmarks), where plain `session.execute(insert(table), rows)` is 4x.
"""
from __future__ import annotations

import gc
import json
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator, Sequence

from sqlalchemy import (JSON, DateTime, Float, Integer, String, Table, bindparam, cast, delete, func, insert, literal,
                        select)
from sqlalchemy.sql.elements import BindParameter, ColumnElement
from sqlmodel import Session, SQLModel

from ..tables import DocumentRow, EventRow, JSONType, SpanRow, new_uid, utcnow
from .rows import span_snapshot_values

Row = dict[str, Any]
CHUNK = 500  # ids per IN (...) list


@contextmanager
def paused_gc() -> Iterator[None]:
    """Hold Python's cyclic garbage collector while a batch builds its rows: the
    rows are short-lived tuples with no cycles, and the collections their
    allocations trigger (walking every record of the batch) were a fifth of an
    import's time. Reference counting still frees everything at once."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def table_of(model: type[SQLModel]) -> Table:
    return model.__table__  # type: ignore[attr-defined]


def _with_defaults(table: Table, columns: list[str], rows: Sequence[tuple],
                   connection) -> tuple[list[str], Sequence[tuple]]:
    """Add Python-side column defaults (e.g. a uid) the rows leave out, per row."""
    missing = [c for c in table.columns if c.key not in columns and c.default is not None and not c.primary_key]
    if not missing:
        return columns, rows

    def default(column):
        return column.default.arg(connection) if column.default.is_callable else column.default.arg

    return columns + [c.key for c in missing], [(*row, *(default(c) for c in missing)) for row in rows]


def _converter(process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`process` applied once per distinct value: the batch's shared timestamp is
    formatted once, equal flat attribute dicts are serialised once."""
    done: dict[Any, Any] = {}
    last: list[Any] = [object(), None]  # identity fast path: consecutive rows share the same object

    def convert(value: Any) -> Any:
        if value is None:
            return None
        if value is last[0]:
            return last[1]
        if isinstance(value, dict):
            try:
                key = (dict, tuple(value.items()))
                hash(key)
            except TypeError:
                return process(value)
        elif isinstance(value, list):
            return process(value)
        else:
            key = (type(value), value)
        if key not in done:
            done[key] = process(value)
        last[0], last[1] = value, done[key]
        return last[1]

    return convert


def insert_rows(session: Session, model: type[SQLModel], rows: Sequence[Row] | Sequence[tuple],
                columns: Sequence[str] | None = None) -> None:
    """Insert rows in one executemany of `insert(table)`: dicts with the same keys,
    or tuples whose values are named by `columns`."""
    if not rows:
        return
    table = table_of(model)
    connection = session.connection()
    if columns is None:
        columns = list(rows[0])
        rows = [tuple(row.values()) for row in rows]
    unknown = set(columns) - set(table.c.keys())
    if unknown:
        raise ValueError(f"bulk insert into {table.name}: no column(s) {', '.join(sorted(unknown))}")
    columns, rows = _with_defaults(table, list(columns), rows, connection)
    compiled = insert(table).compile(dialect=connection.dialect, column_keys=columns)
    processors = compiled._bind_processors  # what SQLAlchemy applies to each value
    order = list(compiled.positiontup) if compiled.positional else columns
    by_column = list(zip(*rows))  # converted column by column: C-level zips, one Python call per value at most
    copying = connection.dialect.name == "postgresql" and not _row_security_active(connection, table)
    values = []
    for name in order:
        column = by_column[columns.index(name)]
        if copying and isinstance(table.c[name].type, JSON):
            values.append(list(map(_converter(_json_text), column)))  # COPY parses JSON text itself
        else:
            values.append(list(map(_converter(processors[name]), column)) if name in processors else column)
    if copying:
        _copy_rows(connection, table, order, values)
        return
    params = list(zip(*values)) if compiled.positional else [dict(zip(order, row)) for row in zip(*values)]
    connection.exec_driver_sql(compiled.string, params)


def _row_security_active(connection, table: Table) -> bool:
    """PostgreSQL refuses COPY FROM into a table whose row-level security applies to the
    current role (an annotator writing a guarded table, migration 0007); those rows go by
    INSERT. Asked once per connection and table."""
    key = ("glossator_row_security", table.name)
    if key not in connection.info:
        connection.info[key] = bool(connection.exec_driver_sql(
            "SELECT row_security_active(%(t)s::regclass)", {"t": table.name}).scalar())
    return connection.info[key]


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _copy_rows(connection, table: Table, columns: Sequence[str], values: list) -> None:
    """PostgreSQL: the rows through COPY on the unit of work's own connection (same
    transaction, same triggers and row-level security as INSERT), a fraction of the
    server's work of one INSERT per row."""
    names = ", ".join('"' + table.c[name].name.replace('"', '""') + '"' for name in columns)
    driver = connection.connection.dbapi_connection
    with driver.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in zip(*values):
            copy.write_row(row)


def insert_returning_ids(session: Session, model: type[SQLModel], rows: Sequence[Row],
                         key: Sequence[str]) -> list[int]:
    """Insert rows and return their new ids, in the order of `rows`.

    `key` names columns whose values tell the rows apart (e.g. a document's
    sha256); RETURNING gives them back with each id, so ids are matched to rows
    by value. (Asking SQLAlchemy for parameter order instead sends SQLite one
    INSERT per row.)
    """
    if not rows:
        return []
    table = table_of(model)
    stmt = insert(table).returning(table.c.id, *(table.c[k] for k in key))
    ids = {tuple(r[1:]): r[0] for r in session.execute(stmt, list(rows))}
    if len(ids) != len(rows):
        raise ValueError(f"bulk insert into {table.name}: rows are not told apart by {', '.join(key)}")
    return [ids[tuple(row[k] for k in key)] for row in rows]


def ids_by_parent(session: Session, model: type[SQLModel], column: str, parents: Iterable[int],
                  *where: ColumnElement[bool]) -> dict[int, list[int]]:
    """{parent id: ids of its rows, in id order} for rows whose `column` is in
    `parents` (and `where`), e.g. the spans just inserted into new documents.

    Ids from one executemany increase in insertion order (SQLite's rowid and
    PostgreSQL's sequences alike), so the list lines up with the inserted rows."""
    table = table_of(model)
    parents = list(parents)
    found: dict[int, list[int]] = {p: [] for p in parents}
    for i in range(0, len(parents), CHUNK):
        query = (select(table.c[column], table.c.id).where(table.c[column].in_(parents[i:i + CHUNK]), *where)
                 .order_by(table.c[column], table.c.id))
        for parent, row_id in session.execute(query).all():
            found[parent].append(row_id)
    return found


def delete_ids(session: Session, model: type[SQLModel], ids: Iterable[int]) -> int:
    """Delete rows by id; returns how many went."""
    ids = list(ids)
    table = table_of(model)
    gone = 0
    for i in range(0, len(ids), CHUNK):
        gone += session.execute(delete(table).where(table.c.id.in_(ids[i:i + CHUNK]))).rowcount
    return gone


# ---- one span, one round trip -------------------------------------------------

def _param(name: str, kind) -> BindParameter:
    return bindparam(name, type_=kind)


@lru_cache(maxsize=None)
def _add_span_statements() -> dict[str, tuple]:
    """Built once, so SQLAlchemy's compiled cache finds them (no compiling per edit); psycopg
    prepares them on the server after a few uses.

    SQLite: the span where the document exists and `end` is within its text (INSERT ... SELECT
    ... RETURNING), then its event. PostgreSQL: both in one statement, one round trip (a
    data-modifying WITH runs once whether or not the outer SELECT reads it), giving back the
    document's length (read once) for the checks."""
    span, event, document = table_of(SpanRow), table_of(EventRow), table_of(DocumentRow)
    now, doc, end, annotator = (_param("now", DateTime()), _param("doc", Integer()), _param("end", Integer()),
                                _param("annotator", String()))
    columns = ["uid", "document_id", "start", "end", "label", "attributes", "origin", "status", "suggester",
               "suggester_version", "score", "annotator", "created_at", "updated_at"]

    def values(document_id):
        return (_param("uid", String()), document_id, _param("start", Integer()), end, _param("label", String()),
                _param("attributes", JSONType), _param("origin", String()), _param("status", String()),
                _param("suggester", String()), _param("suggester_version", String()), _param("score", Float()),
                annotator, now, now)

    log = [now, annotator, literal("add_span"), doc]
    snapshots = [_param("before", JSONType), _param("after", JSONType)]
    event_columns = ["at", "annotator", "action", "document_id", "target", "before", "after"]

    d = select(document.c.id, func.length(document.c.text).label("n")).where(document.c.id == doc).cte("d")
    s = insert(span).from_select(columns, select(*values(d.c.id)).where(d.c.n >= end)).returning(span.c.id).cte("s")
    e = insert(event).from_select(event_columns, select(*log, literal("span:") + cast(s.c.id, String()), *snapshots))
    postgresql = select(select(s.c.id).scalar_subquery(), select(d.c.n).scalar_subquery()).add_cte(e.cte("e"))

    sqlite_span = insert(span).from_select(columns, select(*values(document.c.id)).where(
        document.c.id == doc, func.length(document.c.text) >= end)).returning(span.c.id)
    sqlite_event = insert(event).from_select(event_columns, select(*log, _param("target", String()), *snapshots))
    sqlite_length = select(func.length(document.c.text)).where(document.c.id == doc)
    return {"postgresql": (postgresql,), "sqlite": (sqlite_span, sqlite_event, sqlite_length)}


def insert_span(session: Session, document_id: int, start: int, end: int, label: str, attributes: dict, *,
                origin: str, status: str, suggester: str | None, suggester_version: str | None,
                score: float | None, annotator: str) -> tuple[int | None, int | None]:
    """Insert one (validated) span and its `add_span` event in the caller's transaction, as Core
    statements (no ORM unit of work): one statement on PostgreSQL, two on SQLite. The row is
    written only where the document exists and `end` is within its text; returns (span id or
    None, the document's length, None when it does not exist; on SQLite read only when the span
    was not written). A unique index refusing the row raises as any insert does
    (DuplicateRowError through the store)."""
    connection = session.connection()
    uid, now = new_uid(), utcnow()
    params = {"uid": uid, "doc": document_id, "start": start, "end": end, "label": label, "attributes": attributes,
              "origin": origin, "status": status, "suggester": suggester, "suggester_version": suggester_version,
              "score": score, "annotator": annotator, "now": now, "before": None,
              "after": span_snapshot_values(start, end, label, attributes, status, origin, uid)}
    if connection.dialect.name == "postgresql":
        [add] = _add_span_statements()["postgresql"]
        span_id, length = connection.execute(add, params).one()
        return span_id, length
    add, log, length_of = _add_span_statements()["sqlite"]
    span_id = connection.execute(add, params).scalar()
    if span_id is None:
        length = connection.execute(length_of, {"doc": document_id}).scalar()
        return None, None if length is None else int(length)
    connection.execute(log, {**params, "target": f"span:{span_id}"})
    return span_id, None
