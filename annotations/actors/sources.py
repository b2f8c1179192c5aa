"""Who said what: for each actor, the ASSERTIONs whose SOURCE is one of its
mentions, with stance and document; ASSERTIONs without a source apart.

Only accepted ASSERTION spans and accepted SOURCE relations count. A source
mention with no link to the registry is listed under its own text (actor id
None). CSV export replaces its file atomically, owner-only (0600).
"""
from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy.orm import aliased
from sqlmodel import select

from ..formats.output import write_atomically
from ..tables import ActorRow, DocumentRow, RelationRow, SpanActorRow, SpanRow
from ..store import Store

SOURCE = "SOURCE"
ASSERTION = "ASSERTION"
CSV_FIELDS = ("actor_id", "actor", "source_text", "stance", "document_id", "document", "assertion_id",
              "start", "end", "assertion")


@dataclass(frozen=True)
class Said:
    actor_id: str | None
    actor: str
    source_text: str
    stance: str | None
    document_id: int
    document: str
    assertion_id: int
    start: int
    end: int
    assertion: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class WhoSaidWhat:
    attributed: list[Said]
    unsourced: list[Said]


def who_said_what(store: Store, actor_id: str | None = None) -> WhoSaidWhat:
    """Attributed assertions sorted by actor, document, offset (only `actor_id`'s when given),
    and the assertions with no source."""
    head, child = aliased(SpanRow), aliased(SpanRow)
    with store.session() as s:
        rows = s.exec(
            select(head, child.start, child.end, SpanActorRow.actor_id, ActorRow.name, DocumentRow.title,
                   DocumentRow.text)
            .join(RelationRow, RelationRow.head_id == head.id)
            .join(child, child.id == RelationRow.child_id)
            .join(DocumentRow, DocumentRow.id == head.document_id)
            .outerjoin(SpanActorRow, SpanActorRow.span_id == child.id)
            .outerjoin(ActorRow, ActorRow.id == SpanActorRow.actor_id)
            .where(RelationRow.label == SOURCE, RelationRow.status == "accepted", head.label == ASSERTION,
                   head.status == "accepted")
        ).all()
        attributed, sourced = [], set()
        for a, c_start, c_end, aid, name, title, text in rows:
            sourced.add(a.id)
            mention = text[c_start:c_end]
            if actor_id is not None and aid != actor_id:
                continue
            attributed.append(_said(a, aid, name or mention, mention, title, text))
        unsourced_rows = s.exec(
            select(SpanRow, DocumentRow.title, DocumentRow.text).join(DocumentRow, DocumentRow.id == SpanRow.document_id)
            .where(SpanRow.label == ASSERTION, SpanRow.status == "accepted")
            .order_by(SpanRow.document_id, SpanRow.start)
        ).all()
        unsourced = [] if actor_id is not None else [
            _said(a, None, "", "", title, text) for a, title, text in unsourced_rows if a.id not in sourced]
    attributed.sort(key=lambda r: (r.actor.casefold(), r.actor_id or "", r.document_id, r.start))
    return WhoSaidWhat(attributed, unsourced)


def _said(span: SpanRow, actor_id, actor, mention, title, text) -> Said:
    return Said(actor_id, actor, mention, (span.attributes or {}).get("stance"), span.document_id, title or "",
                span.id, span.start, span.end, " ".join(text[span.start:span.end].split()))


def write_csv(result: WhoSaidWhat, path: Path) -> int:
    """Attributed rows, then unsourced ones (empty actor), to `path`, replaced atomically."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    rows = [r.as_dict() for r in (*result.attributed, *result.unsourced)]
    writer.writerows(rows)
    write_atomically(path, [out.getvalue()])  # owner-only: it holds document text
    return len(rows)
