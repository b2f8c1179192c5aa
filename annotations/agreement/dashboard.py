"""The figures of the progress and quality dashboard, as plain data (the
HTML report and a desktop panel draw the same):

- documents done per day per annotator: `set_status` events to "done", each
  (day, annotator, document) once;
- accepted spans per layer and label;
- suggestion decisions per suggester and label (accepted / rejected /
  pending, from `services.stats.store_stats`);
- agreement per label and pair (overlap F1 and alpha_U, from compare.py);
- review speed: suggestion decisions (a pending span accepted or rejected)
  per minute of active reviewing, per annotator. Active time is the sum of
  the pauses between one annotator's consecutive decisions that are at most
  five minutes long; a longer pause starts a new sitting.

All event reading is one read-only query over the two actions used.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import text as sql

from ..services.stats import store_stats
from ..store import Store
from .compare import AgreementReport, compare_layers
from .layers import UNKNOWN_LAYER

SITTING_BREAK = timedelta(minutes=5)


@dataclass(frozen=True)
class ReviewSpeed:
    decisions: int  # decisions that followed another within SITTING_BREAK
    minutes: float

    @property
    def per_minute(self) -> float | None:
        return self.decisions / self.minutes if self.minutes else None


@dataclass
class Dashboard:
    done_per_day: dict[str, dict[str, int]] = field(default_factory=dict)  # annotator -> day -> documents
    label_counts: dict[str, dict[str, int]] = field(default_factory=dict)  # layer -> label -> spans
    suggestions: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)  # suggester -> label -> status
    review_speed: dict[str, ReviewSpeed] = field(default_factory=dict)
    agreement: AgreementReport | None = None

    def acceptance(self) -> dict[tuple[str, str], float | None]:
        """(suggester, label) -> accepted / (accepted + rejected)."""
        out = {}
        for suggester, labels in self.suggestions.items():
            for label, counts in labels.items():
                decided = counts.get("accepted", 0) + counts.get("rejected", 0)
                out[(suggester, label)] = counts.get("accepted", 0) / decided if decided else None
        return out


def _when(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _json(value):
    return json.loads(value) if isinstance(value, str) else (value or {})


def build_dashboard(store: Store, *, agreement: AgreementReport | None = None) -> Dashboard:
    board = Dashboard(agreement=agreement if agreement is not None else compare_layers(store))
    done: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    decisions: dict[str, list[datetime]] = defaultdict(list)
    with store.session() as s:
        con = s.connection()
        rows = con.execute(sql(
            "SELECT at, COALESCE(annotator, :unknown), action, document_id, before, after FROM event "
            "WHERE action IN ('set_status', 'set_span_status') ORDER BY id"), {"unknown": UNKNOWN_LAYER})
        for at, who, action, doc_id, before, after in rows:
            before, after = _json(before), _json(after)
            if action == "set_status" and after.get("status") == "done":
                done[who][_when(at).date().isoformat()].add(doc_id)
            elif (action == "set_span_status" and before.get("status") == "pending"
                  and after.get("status") in ("accepted", "rejected")):
                decisions[who].append(_when(at))
        for layer, label, n in con.execute(sql(
                "SELECT COALESCE(annotator, :unknown), label, COUNT(*) FROM span WHERE status = 'accepted' "
                "GROUP BY 1, 2 ORDER BY 1, 2"), {"unknown": UNKNOWN_LAYER}):
            board.label_counts.setdefault(layer, {})[label] = n
    board.done_per_day = {who: {day: len(ids) for day, ids in sorted(days.items())} for who, days in sorted(done.items())}
    board.suggestions = store_stats(store)["suggestions"]
    board.review_speed = {who: review_speed(times) for who, times in sorted(decisions.items())}
    return board


def review_speed(times: list[datetime]) -> ReviewSpeed:
    """Decisions per active minute (see the module docstring)."""
    times = sorted(times)
    counted, active = 0, timedelta()
    for earlier, later in zip(times, times[1:]):
        if later - earlier <= SITTING_BREAK:
            counted += 1
            active += later - earlier
    return ReviewSpeed(counted, active.total_seconds() / 60)
