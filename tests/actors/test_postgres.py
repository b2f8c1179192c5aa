"""The registry on PostgreSQL: the same scenario as on SQLite (JSONB external ids, seed, link,
label-all, merge, undo, who said what)."""
from __future__ import annotations

from annotations.actors import checks, decisions, linking, registry, sources
from annotations.services import get_spans, import_files
from annotations.store import Store
from tests.actors.link_figures import GOLD, figures


def test_registry_scenario_on_postgres(postgres_url):
    store = Store.create(postgres_url)
    try:
        import_files(store, [GOLD])
        f = figures(store)  # seeds the states and suggests links
        assert f["precision"] == 1.0 and f["coverage"] == 1.0
        assert registry.get_actor(store, "iso3166:RU").external_ids == {"iso3166": "RU", "iso3166_alpha3": "RUS"}
        mine = registry.add_actor(store, "Indonesia", "state", external_ids={"note": "dup"}).added_actors[0]
        assert {"name": "indonesia", "actors": sorted(["iso3166:ID", mine])} in checks.check(store)["same_name"]
        linked_before = registry.get_actor(store, "iso3166:ID").mentions
        assert linked_before == 4  # "Indonesia" once, "Jakarta" three times
        result = linking.label_all(store, "iso3166:ID")
        assert result.added >= 1
        new = set(result.edit.added_spans)
        pending = {s.id for d in range(1, 15) for s in get_spans(store, d) if s.status == "pending"}
        assert new <= pending
        merge = registry.merge_actors(store, mine, "iso3166:ID")
        assert registry.get_actor(store, mine).mentions >= result.added
        registry.undo(store, merge)
        registry.undo(store, result.edit)
        assert registry.get_actor(store, "iso3166:ID").mentions == linked_before
        assert not set(result.edit.added_spans) & {s.id for d in range(1, 15) for s in get_spans(store, d)}
        assert sources.who_said_what(store).attributed
        span, (actor, status) = next(iter(linking.links(store).items()))  # a decision and its exact undo
        relinked = decisions.set_link(store, span, "iso3166:UA")
        registry.undo(store, relinked)
        assert linking.links(store)[span] == (actor, status)
    finally:
        store.close()
