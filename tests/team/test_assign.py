"""`glossator assign` and `glossator docs --annotator NAME`: one transaction, logged,
N oldest unassigned documents, overlap in turn, one-line errors."""
from __future__ import annotations

import json

from annotations.services import add_span, import_records, list_events
from annotations.cli.app import parse_ids
from annotations.services.assignments import assigned_documents
from annotations.store import Store
from annotations.types import DocumentRecord


def make_store(path, n=6):
    with Store.create(path) as store:
        return import_records(store, [DocumentRecord(text=f"Chile said {i} people left.", title=f"Doc {i}")
                                      for i in range(n)]).document_ids


def test_parse_ids_takes_lists_and_ranges():
    assert parse_ids("1,4,7-9, 4") == [1, 4, 7, 8, 9]


def test_count_takes_the_oldest_not_yet_assigned_and_logs_each(tmp_path, cli):
    ids = make_store(tmp_path / "store.sqlite")
    code, out, err = cli("assign", "--annotator", "ana", "--count", "2", "--json")
    assert code == 0, err
    assert json.loads(out) == {"assigned": [{"document": ids[0], "annotator": "ana"},
                                            {"document": ids[1], "annotator": "ana"}], "already": []}
    code, out, _ = cli("assign", "--annotator", "ana", "--count", "2", "--json")
    assert [a["document"] for a in json.loads(out)["assigned"]] == ids[2:4]
    with Store.open(tmp_path / "store.sqlite") as store:
        assert [e["document_id"] for e in list_events(store) if e["action"] == "assign"] == ids[:4]


def test_overlap_gives_each_document_to_k_annotators_in_turn(tmp_path, cli):
    ids = make_store(tmp_path / "store.sqlite")
    code, out, err = cli("assign", "--annotator", "ana", "--annotator", "ben", "--annotator", "cy",
                         "--docs", f"{ids[0]}-{ids[2]}", "--overlap", "2", "--json")
    assert code == 0, err
    pairs = [(a["document"], a["annotator"]) for a in json.loads(out)["assigned"]]
    assert pairs == [(ids[0], "ana"), (ids[0], "ben"), (ids[1], "cy"), (ids[1], "ana"),
                     (ids[2], "ben"), (ids[2], "cy")]
    code, out, _ = cli("assign", "--annotator", "ana", "--docs", str(ids[0]), "--json")
    assert json.loads(out) == {"assigned": [], "already": [{"document": ids[0], "annotator": "ana"}]}


def test_bad_input_is_one_line_and_writes_nothing(tmp_path, cli):
    make_store(tmp_path / "store.sqlite")
    for args in (("--docs", "1,99"), ("--docs", "x"), ("--count", "0"), ("--count", "1", "--overlap", "2"),
                 ("--docs", "1", "--count", "1")):
        code, out, err = cli("assign", "--annotator", "ana", *args)
        assert code != 0 and err.startswith("error:") and len(err.strip().splitlines()) == 1, (args, err)
    with Store.open(tmp_path / "store.sqlite") as store:
        assert assigned_documents(store, "ana") == []
        assert not [e for e in list_events(store) if e["action"] == "assign"]


def test_docs_for_an_annotator_shows_assigned_with_progress(tmp_path, cli):
    ids = make_store(tmp_path / "store.sqlite")
    with Store.open(tmp_path / "store.sqlite") as store:
        add_span(store, ids[1], 0, 5, "ACTOR", annotator="ana")
        add_span(store, ids[1], 6, 10, "ACTOR", annotator="ben")
    cli("assign", "--annotator", "ana", "--docs", f"{ids[0]},{ids[1]}")
    code, out, err = cli("docs", "--annotator", "ana", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert [(r["id"], r["accepted"], r["status"]) for r in rows] == [(ids[0], 0, "new"), (ids[1], 1, "new")]
    assert set(rows[0]) == {"id", "title", "status", "accepted", "pending", "assigned_at"}
    code, out, _ = cli("docs", "--annotator", "ben", "--json")
    assert json.loads(out) == []
    code, out, _ = cli("--annotator", "ana", "docs")
    assert "2 document(s) assigned to ana" in out
    code, out, _ = cli("docs", "--help")
    assert '"accepted"' in out and '"assigned_at"' in out
