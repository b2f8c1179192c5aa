"""Merge order by the stores' event sequences (not laptop clocks), relation
removals carried by merge, and the uid a restored span or relation keeps."""
from __future__ import annotations

import pytest

from annotations.services import (add_relation, delete_span, get_relations, get_spans, relabel_span,
                                  remove_relation, restore_spans)
from annotations.services.merge import checkout, merge_stores
from annotations.store import Store
from tests.team.test_merge import make_team, spans_of


def _uid(store: Store, span_id: int) -> str:
    with store.session() as s:
        return s.connection().exec_driver_sql(f"SELECT uid FROM span WHERE id = {int(span_id)}").scalar_one()


def _skew_clock(path, years_back: int = 30) -> None:
    """Make every time the laptop recorded decades old: a laptop whose clock was wrong."""
    with Store.open(path) as laptop, laptop.transaction() as conn:
        conn.exec_driver_sql(f"UPDATE span SET updated_at = datetime(updated_at, '-{years_back} years')")


@pytest.fixture
def team_and_laptop(tmp_path):
    make_team(tmp_path / "team.sqlite")
    with Store.open(tmp_path / "team.sqlite") as team:
        checkout(team, tmp_path / "ana.sqlite", "ana")
    return tmp_path / "team.sqlite", tmp_path / "ana.sqlite"


def _figure(store: Store):
    [figure] = [sp for sp in get_spans(store, 1) if sp.start == 11]
    return figure


def test_a_second_merge_of_the_same_laptop_wins_by_sequence_even_with_a_wrong_clock(team_and_laptop):
    team_path, laptop_path = team_and_laptop
    with Store.open(laptop_path) as laptop:
        relabel_span(laptop, _figure(laptop).id, "ASSERTION", annotator="ana")
    with Store.open(team_path) as team:
        assert merge_stores(team, [laptop_path]).spans_updated == 1
    with Store.open(laptop_path) as laptop:
        relabel_span(laptop, _figure(laptop).id, "ACTOR", annotator="ana")
    _skew_clock(laptop_path)  # its second edit now looks older than the first one the team holds
    with Store.open(team_path) as team:
        report = merge_stores(team, [laptop_path])
        assert report.conflicts == [] and report.spans_updated == 1
        assert _figure(team).label == "ACTOR"


def test_a_laptop_that_saw_the_teams_change_wins_without_conflict(tmp_path, team_and_laptop):
    team_path, laptop_path = team_and_laptop
    with Store.open(team_path) as team:
        relabel_span(team, _figure(team).id, "ASSERTION", annotator="ana")  # at the office
        checkout(team, tmp_path / "second.sqlite", "ana")  # a second laptop that saw it
    with Store.open(tmp_path / "second.sqlite") as second:
        relabel_span(second, _figure(second).id, "ACTOR", annotator="ana")
    _skew_clock(tmp_path / "second.sqlite")
    with Store.open(team_path) as team:
        report = merge_stores(team, [tmp_path / "second.sqlite"])
        assert report.conflicts == [] and _figure(team).label == "ACTOR"
        # the first laptop never saw either change: an old copy, unchanged, changes nothing
        report = merge_stores(team, [laptop_path])
        assert report.conflicts == [] and report.spans_updated == 0 and _figure(team).label == "ACTOR"


def test_concurrent_edits_are_a_conflict_decided_by_the_clock(team_and_laptop):
    team_path, laptop_path = team_and_laptop
    with Store.open(laptop_path) as laptop:
        relabel_span(laptop, _figure(laptop).id, "ASSERTION", annotator="ana")
    with Store.open(team_path) as team:
        relabel_span(team, _figure(team).id, "ACTOR", annotator="ana")  # later by the clock
        report = merge_stores(team, [laptop_path])
        [line] = report.conflicts
        assert line.startswith("conflict: span ") and "(ana, document 1 'Doc 0', 11-13) changed in both" in line
        assert "kept ACTOR accepted" in line and f"from {team.location}" in line
        assert "dropped ASSERTION accepted" in line and f"from {laptop_path}" in line
        assert _figure(team).label == "ACTOR"


def test_relation_removals_travel_and_the_round_trip_reproduces_the_laptop(team_and_laptop):
    team_path, laptop_path = team_and_laptop
    with Store.open(laptop_path) as laptop:
        actor, figure = sorted(get_spans(laptop, 1), key=lambda sp: sp.start)
        relabel_span(laptop, figure.id, "ASSERTION", annotator="ana")
        change = add_relation(laptop, figure.id, actor.id, "SOURCE", annotator="ana")
    with Store.open(team_path) as team:
        assert merge_stores(team, [laptop_path]).relations_added == 1
        assert len(get_relations(team, 1)) == 1
    with Store.open(laptop_path) as laptop:
        remove_relation(laptop, change.added_relations[0], annotator="ana")
        on_laptop = spans_of(laptop, keep=lambda sp: sp["annotator"] == "ana")
    with Store.open(team_path) as team:
        report = merge_stores(team, [laptop_path])
        assert report.relations_deleted == 1 and report.conflicts == []
        assert get_relations(team, 1) == []
        assert spans_of(team, keep=lambda sp: sp["annotator"] == "ana") == on_laptop
        again = merge_stores(team, [laptop_path])
        assert again.relations_deleted == again.relations_added == 0


def test_a_relation_dropped_by_a_relabel_is_removed_in_the_team_too(team_and_laptop):
    team_path, laptop_path = team_and_laptop
    with Store.open(laptop_path) as laptop:
        actor, figure = sorted(get_spans(laptop, 1), key=lambda sp: sp.start)
        relabel_span(laptop, figure.id, "ASSERTION", annotator="ana")
        add_relation(laptop, figure.id, actor.id, "SOURCE", annotator="ana")
    with Store.open(team_path) as team:
        merge_stores(team, [laptop_path])
    with Store.open(laptop_path) as laptop:
        change = relabel_span(laptop, figure.id, "FIGURE", annotator="ana")  # SOURCE no longer allowed
        assert len(change.removed_relations) == 1 and get_relations(laptop, 1) == []
    with Store.open(team_path) as team:
        report = merge_stores(team, [laptop_path])
        assert report.relations_deleted == 1 and get_relations(team, 1) == []


def test_a_restored_span_keeps_its_uid_and_comes_back_in_the_team(team_and_laptop):
    team_path, laptop_path = team_and_laptop
    with Store.open(laptop_path) as laptop:
        figure = _figure(laptop)
        uid = _uid(laptop, figure.id)
        change = delete_span(laptop, figure.id, annotator="ana")
    with Store.open(team_path) as team:
        assert merge_stores(team, [laptop_path]).spans_deleted == 1
    with Store.open(laptop_path) as laptop:
        restored = restore_spans(laptop, change.removed_spans, change.removed_relations, annotator="ana")
        assert _uid(laptop, restored.added_spans[0]) == uid  # undo of a delete keeps the uid
        on_laptop = spans_of(laptop, keep=lambda sp: sp["annotator"] == "ana")
    with Store.open(team_path) as team:
        report = merge_stores(team, [laptop_path])
        assert report.spans_added == 1 and report.conflicts == []
        assert _uid(team, _figure(team).id) == uid
        assert spans_of(team, keep=lambda sp: sp["annotator"] == "ana") == on_laptop


def test_a_restored_relation_keeps_its_uid(tmp_path):
    make_team(tmp_path / "team.sqlite")
    with Store.open(tmp_path / "team.sqlite") as store:
        actor, figure = sorted([sp for sp in get_spans(store, 1) if sp.annotator == "ana"], key=lambda sp: sp.start)
        relabel_span(store, figure.id, "ASSERTION", annotator="ana")
        [rel_id] = add_relation(store, figure.id, actor.id, "SOURCE", annotator="ana").added_relations
        [before] = get_relations(store, 1)
        removed = remove_relation(store, rel_id, annotator="ana").removed_relations
        restore_spans(store, [], removed, annotator="ana")
        [after] = get_relations(store, 1)
        assert after.uid == before.uid and after.uid
