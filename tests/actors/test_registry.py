"""Registry CRUD on real SQLite stores: add, alias, seed, import/export, merge, and undo of each."""
from __future__ import annotations


import pytest

from annotations.actors import files, registry
from annotations.actors.normalise import normalise
from annotations.errors import NotFoundError, ValidationError
from annotations.services import list_events
from tests.conftest import table_dump


@pytest.mark.parametrize("a, b", [("U.S.", "US"), ("U.S.A.", "usa"), ("Russia's", "Russia"), ("Russia’s", "russia"),
                                  ("Erdoğan", "Erdogan"), ("the United States", "United States"),
                                  ("  European   Union ", "european union"), ("States'", "States")])
def test_normalise_folds_case_dots_possessives_diacritics(a, b):
    assert normalise(a) == normalise(b)


def test_normalise_keeps_different_names_apart():
    assert normalise("Kim") != normalise("Kimberly")
    assert normalise("Niger") != normalise("Nigeria")


def test_add_and_undo_returns_what_it_removed(store, store_path):
    before = table_dump(store_path)
    edit = registry.add_actor(store, "Recep Tayyip Erdoğan", "person", aliases=["Erdogan", "Erdoğan"])
    actor = registry.get_actor(store, edit.added_actors[0])
    assert len(actor.id) == 32 and actor.kind == "person"
    assert actor.aliases == ("Recep Tayyip Erdoğan", "Erdogan")  # "Erdoğan" normalises like "Erdogan"
    assert list_events(store)[-1]["action"] == "actor_add"
    removed = registry.undo(store, edit)
    assert removed["actors"] == [actor.id]
    with pytest.raises(NotFoundError):
        registry.get_actor(store, actor.id)
    after = table_dump(store_path)
    kept = ("event", "sqlite_sequence")  # the log grows; ids are never reused
    assert {t: rows for t, rows in after.items() if t not in kept} == \
        {t: rows for t, rows in before.items() if t not in kept}
    assert [e["action"] for e in list_events(store)][-2:] == ["actor_add", "actor_undo"]


def test_alias_and_undo(store):
    actor_id = registry.add_actor(store, "European Union", "organization").added_actors[0]
    edit = registry.add_alias(store, actor_id, "EU")
    assert registry.add_alias(store, actor_id, "E.U.").added_aliases == ()  # same normalised form
    assert "EU" in registry.get_actor(store, actor_id).aliases
    assert registry.undo(store, edit)["aliases"] == [[actor_id, "EU"]]
    assert registry.get_actor(store, actor_id).aliases == ("European Union",)


def test_bad_kind_and_unknown_actor_refused(store):
    with pytest.raises(ValidationError, match="unknown actor kind 'planet'"):
        registry.add_actor(store, "Mars", "planet")
    with pytest.raises(NotFoundError):
        registry.add_alias(store, "nobody", "x")


def test_seed_states_stable_ids_capitals_and_undo(store, tmp_path):
    edit = registry.seed_states(store)
    assert len(edit.added_actors) > 240
    russia = registry.get_actor(store, "iso3166:RU")
    assert russia.name == "Russia" and "Moscow" in russia.aliases and "Russian Federation" in russia.aliases
    us = registry.get_actor(store, "iso3166:US")
    assert {"Washington", "U.S.", "USA", "United States of America"} <= set(us.aliases) | {"U.S."}
    assert registry.get_actor(store, "iso3166:ID").external_ids["iso3166"] == "ID"
    assert "Jakarta" in registry.get_actor(store, "iso3166:ID").aliases
    # seeding again adds nothing; another store gets the very same ids
    assert registry.seed_states(store).added_actors == ()
    from annotations.store import Store
    other = Store.create(tmp_path / "other.sqlite")
    registry.seed_states(other)
    assert [a.id for a in registry.list_actors(other)] == [a.id for a in registry.list_actors(store)]
    other.close()
    registry.undo(store, edit)
    assert registry.list_actors(store) == []


def test_every_capital_in_the_projects_list_is_an_alias(store):
    registry.seed_states(store)
    from importlib import resources
    capitals = [line for line in (resources.files("resources") / "patterns" / "capitals.txt")
                .read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    index = registry.alias_index(store)
    missing = [c for c in capitals if normalise(c) not in index and c != "Pristina"]  # Kosovo: not in ISO 3166
    assert missing == []


def test_export_import_round_trip_csv_and_jsonl(store, tmp_path):
    from annotations.store import Store
    registry.seed_states(store)
    registry.add_actor(store, "Lena Hartmann", "person", aliases=["Hartmann"], external_ids={"wikidata": "Q1"},
                       notes="spokesperson, \"EU\"")
    for suffix in ("csv", "jsonl"):
        out = tmp_path / f"actors.{suffix}"
        assert files.export_actors(store, out) == len(registry.list_actors(store))
        copy = Store.create(tmp_path / f"copy-{suffix}.sqlite")
        edit = files.import_actors(copy, out)
        assert [a.as_dict() for a in registry.list_actors(copy)] == [a.as_dict() for a in registry.list_actors(store)]
        assert files.import_actors(copy, out).added_actors == ()  # importing again adds nothing
        registry.undo(copy, edit)
        assert registry.list_actors(copy) == []
        copy.close()


@pytest.mark.parametrize("name, content, message", [
    ("a.csv", "id,name,kind\nx1,Ann,person\nx2,Bob,planet\n", "a.csv:3: field 'kind': 'planet' is not one of"),
    ("a.csv", "id,name\nx1,Ann\n", "a.csv:1: field 'kind': no such column"),
    ("a.jsonl", '{"name": "Ann", "kind": "person"}\n{"name": "", "kind": "person"}\n', "a.jsonl:2: field 'name'"),
    ("a.jsonl", '{"name": "Ann", "kind": "person", "aliases": "A | B"}\n{oops\n', "a.jsonl:2: not valid JSON"),
    ("a.jsonl", '{"name": "Ann", "kind": "person", "external_ids": [1]}\n', "a.jsonl:1: field 'external_ids'"),
    ("a.jsonl", '{"id": "x", "name": "A", "kind": "person"}\n{"id": "x", "name": "B", "kind": "group"}\n',
     "a.jsonl:2: field 'id': 'x' already on line 1"),
])
def test_bad_import_names_file_line_field_and_changes_nothing(store, store_path, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    before = table_dump(store_path)
    with pytest.raises(ValidationError, match=message.replace(".", r"\.").replace("(", r"\(")):
        files.import_actors(store, path)
    assert table_dump(store_path) == before


def test_merge_moves_links_keeps_names_and_undoes(store, doc_id):
    from annotations.actors import linking
    from annotations.services import add_span
    a = registry.add_actor(store, "Ana Ruiz", "person").added_actors[0]
    b = registry.add_actor(store, "A. Ruiz", "person", aliases=["Minister Ruiz"]).added_actors[0]
    span = add_span(store, doc_id, 52, 60, "ACTOR", {"kind": "person"}).span_id
    linking.link_span(store, span, b)
    edit = registry.merge_actors(store, a, b)
    assert linking.links(store)[span] == (a, "accepted")
    assert {"A. Ruiz", "Minister Ruiz"} <= set(registry.get_actor(store, a).aliases)
    with pytest.raises(NotFoundError):
        registry.get_actor(store, b)
    assert registry.get_actor(store, a).mentions == 1
    event = list_events(store)[-1]
    assert event["action"] == "actor_merge" and event["before"]["id"] == b
    removed = registry.undo(store, edit)
    assert removed["restored_actors"] == [b] and removed["moved_back"] == 1
    assert linking.links(store)[span] == (b, "accepted")
    assert registry.get_actor(store, a).aliases == ("Ana Ruiz",)
    assert set(registry.get_actor(store, b).aliases) == {"A. Ruiz", "Minister Ruiz"}


def test_merge_into_itself_refused(store):
    a = registry.add_actor(store, "X", "group").added_actors[0]
    with pytest.raises(ValidationError):
        registry.merge_actors(store, a, a)


def test_same_name_different_ids_are_merge_candidates(store):
    registry.seed_states(store)
    mine = registry.add_actor(store, "Russia", "state").added_actors[0]
    found = registry.same_name_candidates(store)
    assert {"name": "russia", "actors": sorted(["iso3166:RU", mine])} in found
