"""The dashboard's figures and the HTML report: counts from the event log,
review speed worked by hand, one self-contained owner-only file."""
from __future__ import annotations

import base64
import re
import stat
from datetime import datetime, timedelta

import pytest

from annotations.agreement.dashboard import build_dashboard, review_speed
from annotations.agreement.report import write_report
from annotations.services import add_span, set_status
from annotations.services.review import accept, reject


def test_review_speed_by_hand():
    t0 = datetime(2026, 3, 2, 9, 0)
    times = [t0, t0 + timedelta(seconds=30), t0 + timedelta(seconds=90),   # pauses 30 s, 60 s
             t0 + timedelta(minutes=20), t0 + timedelta(minutes=21)]        # 18.5 min: a new sitting; then 60 s
    speed = review_speed(times)
    # decisions after a pause <= 5 min: 3; active time 30 + 60 + 60 s = 2.5 min -> 1.2 per minute
    assert (speed.decisions, speed.minutes) == (3, 2.5)
    assert speed.per_minute == pytest.approx(1.2)
    assert review_speed([t0]).per_minute is None


def reviewed(store):
    """Documents marked done and suggestions decided, through the services (real event log)."""
    for doc in (1, 3):
        set_status(store, doc, "done", annotator="ben")
    pending = [add_span(store, 2, s, s + 3, "FIGURE", status="pending", origin="suggestion",
                        suggester="rules", annotator="ben").span_id for s in (60, 70, 80)]
    accept(store, pending[0], annotator="ben")
    accept(store, pending[1], annotator="ben")
    reject(store, pending[2], annotator="ben")


def test_dashboard_figures_from_the_store(layered):
    reviewed(layered)
    board = build_dashboard(layered)
    assert list(board.done_per_day) == ["ben"] and sum(board.done_per_day["ben"].values()) == 2
    assert board.label_counts["ana"] == {"ACTOR": 138, "ASSERTION": 89, "FIGURE": 149}
    assert board.acceptance()[("rules", "FIGURE")] == pytest.approx(2 / 3)
    assert board.review_speed["ben"].decisions == 2  # three decisions, two pauses, all within seconds
    # ben's two accepted suggestions make ben's layer cover document 2 as well
    assert board.agreement.pairs[0].documents == [1, 2, 3, 5, 8, 10]


def test_report_is_one_private_self_contained_file(layered, tmp_path):
    reviewed(layered)
    out = tmp_path / "report.html"
    out.write_text("an older report")
    out.chmod(0o644)
    result = write_report(layered, out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    page = out.read_text(encoding="utf-8")
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert len(images) == 5 and all(c is not None for c in result.charts.values())
    assert all(base64.b64decode(data).startswith(b"\x89PNG") for data in images)
    assert not re.search(r'(?:src|href)="(?!data:)', page) and "<script" not in page
    assert "ana vs ben" in page


def test_empty_store_report_says_so_in_words(store, tmp_path):
    result = write_report(store, tmp_path / "r.html")
    assert all(png is None for png in result.charts.values())
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "No document has been marked done yet." in page and "<img" not in page
