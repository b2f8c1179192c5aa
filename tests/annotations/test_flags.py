"""Flags (issue 19): add, edit, remove and restore a flag on a document or a span,
each one transaction with its event, on SQLite and PostgreSQL; a bad flag changes
nothing; flags and notes travel in exports' meta; `glossator flags [--json]`;
a 0006 store upgrades to 0008 with an empty flag table."""
from __future__ import annotations

import json
import sqlite3

import pytest

from annotations import services
from annotations.errors import NotFoundError, ValidationError
from annotations.services.exports import load_records
from annotations.services.flags import META_KEY, add_flag, edit_flag, get_flag, list_flags, remove_flag, restore_flag
from annotations.services.imports import import_records
from annotations.store import HEAD_REVISION, Store, migrate
from annotations.types import DocumentRecord
from tests.conftest import EXAMPLE, table_dump
from tests.store.old_stores import make_0002_store, query


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request, tmp_path):
    location = tmp_path / "s.sqlite" if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    with Store.create(location) as store:
        yield store


def _doc(store) -> int:
    return import_records(store, [DocumentRecord(text=EXAMPLE, title="Example")]).document_ids[0]


def test_flag_a_span_and_a_document_then_edit_remove_and_restore(any_store):
    store = any_store
    doc = _doc(store)
    span = services.add_span(store, doc, 0, 8, "ACTOR").span_id
    on_span, _ = add_flag(store, doc, "unsure", "  a person or the firm?  ", span_id=span, annotator="ana")
    on_doc, change = add_flag(store, doc, "guideline question", "", annotator="ana")
    assert change.document_id == doc
    assert (on_span.start, on_span.end, on_span.label, on_span.note) == (0, 8, "ACTOR", "a person or the firm?")
    assert on_doc.target == "document" and on_span.target == "ACTOR 0–8"
    assert [f.id for f in list_flags(store, doc)] == [on_doc.id, on_span.id]  # document flags first

    edited, _ = edit_flag(store, on_span.id, "note", "checked with the guideline")
    assert (get_flag(store, on_span.id).kind, get_flag(store, on_span.id).note) == ("note", "checked with the guideline")
    removed, _ = remove_flag(store, edited.id)
    assert [f.id for f in list_flags(store)] == [on_doc.id]
    restore_flag(store, removed)
    back = get_flag(store, removed.id)
    assert (back.uid, back.span_id, back.note) == (removed.uid, span, "checked with the guideline")
    actions = [e["action"] for e in services.list_events(store, doc) if "flag" in e["action"]]
    assert actions == ["flag", "flag", "edit_flag", "unflag", "restore_flag"]


def test_a_deleted_span_leaves_its_flag_on_the_document_with_its_place(any_store):
    store = any_store
    doc = _doc(store)
    span = services.add_span(store, doc, 0, 8, "ACTOR").span_id
    flag, _ = add_flag(store, doc, "unsure", span_id=span)
    services.delete_span(store, span)
    kept = get_flag(store, flag.id)
    assert (kept.span_id, kept.start, kept.end, kept.label) == (None, 0, 8, "ACTOR")


def test_bad_flags_are_refused_and_change_nothing(store, store_path):
    doc = _doc(store)
    other = import_records(store, [DocumentRecord(text="Another text.", title="B")]).document_ids[0]
    span = services.add_span(store, other, 0, 7, "ACTOR").span_id
    before = table_dump(store_path)
    with pytest.raises(ValidationError, match="kind 'maybe'"):
        add_flag(store, doc, "maybe")
    with pytest.raises(ValidationError, match=f"span {span} is not a span of document {doc}"):
        add_flag(store, doc, "unsure", span_id=span)
    with pytest.raises(NotFoundError, match="document 99"):
        add_flag(store, 99, "unsure")
    with pytest.raises(ValidationError, match="at most"):
        add_flag(store, doc, "note", "x" * 5000)
    with pytest.raises(NotFoundError, match="flag 42"):
        remove_flag(store, 42)
    assert table_dump(store_path) == before


def test_removed_flag_ids_are_never_handed_out_again(store):
    doc = _doc(store)
    first, _ = add_flag(store, doc, "unsure")
    remove_flag(store, first.id)
    second, _ = add_flag(store, doc, "unsure")
    assert second.id > first.id


def test_notes_travel_in_the_meta_of_exports(store, tmp_path, cli):
    doc = _doc(store)
    plain = import_records(store, [DocumentRecord(text="No flags here.", title="B")]).document_ids[0]
    span = services.add_span(store, doc, 0, 8, "ACTOR").span_id
    add_flag(store, doc, "unsure", "person or firm?", span_id=span, annotator="ana")
    add_flag(store, doc, "guideline question", "titles?", annotator="ana")
    records = {r.store_id: r for r in load_records(store)}
    assert records[plain].meta.get(META_KEY) is None
    assert records[doc].meta[META_KEY] == [
        {"kind": "unsure", "note": "person or firm?", "annotator": "ana", "start": 0, "end": 8, "label": "ACTOR"},
        {"kind": "guideline question", "note": "titles?", "annotator": "ana"},
    ]
    out = tmp_path / "out.jsonl"
    assert cli("export", "jsonl", str(out))[0] == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert lines[0]["meta"][META_KEY][1]["note"] == "titles?"
    assert META_KEY not in lines[1]["meta"]


def test_cli_lists_flags_as_text_and_json(cli, store):
    doc = _doc(store)
    span = services.add_span(store, doc, 0, 8, "ACTOR").span_id
    add_flag(store, doc, "unsure", "person or firm?", span_id=span, annotator="ana")
    code, out, _err = cli("flags", "--json")
    assert code == 0
    (only,) = json.loads(out)
    assert (only["document_id"], only["kind"], only["note"], only["start"], only["label"]) == (
        doc, "unsure", "person or firm?", 0, "ACTOR")
    code, out, _err = cli("flags")
    assert code == 0 and "ACTOR 0–8\tunsure — person or firm?" in out
    code, out, _err = cli("flags", "--docs", "99", "--json")
    assert code == 0 and json.loads(out) == []


def test_a_0006_store_upgrades_to_one_with_flags(tmp_path):
    path = tmp_path / "old.sqlite"
    make_0002_store(path)
    migrate(path, "0006")  # a store as revision 0006 left it: no flag table yet
    assert not query(path, "SELECT name FROM sqlite_master WHERE name = 'flag'")
    with Store.open(path) as store:
        doc = _doc(store)
        flag, _ = add_flag(store, doc, "unsure")
        assert list_flags(store) == [flag]
    assert sqlite3.connect(path).execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD_REVISION
