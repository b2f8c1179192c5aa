"""Reviewing suggestions in the real window: keys accept, reject, relabel and
accept all (one undo step); undo/redo restore the store exactly; suggesting
runs in a worker; the review queue model and dock."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotations import services
from annotations.services.suggestions import run_suggester
from tests.conftest import EXAMPLE
from tests.desktop.conftest import check_undo_redo, state


@pytest.fixture
def suggested(store, doc_id):
    run_suggester(store, "rules", [doc_id])
    return {EXAMPLE[s.start : s.end]: s for s in services.get_spans(store, doc_id)}


@pytest.fixture
def review_window(make_window, store_path, suggested, doc_id):
    return make_window(store_path, doc_id)


def statuses(store, doc_id):
    return {EXAMPLE[s.start : s.end]: s.status for s in services.get_spans(store, doc_id)}




def test_pending_suggestions_are_shown(review_window, suggested):
    assert {s.status for s in review_window.ws.spans.values()} == {"pending"}
    assert len(review_window.ws.spans) == len(suggested)


def test_n_jumps_to_pending_and_a_accepts(qtbot, review_window, store, doc_id, suggested):
    before = state(store, doc_id)
    qtbot.keyClick(review_window.article, Qt.Key.Key_N)
    first = review_window.ws.selected_span
    assert first.start == min(s.start for s in suggested.values())
    qtbot.keyClick(review_window.article, Qt.Key.Key_A)
    assert services.get_span(store, first.id).status == "accepted"
    assert services.get_span(store, first.id).origin == "suggestion"
    assert review_window.ws.selected_span.status == "pending"  # moved on to the next one
    assert review_window.ws.stack.undoText() == f"Accept {first.label} suggestion"
    check_undo_redo(review_window, store, doc_id, before)


def test_x_rejects_and_undo_restores(qtbot, review_window, store, doc_id, suggested):
    review_window.ws.select(suggested["about 3,500"].id)
    before = state(store, doc_id)
    qtbot.keyClick(review_window.article, Qt.Key.Key_X)
    assert statuses(store, doc_id)["about 3,500"] == "rejected"
    assert suggested["about 3,500"].id not in review_window.ws.spans  # rejected ones are hidden
    check_undo_redo(review_window, store, doc_id, before)


def test_relabel_and_accept(review_window, store, doc_id, suggested):
    review_window.ws.select(suggested["about 3,500"].id)
    before = state(store, doc_id)
    review_window.review.relabel_accept("ACTOR")
    span = services.get_span(store, suggested["about 3,500"].id)
    assert (span.label, span.status) == ("ACTOR", "accepted")
    check_undo_redo(review_window, store, doc_id, before)


def test_accept_all_is_one_undo_step(qtbot, review_window, store, doc_id, suggested):
    before = state(store, doc_id)
    qtbot.keyClick(review_window.article, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    assert set(statuses(store, doc_id).values()) == {"accepted"}
    assert [r.status for r in services.get_relations(store, doc_id)] == ["accepted"]
    assert review_window.ws.stack.count() == 1
    check_undo_redo(review_window, store, doc_id, before)
    assert not review_window.actions_by_id["review.accept"].isEnabled()


def test_suggest_runs_in_a_worker(qtbot, make_window, store_path, store, doc_id):
    window = make_window(store_path, doc_id)
    run = window.suggest.start("rules")
    with qtbot.waitSignal(run.finished, timeout=30000) as blocker:
        pass
    assert blocker.args[0].added > 0
    assert {s.status for s in window.ws.spans.values()} == {"pending"}
    assert window.documents.model.summary(0).pending_count == blocker.args[0].added


def test_suggest_failure_reaches_the_user(qtbot, make_window, store_path, store, doc_id):
    window = make_window(store_path, doc_id)
    run = window.suggest.start("pipeline:xx_missing")
    with qtbot.waitSignal(run.failed, timeout=30000):
        pass
    assert "not installed" in window.last_message
    assert run.offer.isVisible() and "not installed" in run.offer.informativeText()
    run.use_rules.click()  # the offered fallback: the built-in rules, nothing downloaded
    assert window.suggest.run is not run
    with qtbot.waitSignal(window.suggest.run.finished, timeout=30000) as blocker:
        pass
    assert blocker.args[0].added > 0
    qtbot.waitUntil(lambda: len(window.ws.spans) == blocker.args[0].added)


def test_review_queue_model(qtmodeltester, store, suggested):
    from annotations.services.review import review_queue
    from desktop.item_models.review_queue_model import QueueRow, ReviewQueueModel

    model = ReviewQueueModel()
    spans = review_queue(store, "score")
    model.set_rows([QueueRow(s, EXAMPLE[s.start : s.end], "Example") for s in spans])
    qtmodeltester.check(model)
    assert model.rowCount() == len(suggested)
    model.remove_span(spans[0].id)
    assert model.rowCount() == len(suggested) - 1


def test_review_queue_dock_opens_span_and_drops_decided(qtbot, review_window, store, doc_id, suggested):
    review_window.show_review_queue()
    view = review_window.review_queue_dock.widget()
    assert view.model.rowCount() == len(suggested)
    view.order.setCurrentIndex(1)  # by document
    first = view.model.row(0).span
    view.open_row(view.model.index(0, 0))
    assert review_window.ws.selected == first.id
    review_window.review.accept()
    assert view.model.rowCount() == len(suggested) - 1
