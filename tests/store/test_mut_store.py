"""The label schema a store holds comes back whole when it is reopened, a store
whose schema records were damaged outside Glossator is refused in one line, and
PostgreSQL failures name the server the user gave. (Found by mutation testing:
scripts/mutation.sh store.)"""
from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from annotations.errors import DuplicateRowError, StoreError
from annotations.schema import AttributeDef, LabelDef, LabelSchema, RelationDef, default_schema
from annotations.store import Store
from annotations.tables import SpanRow
from annotations.services import import_records
from annotations.types import DocumentRecord


def _edit(path, sql: str, *args) -> None:
    con = sqlite3.connect(path)
    try:
        con.execute(sql, args)
        con.commit()
    finally:
        con.close()


def test_the_schema_a_store_was_created_with_is_read_back_whole(tmp_path):
    schema = LabelSchema(
        name="court-reports", language="fr", version=3, guidelines="Mark every judge.",
        labels=(LabelDef("JUDGE", "#112233", "j", "who rules",
                         (AttributeDef("court", "choice", ("high", "low"), "which court"),)),
                LabelDef("RULING", "#445566", "r", "what was decided")),
        relations=(RelationDef("RULED_BY", ("RULING",), ("JUDGE",), "Links a ruling to its judge."),),
    )
    Store.create(tmp_path / "court.sqlite", schema).close()
    with Store.open(tmp_path / "court.sqlite") as store:
        assert store.schema == schema
        assert store.schema.relations[0].description == "Links a ruling to its judge."


def test_the_default_schema_survives_reopening(store):
    store.close()
    with Store.open(store.path) as reopened:
        assert reopened.schema == default_schema()


def test_a_store_without_the_optional_schema_records_opens_with_the_defaults(store):
    store.close()
    for key in ("relations", "schema_name", "schema_version", "language", "guidelines"):
        _edit(store.path, "DELETE FROM glossator_info WHERE key = ?", key)
    with Store.open(store.path) as reopened:
        schema = reopened.schema
    assert (schema.name, schema.relations, schema.language, schema.version, schema.guidelines) == \
        ("custom", (), "en", 1, "")
    assert schema.label_names == default_schema().label_names


@pytest.mark.parametrize("value", ['{"name": "SOURCE"}', '"SOURCE"', '3'])
def test_relation_types_that_are_not_a_list_are_refused_in_one_line(store, value):
    store.close()
    _edit(store.path, "UPDATE glossator_info SET value = ? WHERE key = 'relations'", value)
    with pytest.raises(StoreError) as refused:
        Store.open(store.path)
    message = str(refused.value)
    assert "glossator_info 'relations'" in message and "not a list" in message
    assert str(store.path) in message and "backup" in message and "\n" not in message


@pytest.mark.parametrize("attributes", ['[{"name": "kind", "type": "choice", "values": "person"}]',
                                        '[{"name": 7, "type": "text"}]',
                                        '[{"name": "kind", "type": ["text"]}]'])
def test_label_attributes_with_a_field_of_the_wrong_type_are_refused(store, attributes):
    """A string of values would otherwise become one choice per letter."""
    store.close()
    _edit(store.path, "UPDATE label SET attributes = ? WHERE name = 'ACTOR'", attributes)
    with pytest.raises(StoreError, match="label 'ACTOR': field 'attributes' is not a list of"):
        Store.open(store.path)


def test_postgresql_duplicate_rows_are_one_line_naming_the_server(postgres_url):
    with Store.create(postgres_url) as store:
        doc = import_records(store, [DocumentRecord(text="Ana Ruiz spoke.", title="t")]).document_ids[0]
        with pytest.raises(DuplicateRowError) as refused:
            with store.session() as s:
                for _ in range(2):
                    s.add(SpanRow(document_id=doc, start=0, end=8, label="ACTOR", annotator="ana"))
    message = str(refused.value)
    assert "already holds that row" in message and "nothing was written" in message and "\n" not in message
    socket_dir = postgres_url.split("host=", 1)[1].split("&", 1)[0]
    assert f"server {socket_dir}" in message, message


def test_an_unreachable_server_is_named_by_its_url_without_the_password(tmp_path):
    folder = tmp_path / "no-server-here"
    with pytest.raises(StoreError) as refused:
        Store.open(f"postgresql://ana:s3cret@/news?host={folder}&password=s3cret")
    message = str(refused.value)
    assert message.startswith(f"postgresql://ana:***@/news?host={folder}&password=*** (server {folder}/news): "
                              "cannot reach the server"), message


def test_a_connection_the_server_ends_is_one_line_saying_so(postgres_server, postgres_url):
    import psycopg

    with Store.create(postgres_url) as store:
        with pytest.raises(StoreError) as refused:
            with store.session() as s:
                pid = s.execute(select(func.pg_backend_pid())).scalar()
                with psycopg.connect(postgres_server, autocommit=True) as admin:
                    admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
                s.execute(select(SpanRow.id)).all()
    message = str(refused.value)
    assert "cannot reach the server" in message and "nothing was written" in message and "\n" not in message, message


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_insert_ignoring_duplicates_takes_a_table_as_well_as_a_row_class(request, tmp_path, kind):
    location = tmp_path / "s.sqlite" if kind == "sqlite" else request.getfixturevalue("postgres_url")
    with Store.create(location) as store:
        doc = import_records(store, [DocumentRecord(text="Ana Ruiz spoke.", title="t")]).document_ids[0]
        now = datetime(2025, 1, 1, tzinfo=timezone.utc)
        row = dict(document_id=doc, start=0, end=8, label="ACTOR", attributes={}, origin="import",
                   status="accepted", annotator="ana", created_at=now, updated_at=now)
        with store.transaction() as conn:
            conn.execute(store.insert_ignoring_duplicates(SpanRow.__table__), [row, row, {**row, "annotator": "bo"}])
        with store.session() as s:
            assert sorted(a for (a,) in s.execute(select(SpanRow.annotator))) == ["ana", "bo"]
