"""Automatic linking on the sample articles: every state mention linked to its state, nothing else linked."""
from __future__ import annotations

from annotations.services import import_files
from tests.actors.link_figures import GOLD, figures


def test_sample_articles_link_precision_and_coverage(store):
    import_files(store, [GOLD])
    f = figures(store)
    assert f["actor_spans"] == 138 and f["with_registry_actor"] == 36
    assert f["precision"] == 1.0 and f["coverage"] == 1.0
