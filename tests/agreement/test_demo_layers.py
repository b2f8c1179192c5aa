"""The demo store carries two annotators' layers on five sample articles, so
agreement, curation and adjudication have something to show at once."""
from __future__ import annotations

from annotations.agreement import compare_corpus, layer_names, read_layers
from annotations.demo import build_demo_store


def test_demo_store_has_two_layers_on_five_articles(tmp_path):
    store, added = build_demo_store(tmp_path / "demo.sqlite")
    try:
        assert added == 14
        assert {"ana", "ben"} <= set(layer_names(store))
        layers = read_layers(store)
        both = [d for d in layers.values() if {"ana", "ben"} <= set(d.layers)]
        assert len(both) == 5
        report = compare_corpus(layers, ["ana", "ben"])
        actor = report.label_over_pairs("ACTOR", "overlap")
        # the second layer disagrees honestly: neither perfect nor unrelated
        assert 0.8 < actor.f1 < 1.0
        build_demo_store(tmp_path / "demo.sqlite")[0].close()  # opening again adds nothing
        assert len([d for d in read_layers(store).values() if {"ana", "ben"} <= set(d.layers)]) == 5
    finally:
        store.close()
