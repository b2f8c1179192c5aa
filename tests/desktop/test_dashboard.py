"""The dashboard dock on real widgets: computed in the background, the same
figures as `glossator report` on QtAgg canvases, Refresh picks up new work,
stale results are dropped and failures are shown in one line."""
from __future__ import annotations

import math

import pytest
from PySide6.QtCore import Qt

from annotations.agreement import add_layer, compare_layers
from annotations.services import import_records, set_status
from annotations.types import DocumentRecord, SpanRecord

TEXT = "Ana Ruiz said 3,500 jobs went. Oxfam warned of 12 closures."


@pytest.fixture
def two_layers(store):
    doc = import_records(store, [DocumentRecord(text=TEXT, title="Jobs")]).document_ids[0]
    add_layer(store, [DocumentRecord(text=TEXT, spans=[SpanRecord(0, 8, "ACTOR"), SpanRecord(14, 19, "FIGURE")])],
              "ana")
    add_layer(store, [DocumentRecord(text=TEXT, spans=[SpanRecord(0, 8, "ACTOR"), SpanRecord(31, 36, "ACTOR")])],
              "ben")
    return doc


def open_dashboard(qtbot, window):
    window.actions_by_id["view.dashboard"].trigger()
    panel = window.dashboard_dock.widget()
    qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
    return panel


def test_dashboard_shows_the_report_figures_computed_in_the_background(qtbot, make_window, store, store_path,
                                                                      two_layers):
    window = make_window(store_path, two_layers)
    panel = open_dashboard(qtbot, window)
    assert window.dashboard_dock.isVisible()
    assert set(panel.canvases) == {"label_counts", "agreement_heatmap"}
    canvas = panel.canvases["agreement_heatmap"]
    assert type(canvas).__name__ == "FigureCanvasQTAgg"
    qtbot.waitUntil(canvas.isVisible)
    # the heatmap's cells are the overlap F1 per label of ana vs ben, as compare_layers gives them
    report = compare_layers(store)
    cells = canvas.figure.axes[0].images[0].get_array()[0]
    expected = [report.pairs[0].labels[label].overlap.f1 for label in report.labels]
    expected.append(report.pairs[0].pooled("overlap").f1)
    assert [round(float(c), 6) for c in cells] == [round(e, 6) for e in expected]
    assert math.isclose(expected[0], 2 / 3)  # ACTOR: one match, ben's Oxfam alone
    empty = panel.findChild(type(panel.status), "dashboard_done_per_day_empty")
    assert empty is not None and "No document has been marked done" in empty.text()


def test_refresh_picks_up_new_work(qtbot, make_window, store, store_path, two_layers):
    window = make_window(store_path, two_layers)
    panel = open_dashboard(qtbot, window)
    assert "done_per_day" not in panel.canvases
    set_status(store, two_layers, "done", annotator="ana")
    qtbot.mouseClick(panel.refresh_button, Qt.MouseButton.LeftButton)
    assert panel.busy
    qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
    assert "done_per_day" in panel.canvases
    assert panel.board.done_per_day == {"ana": {next(iter(panel.board.done_per_day["ana"])): 1}}


def test_a_stale_result_is_dropped(qtbot, make_window, store_path, two_layers):
    window = make_window(store_path, two_layers)
    panel = open_dashboard(qtbot, window)
    shown = dict(panel.canvases)
    panel._show(panel._request - 1, panel.store_location, (None, {}))  # an older request arriving late
    assert panel.canvases == shown


def test_a_failure_is_one_line_and_leaves_refresh_usable(qtbot, make_window, store_path, two_layers, tmp_path):
    window = make_window(store_path, two_layers)
    panel = open_dashboard(qtbot, window)
    panel.store_location = tmp_path / "gone.sqlite"
    panel.refresh()
    qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
    assert panel.status.text().startswith("Could not compute the dashboard:")
    assert "\n" not in panel.status.text() and "Traceback" not in panel.status.text()
