"""`glossator merge` and `glossator checkout`: the laptop round trip on SQLite and
PostgreSQL, deletions carried, idempotence, order independence, conflicts
reported, other layers untouched, unknown labels refused before any write."""
from __future__ import annotations

import dataclasses
import json

import pytest

from annotations.errors import ValidationError
from annotations.services import (add_relation, add_span, delete_span, get_relations, get_spans, import_records,
                                  list_events, relabel_span)
from annotations.services.assignments import assign
from annotations.services.merge import checkout, merge_stores
from annotations.services.review import accept, reject
from annotations.store import Store
from annotations.types import DocumentRecord

TEXTS = ["Chile said 40 people left Santiago on Monday.", "Peru's minister said prices rose 3 percent.",
         "Nobody assigned this one to anyone at all."]


@pytest.fixture(params=["sqlite", "postgresql"])
def team_location(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "team.sqlite")
    return request.getfixturevalue("postgres_url")


def make_team(location) -> list[int]:
    with Store.create(location) as team:
        ids = list(import_records(team, [DocumentRecord(text=t, title=f"Doc {n}") for n, t in enumerate(TEXTS)])
                   .document_ids)
        add_span(team, ids[0], 0, 5, "ACTOR", annotator="ana")
        add_span(team, ids[0], 11, 13, "FIGURE", annotator="ana")
        add_span(team, ids[0], 26, 34, "ACTOR", annotator="ben")  # ana adds the same on her laptop
        add_span(team, ids[1], 0, 4, "ACTOR", status="pending", origin="suggestion", suggester="rules",
                 annotator="lead")
        add_span(team, ids[1], 33, 42, "FIGURE", status="pending", origin="suggestion", suggester="rules",
                 annotator="lead")
        assign(team, ["ana"], document_ids=ids[:2])
        return ids


def spans_of(store: Store, doc_ids=None, keep=lambda sp: True) -> set[tuple]:
    """(uid, doc sha, start, end, label, status, annotator, created_at, updated_at) of every span."""
    with store.session() as s:
        rows = s.connection().exec_driver_sql(
            'SELECT s.uid, d.sha256, s.start, s."end", s.label, s.status, s.annotator, s.created_at, s.updated_at '
            "FROM span s JOIN document d ON d.id = s.document_id").all()
    from annotations.services.rows import _stamp

    return {(r[0], r[1], r[2], r[3], r[4], r[5], r[6], _stamp(r[7]), _stamp(r[8])) for r in rows
            if keep({"annotator": r[6], "status": r[5]})}


def laptop_edits(laptop: Store) -> None:
    spans = {(sp.document_id, sp.start, sp.label): sp for doc in (1, 2) for sp in get_spans(laptop, doc)}
    add_span(laptop, 1, 26, 34, "ACTOR", annotator="ana")                       # add
    relabel_span(laptop, spans[(1, 11, "FIGURE")].id, "ASSERTION", annotator="ana")  # relabel
    delete_span(laptop, spans[(1, 0, "ACTOR")].id, annotator="ana")             # delete
    accept(laptop, spans[(2, 0, "ACTOR")].id, annotator="ana")                  # accept
    reject(laptop, spans[(2, 33, "FIGURE")].id, annotator="ana")                # reject


def test_round_trip_team_checkout_offline_edits_merge_back(team_location, tmp_path):
    ids = make_team(team_location)
    laptop_path = tmp_path / "ana.sqlite"
    with Store.open(team_location) as team:
        before_ben = spans_of(team, keep=lambda sp: sp["annotator"] == "ben")
        report = checkout(team, laptop_path, "ana")
    assert report.documents_added == 2 and report.spans_added == 4 and report.assignments_added == 2
    with Store.open(laptop_path) as laptop:
        assert [sp.annotator for sp in get_spans(laptop, 1)] == ["ana", "ana"]  # ben's layer stays home
        laptop_edits(laptop)
        by_label = {sp.label: sp.id for sp in get_spans(laptop, 1)}
        add_relation(laptop, by_label["ASSERTION"], by_label["ACTOR"], "SOURCE", annotator="ana")
        on_laptop = spans_of(laptop)
    with Store.open(team_location) as team:
        report = merge_stores(team, [laptop_path])
        assert (report.spans_added, report.spans_updated, report.spans_deleted) == (1, 3, 1)
        assert report.relations_added == 1
        [relation] = get_relations(team, ids[0])
        heads = {sp.id: (sp.label, sp.start) for sp in get_spans(team, ids[0])}
        assert (heads[relation.head_id], heads[relation.child_id], relation.annotator) == (
            ("ASSERTION", 11), ("ACTOR", 26), "ana")
        assert report.conflicts == [] and report.refused == []
        mine = spans_of(team, keep=lambda sp: sp["annotator"] != "ben")
        assert mine == on_laptop  # exactly the laptop's edits, with their timestamps and annotator
        assert spans_of(team, keep=lambda sp: sp["annotator"] == "ben") == before_ben
        events = len(list_events(team))
        again = merge_stores(team, [laptop_path])
        assert dataclasses.replace(again, sources=[]) == dataclasses.replace(type(again)(), sources=[])
        assert len(list_events(team)) == events and spans_of(team, keep=lambda sp: sp["annotator"] != "ben") == mine
        logged = [e for e in list_events(team) if e["action"] == "merge_delete_span"]
        assert [e["annotator"] for e in logged] == ["ana"]
    assert ids


def test_two_laptops_merge_in_either_order_to_the_same_store(tmp_path):
    ids = make_team(tmp_path / "team.sqlite")
    with Store.open(tmp_path / "team.sqlite") as team:
        assign(team, ["ana"], document_ids=[ids[2]])
        checkout(team, tmp_path / "a.sqlite", "ana")
        checkout(team, tmp_path / "b.sqlite", "ana")
    with Store.open(tmp_path / "a.sqlite") as a:
        laptop_edits(a)
    with Store.open(tmp_path / "b.sqlite") as b:
        add_span(b, 3, 0, 6, "ACTOR", annotator="ana")
        relabel_span(b, [sp for sp in get_spans(b, 1) if sp.label == "FIGURE"][0].id, "ACTOR", annotator="ana")
    results = []
    for order in (["a", "b"], ["b", "a"]):
        copy = tmp_path / f"team-{''.join(order)}.sqlite"
        copy.write_bytes((tmp_path / "team.sqlite").read_bytes())
        with Store.open(copy) as team:
            report = merge_stores(team, [tmp_path / f"{name}.sqlite" for name in order])
            results.append(spans_of(team))
        # the FIGURE span was changed in both laptops: the later one (b) wins either way, reported
        assert len(report.conflicts) == 1 and "changed in both" in report.conflicts[0]
        assert "kept ACTOR accepted" in report.conflicts[0] and "dropped ASSERTION accepted" in report.conflicts[0]
    assert results[0] == results[1]


def test_unknown_labels_stop_the_merge_before_any_write(tmp_path, cli):
    make_team(tmp_path / "store.sqlite")
    from annotations.schema import default_schema

    schema = default_schema()
    renamed = dataclasses.replace(schema, labels=(dataclasses.replace(schema.labels[0], name="PERSON"),
                                                  *schema.labels[1:]))
    with Store.create(tmp_path / "old.sqlite", schema=renamed) as old:
        [doc] = import_records(old, [DocumentRecord(text="Ana met Ben.", title="x")]).document_ids
        add_span(old, doc, 0, 3, "PERSON", annotator="ana")
    dump = (tmp_path / "store.sqlite").read_bytes()
    code, out, err = cli("merge", str(tmp_path / "old.sqlite"))
    assert code == 1 and "PERSON" in err and "nothing was merged" in err and len(err.strip().splitlines()) == 1
    assert (tmp_path / "store.sqlite").read_bytes() == dump
    with Store.open(tmp_path / "store.sqlite") as team, pytest.raises(ValidationError, match="PERSON"):
        merge_stores(team, [tmp_path / "old.sqlite"])


def test_a_laptop_with_a_subset_of_the_labels_merges(tmp_path):
    make_team(tmp_path / "team.sqlite")
    from annotations.schema import default_schema

    schema = default_schema()
    with Store.create(tmp_path / "small.sqlite", schema=dataclasses.replace(schema, labels=schema.labels[:1])) as s:
        [doc] = import_records(s, [DocumentRecord(text="Ana met Ben.", title="x")]).document_ids
        add_span(s, doc, 0, 3, "ACTOR", annotator="cy")
    with Store.open(tmp_path / "team.sqlite") as team:
        report = merge_stores(team, [tmp_path / "small.sqlite"])
    assert (report.documents_added, report.spans_added) == (1, 1)


def test_a_span_deleted_in_the_team_is_not_brought_back_by_an_old_laptop(tmp_path):
    make_team(tmp_path / "team.sqlite")
    with Store.open(tmp_path / "team.sqlite") as team:
        checkout(team, tmp_path / "ana.sqlite", "ana")
        [actor] = [sp for sp in get_spans(team, 1) if sp.annotator == "ana" and sp.label == "ACTOR"]
        delete_span(team, actor.id, annotator="ana")
        report = merge_stores(team, [tmp_path / "ana.sqlite"])
        assert report.spans_added == 0
        assert not [sp for sp in get_spans(team, 1) if sp.annotator == "ana" and sp.label == "ACTOR"]


def test_cli_merge_and_checkout_json_and_errors(tmp_path, cli):
    make_team(tmp_path / "store.sqlite")
    laptop = tmp_path / "ana.sqlite"
    code, out, err = cli("checkout", str(tmp_path / "store.sqlite"), str(laptop), "--annotator", "ana", "--json")
    assert code == 0, err
    shape = {"sources", "documents_added", "spans_added", "spans_updated", "spans_deleted", "relations_added",
             "assignments_added", "duplicates_skipped", "conflicts", "refused", "documents_deleted",
             "relations_deleted", "statuses_merged", "actors_added", "actors_updated", "links_added", "candidates",
             "flags_added", "flags_updated", "flags_removed", "models_added"}
    assert set(json.loads(out)) == shape and json.loads(out)["spans_added"] == 4
    code, out, err = cli("checkout", str(tmp_path / "store.sqlite"), str(laptop), "--annotator", "ana")
    assert code == 1 and "already exists" in err and len(err.strip().splitlines()) == 1
    code, out, err = cli("checkout", str(tmp_path / "store.sqlite"), str(tmp_path / "x.sqlite"), "--annotator", "zed")
    assert code == 1 and "no document is assigned to zed" in err and not (tmp_path / "x.sqlite").exists()
    with Store.open(laptop) as s:
        add_span(s, 1, 26, 34, "ACTOR", annotator="ana")
    code, out, err = cli("merge", str(laptop), "--json")
    assert code == 0, err
    assert json.loads(out)["spans_added"] == 1 and set(json.loads(out)) == shape
    code, out, err = cli("merge", str(tmp_path / "missing.sqlite"))
    assert code == 1 and err.startswith("error:") and len(err.strip().splitlines()) == 1
    for command in ("merge", "checkout", "backup"):
        code, out, _ = cli(command, "--help")
        assert all(f'"{key}"' in out for key in shape)


def test_team_commands_never_import_spacy(tmp_path):
    from tests.annotations.test_cli_start import run_commands

    make_team(tmp_path / "team.sqlite")
    store = ["--store", str(tmp_path / "team.sqlite"), "--quiet"]
    commands = [["assign", "--help"], ["merge", "--help"], ["checkout", "--help"],
                [*store, "assign", "--annotator", "ben", "--count", "1"], [*store, "docs", "--annotator", "ana"],
                ["checkout", str(tmp_path / "team.sqlite"), str(tmp_path / "l.sqlite"), "--annotator", "ana", "-q"],
                [*store, "merge", str(tmp_path / "l.sqlite")], [*store, "backup", str(tmp_path / "b.sqlite")],
                [*store, "delete-docs", "3"], ["delete-docs", "--help"], ["backup", "--help"]]
    assert run_commands(commands) == "CLEAN"


def test_backup_restores_by_merge_into_an_empty_store(team_location, tmp_path, cli):
    make_team(team_location)
    with Store.open(team_location) as team:
        checkout(team, tmp_path / "ana.sqlite", "ana")
        with Store.open(tmp_path / "ana.sqlite") as laptop:
            laptop_edits(laptop)
        merge_stores(team, [tmp_path / "ana.sqlite"])
        everything = spans_of(team)
    code, out, err = cli("--store", team_location, "backup", str(tmp_path / "backup.sqlite"), "--json")
    assert code == 0, err
    assert json.loads(out)["documents_added"] == 3
    with Store.create(tmp_path / "restored.sqlite") as restored:
        report = merge_stores(restored, [tmp_path / "backup.sqlite"])
        assert report.conflicts == [] and spans_of(restored) == everything
        assert report.assignments_added == 2
    code, out, err = cli("--store", team_location, "backup", str(tmp_path / "backup.sqlite"))
    assert code == 1 and "already exists" in err


def test_delete_docs_is_logged_and_carried_by_merge(tmp_path, cli):
    ids = make_team(tmp_path / "store.sqlite")
    with Store.open(tmp_path / "store.sqlite") as team:
        checkout(team, tmp_path / "ana.sqlite", "ana")
    code, out, err = cli("delete-docs", "1,99")
    assert code == 1 and "99" in err and "nothing was deleted" in err
    with Store.open(tmp_path / "ana.sqlite") as laptop:  # the takedown happens on the laptop...
        code, out, err = cli("--store", str(tmp_path / "ana.sqlite"), "delete-docs", "1", "--json")
        assert code == 0, err
        assert json.loads(out) == [{"id": 1, "title": "Doc 0", "spans": 2}]
        assert [e["before"]["sha256"] for e in list_events(laptop) if e["action"] == "delete_document"]
    code, out, err = cli("merge", str(tmp_path / "ana.sqlite"), "--json")  # ...and reaches the team
    assert code == 0, err
    assert json.loads(out)["documents_deleted"] == 1
    with Store.open(tmp_path / "store.sqlite") as team:
        with team.session() as s:
            left = s.connection().exec_driver_sql("SELECT id FROM document ORDER BY id").scalars().all()
        assert left == ids[1:]
        assert not [sp for sp in spans_of(team) if sp[6] == "ben"]  # ben's span went with the document
    # an older copy that still holds the document does not bring it back
    with Store.create(tmp_path / "old.sqlite") as old:
        import_records(old, [DocumentRecord(text=TEXTS[0], title="Doc 0")])
    code, out, err = cli("merge", str(tmp_path / "old.sqlite"), "--json")
    assert code == 0 and json.loads(out)["documents_added"] == 0


def test_a_deletion_older_than_the_targets_change_is_a_conflict_and_loses(tmp_path):
    make_team(tmp_path / "team.sqlite")
    with Store.open(tmp_path / "team.sqlite") as team:
        checkout(team, tmp_path / "ana.sqlite", "ana")
        with Store.open(tmp_path / "ana.sqlite") as laptop:
            [figure] = [sp for sp in get_spans(laptop, 1) if sp.label == "FIGURE"]
            delete_span(laptop, figure.id, annotator="ana")
        [figure] = [sp for sp in get_spans(team, 1) if sp.label == "FIGURE"]
        relabel_span(team, figure.id, "ASSERTION", annotator="ana")  # later, at the office
        report = merge_stores(team, [tmp_path / "ana.sqlite"])
        assert report.spans_deleted == 0 and len(report.conflicts) == 1
        assert "deleted in" in report.conflicts[0] and "the change (later) wins" in report.conflicts[0]
        assert [sp.label for sp in get_spans(team, 1) if sp.id == figure.id] == ["ASSERTION"]


def test_an_edit_of_another_annotators_span_in_a_copy_is_refused(tmp_path):
    make_team(tmp_path / "team.sqlite")
    with Store.open(tmp_path / "team.sqlite") as team:
        before = spans_of(team)
        with Store.open(tmp_path / "team.sqlite") as source:
            from annotations.services.merge import backup

            backup(source, tmp_path / "copy.sqlite")
    with Store.open(tmp_path / "copy.sqlite") as copy:
        [bens] = [sp for sp in get_spans(copy, 1) if sp.annotator == "ben"]
        relabel_span(copy, bens.id, "ASSERTION", annotator="ana")
        delete_span(copy, bens.id, annotator="ana")
        add_span(copy, 1, 26, 34, "FIGURE", annotator="ben")
        [new] = [sp for sp in get_spans(copy, 1) if sp.label == "FIGURE" and sp.annotator == "ben"]
        relabel_span(copy, new.id, "ASSERTION", annotator="ana")
    with Store.open(tmp_path / "team.sqlite") as team:
        report = merge_stores(team, [tmp_path / "copy.sqlite"])
        assert len(report.refused) == 2 and "belongs to ben; ana deleted it" in report.refused[1]
        assert "in ben's layer; ana changed it" in report.refused[0]
        assert spans_of(team) == before and report.spans_deleted == report.spans_added == 0


def test_the_same_span_added_on_two_laptops_is_stored_once(tmp_path):
    make_team(tmp_path / "team.sqlite")
    with Store.open(tmp_path / "team.sqlite") as team:
        for name in ("a", "b"):
            checkout(team, tmp_path / f"{name}.sqlite", "ana")
            with Store.open(tmp_path / f"{name}.sqlite") as laptop:
                add_span(laptop, 1, 26, 34, "ACTOR", annotator="ana")
        report = merge_stores(team, [tmp_path / "a.sqlite", tmp_path / "b.sqlite"])
        assert (report.spans_added, report.duplicates_skipped) == (1, 1)
        assert len([sp for sp in get_spans(team, 1) if (sp.start, sp.annotator) == (26, "ana")]) == 1
