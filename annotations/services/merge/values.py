"""Small value helpers the merge modules share: timestamps as the store's columns
take them, how a time is printed in a report line, and a span row as a dict."""
from __future__ import annotations

from datetime import datetime, timezone

from ..rows import _stamp, json_value

#: The span columns a merge reads (the last one is the row's id in that store).
SPAN_SQL = ('SELECT s.uid, s.document_id, s.start, s."end", s.label, s.attributes, s.origin, s.status, '
            "s.suggester, s.suggester_version, s.score, s.annotator, s.created_at, s.updated_at, s.id FROM span s")


def utc(at: datetime | None) -> datetime | None:
    """A timestamp for the store's columns (they take aware times and keep them in UTC)."""
    if at is None:
        return None
    return at.astimezone(timezone.utc) if at.tzinfo else at.replace(tzinfo=timezone.utc)


def naive(values: dict) -> dict:
    """`values` with every datetime made UTC (the name is historical: the columns take UTC)."""
    return {k: utc(v) if isinstance(v, datetime) else v for k, v in values.items()}


def when(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3] + " UTC" if at else "an unknown time"


def span_from_row(r) -> dict:
    return {"uid": r[0], "document_id": r[1], "start": r[2], "end": r[3], "label": r[4],
            "attributes": json_value(r[5]) or {}, "origin": r[6], "status": r[7], "suggester": r[8],
            "suggester_version": r[9], "score": r[10], "annotator": r[11], "created_at": _stamp(r[12]),
            "updated_at": _stamp(r[13]), "id": r[14]}


__all__ = ["SPAN_SQL", "_stamp", "json_value", "naive", "span_from_row", "utc", "when"]
