"""Document status per annotator: each annotator's status is theirs; the
document's own status stays what single-annotator stores and the desktop read;
`docs --annotator` shows it with progress; merge carries it; `export --status`
with `--layer NAME` filters on NAME's status."""
from __future__ import annotations

import json

import pytest

from annotations.errors import ValidationError
from annotations.services import (document_statuses, get_status, import_records, list_documents, list_events,
                                  set_status)
from annotations.services.assignments import assigned_documents
from annotations.services.exports import LayerChoice, load_records
from annotations.services.merge import checkout, merge_stores
from annotations.store import Store
from annotations.types import DocumentRecord
from tests.team.test_merge import make_team, team_location  # noqa: F401 (fixture)


def test_each_annotator_has_their_own_status(team_location):  # noqa: F811
    ids = make_team(team_location)
    with Store.open(team_location) as store:
        set_status(store, ids[0], "done", annotator="ana")
        set_status(store, ids[0], "in-progress", annotator="ben")
        assert get_status(store, ids[0], annotator="ana") == "done"
        assert get_status(store, ids[0], annotator="ben") == "in-progress"
        assert get_status(store, ids[0], annotator="cy") == "new"
        assert document_statuses(store, ids[0]) == {"ana": "done", "ben": "in-progress"}
        # the document's own status: the last one anyone set (what single-annotator stores read)
        assert [d.status for d in list_documents(store)][:1] == ["in-progress"]
        assert [d.status for d in list_documents(store, annotator="ana")] == ["done", "new", "new"]
        assert [d.id for d in list_documents(store, status="done", annotator="ana")] == [ids[0]]
        assert [d.id for d in list_documents(store, status="done", annotator="ben")] == []
        assert [(d.id, d.status) for d in assigned_documents(store, "ana")] == [(ids[0], "done"), (ids[1], "new")]
        [event] = [e for e in list_events(store) if e["action"] == "set_status" and e["annotator"] == "ana"]
        assert event["before"] == {"status": "new"} and event["after"] == {"status": "done"}
        with pytest.raises(ValidationError, match="unknown document status"):
            set_status(store, ids[0], "finished", annotator="ana")


def test_single_annotator_store_reads_as_before(store, doc_id, monkeypatch):
    monkeypatch.setenv("GLOSSATOR_ANNOTATOR", "solo")
    set_status(store, doc_id, "done")
    assert get_status(store, doc_id) == "done"
    assert [d.status for d in list_documents(store)] == ["done"]
    assert [d.status for d in list_documents(store, annotator="solo")] == ["done"]


def test_cli_status_and_docs_for_me(tmp_path, cli):
    make_team(tmp_path / "store.sqlite")
    code, out, err = cli("--annotator", "ana", "status", "1", "done")
    assert code == 0, err
    code, out, err = cli("docs", "--annotator", "ana", "--json")
    assert [(d["id"], d["status"]) for d in json.loads(out)] == [(1, "done"), (2, "new")]
    code, out, err = cli("docs", "--annotator", "ana")
    assert "2 document(s) assigned to ana, 1 done" in out
    code, out, err = cli("docs", "--annotator", "ana", "--status", "new", "--json")
    assert [d["id"] for d in json.loads(out)] == [2]
    code, out, err = cli("--annotator", "ben", "docs", "--json")  # ben has nothing assigned
    assert json.loads(out) == []
    code, out, err = cli("--annotator", "ana", "status", "1", "finished")
    assert code == 1 and "not a document status" in err and len(err.strip().splitlines()) == 1


def test_merge_carries_each_annotators_status(tmp_path):
    make_team(tmp_path / "team.sqlite")
    with Store.open(tmp_path / "team.sqlite") as team:
        set_status(team, 1, "in-progress", annotator="ben")
        checkout(team, tmp_path / "ana.sqlite", "ana")
    with Store.open(tmp_path / "ana.sqlite") as laptop:
        assert get_status(laptop, 1, annotator="ben") == "new"  # the laptop holds ana's part only
        set_status(laptop, 1, "done", annotator="ana")
        set_status(laptop, 2, "in-progress", annotator="ana")
    with Store.open(tmp_path / "team.sqlite") as team:
        report = merge_stores(team, [tmp_path / "ana.sqlite"])
        assert report.statuses_merged == 2
        assert document_statuses(team, 1) == {"ana": "done", "ben": "in-progress"}
        assert get_status(team, 2, annotator="ana") == "in-progress"
        assert merge_stores(team, [tmp_path / "ana.sqlite"]).statuses_merged == 0


def test_export_status_filter_uses_the_chosen_layers_status(tmp_path):
    make_team(tmp_path / "team.sqlite")
    with Store.open(tmp_path / "team.sqlite") as team:
        set_status(team, 1, "done", annotator="ben")
        set_status(team, 2, "done", annotator="ana")
        by_ana = [r.store_id for r in load_records(team, document_status="done", layers=LayerChoice(("ana",)))]
        by_ben = [r.store_id for r in load_records(team, document_status="done", layers=LayerChoice(("ben",)))]
        by_document = [r.store_id for r in load_records(team, document_status="done",
                                                        layers=LayerChoice(all_layers=True))]
        assert (by_ana, by_ben, by_document) == ([2], [1], [1, 2])  # the document's own: anyone's last
        annotated = [r.store_id for r in load_records(team, document_status="annotated", layers=LayerChoice(("ben",)))]
        assert annotated == [1]


def test_upgrade_fills_statuses_from_the_event_log(tmp_path):
    from annotations.store import migrate

    path = tmp_path / "old.sqlite"
    with Store.create(path) as s:
        [doc] = import_records(s, [DocumentRecord(text="Chile said so.", title="x")]).document_ids
    migrate(path, "0006")  # already at head: nothing to do; make an 0006 store by hand below
    import sqlite3

    con = sqlite3.connect(path)
    con.execute("DELETE FROM document_status")
    con.execute("INSERT INTO event (at, annotator, action, document_id, target, before, after) VALUES "
                "('2026-01-01 00:00:00', 'ana', 'set_status', ?, 'document:1', '{\"status\": \"new\"}', "
                "'{\"status\": \"done\"}')", (doc,))
    con.execute("DROP TABLE document_status")
    con.execute("DROP TABLE store_seen")
    con.execute("DROP TABLE flag")  # revisions 0008 and 0009 came later
    con.execute("DROP TABLE trained_model")
    con.execute("DELETE FROM glossator_info WHERE key = 'store_id'")
    con.execute("UPDATE alembic_version SET version_num = '0006'")
    con.commit()
    con.close()
    with Store.open(path) as upgraded:
        assert get_status(upgraded, doc, annotator="ana") == "done"
        assert upgraded.info("store_id")
