"""Automatic linking on the sample articles: every state mention linked to its state, nothing
else linked; with the analyst's registry of the samples (resources/samples/actors.jsonl) the
people, organisations and groups too, and still no wrong link."""
from __future__ import annotations

from annotations.services import import_files
from tests.actors.link_figures import GOLD, REGISTRY, figures


def test_sample_articles_link_precision_and_coverage(store):
    import_files(store, [GOLD])
    f = figures(store)
    assert f["actor_spans"] == 138 and f["with_registry_actor"] == 36
    assert f["precision"] == 1.0 and f["coverage"] == 1.0


def test_with_a_registry_of_people_and_organisations(store):
    import_files(store, [GOLD])
    f = figures(store, REGISTRY)
    assert f["actor_spans"] == f["with_registry_actor"] == 138
    assert f["precision"] == 1.0 and f["choices"] == 0
    kinds = f["by_kind"]
    assert kinds["states"]["coverage"] == 1.0 and kinds["organisations and groups"]["coverage"] == 1.0
    assert kinds["people"]["with_registry_actor"] == 41
    assert kinds["people"]["correct"] == 41  # 17 of them bare surnames, linked by the surname pass
