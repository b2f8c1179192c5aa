"""The actor registry travels with merge and checkout: actors by id (seeded
`iso3166:XX` ids are the same everywhere), aliases, span links by span uid;
same-name actors with different ids are reported as candidates."""
from __future__ import annotations

from annotations.actors.linking import link_span, links
from annotations.actors.registry import add_actor, add_alias, get_actor, list_actors
from annotations.services import add_span, get_spans
from annotations.services.merge import checkout, merge_stores
from annotations.store import Store
from tests.team.test_merge import make_team


def test_checkout_copies_the_registry_and_merge_brings_back_actors_aliases_links(tmp_path):
    make_team(tmp_path / "team.sqlite")
    with Store.open(tmp_path / "team.sqlite") as team:
        add_actor(team, "Chile", "state", actor_id="iso3166:CL", aliases=["Santiago"])
        add_actor(team, "Ana Lopez", "person")
        report = checkout(team, tmp_path / "ana.sqlite", "ana")
        assert report.actors_added == 2
    with Store.open(tmp_path / "ana.sqlite") as laptop:
        assert {a.id for a in list_actors(laptop)} >= {"iso3166:CL"}
        add_alias(laptop, "iso3166:CL", "the Chilean government")
        peru = add_actor(laptop, "Peru", "state", actor_id="iso3166:PE").added_actors[0]
        lopez = add_actor(laptop, "ana  lopez", "person").added_actors[0]  # typed again: a new uuid
        [chile_span] = [sp for sp in get_spans(laptop, 1) if sp.start == 0]
        link_span(laptop, chile_span.id, "iso3166:CL")
    with Store.open(tmp_path / "team.sqlite") as team:
        report = merge_stores(team, [tmp_path / "ana.sqlite"])
        assert (report.actors_added, report.links_added) == (2, 1)
        assert "the Chilean government" in get_actor(team, "iso3166:CL").aliases
        assert get_actor(team, peru).name == "Peru"
        [line] = report.candidates
        assert line.startswith("candidate: actors ") and lopez in line and "'ana lopez'" in line
        assert "glossator actors merge" in line
        [chile_span] = [sp for sp in get_spans(team, 1) if sp.start == 0 and sp.annotator == "ana"]
        assert links(team, 1)[chile_span.id][0] == "iso3166:CL"
        again = merge_stores(team, [tmp_path / "ana.sqlite"])
        assert (again.actors_added, again.links_added) == (0, 0)


def test_the_same_seeded_state_in_two_stores_is_one_actor(tmp_path):
    for name in ("a", "b"):
        make_team(tmp_path / f"{name}.sqlite")
        with Store.open(tmp_path / f"{name}.sqlite") as store:
            add_actor(store, "Chile", "state", actor_id="iso3166:CL")
            add_span(store, 3, 0, 6, "ACTOR", annotator=name)
    with Store.open(tmp_path / "a.sqlite") as a:
        report = merge_stores(a, [tmp_path / "b.sqlite"])
        assert report.actors_added == 0 and report.candidates == []
        assert [x.id for x in list_actors(a)] == ["iso3166:CL"]
