"""Assignments: which documents each annotator is asked to annotate, and how far
they got. `assign` is one transaction (rows and their events together);
`assigned_documents` is what `glossator docs --annotator NAME` shows."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from sqlalchemy import text as sql
from sqlmodel import col, select

from ..errors import ValidationError
from ..tables import AssignmentRow, DocumentRow, new_uid, utcnow
from ..store import Store
from . import events
from .rows import current_annotator


@dataclass(frozen=True)
class Assignment:
    document_id: int
    annotator: str


@dataclass(frozen=True)
class AssignResult:
    assigned: tuple[Assignment, ...]
    already: tuple[Assignment, ...]  # pairs that existed before (nothing written for them)


@dataclass(frozen=True)
class AssignedDocument:
    id: int
    title: str
    status: str  # this annotator's status of the document (services.documents: status per annotator)
    accepted: int  # spans in this annotator's layer
    pending: int  # suggestions still pending in the document
    assigned_at: object


def assign(store: Store, annotators: Sequence[str], *, document_ids: Sequence[int] | None = None,
           count: int | None = None, overlap: int = 1, by: str | None = None) -> AssignResult:
    """Assign documents to annotators, each chosen document to `overlap` of them in turn.

    `document_ids` names the documents; `count` takes the N oldest documents not yet
    assigned to any of `annotators`. One transaction; one `assign` event per new pair."""
    names = list(dict.fromkeys(a.strip() for a in annotators if a and a.strip()))
    if not names:
        raise ValidationError("assign: name at least one annotator (--annotator NAME)")
    if (document_ids is None) == (count is None):
        raise ValidationError("assign: give either --docs IDS or --count N")
    if count is not None and count < 1:
        raise ValidationError(f"assign: --count must be at least 1, not {count}")
    if not 1 <= overlap <= len(names):
        raise ValidationError(f"assign: --overlap {overlap} needs between 1 and {len(names)} annotator(s) "
                              f"(named: {', '.join(names)})")
    by = by or current_annotator()
    with store.session(write=True) as s:
        if document_ids is not None:
            wanted = list(dict.fromkeys(document_ids))
            found = set(s.exec(select(DocumentRow.id).where(col(DocumentRow.id).in_(wanted))))
            missing = [i for i in wanted if i not in found]
            if missing:
                raise ValidationError(f"assign: no document {', '.join(map(str, missing[:10]))} in the store")
        else:
            taken = select(AssignmentRow.document_id).where(col(AssignmentRow.annotator).in_(names))
            wanted = list(s.exec(select(DocumentRow.id).where(col(DocumentRow.id).not_in(taken))
                                 .order_by(DocumentRow.created_at, DocumentRow.id).limit(count)))
        existing = {(d, a) for d, a in s.exec(select(AssignmentRow.document_id, AssignmentRow.annotator).where(
            col(AssignmentRow.document_id).in_(wanted), col(AssignmentRow.annotator).in_(names)))}
        assigned, already = [], []
        turn = 0
        for doc in wanted:
            for k in range(overlap):
                who = names[(turn + k) % len(names)]
                pair = Assignment(doc, who)
                if (doc, who) in existing:
                    already.append(pair)
                    continue
                uid = new_uid()
                s.add(AssignmentRow(uid=uid, document_id=doc, annotator=who, assigned_at=utcnow()))
                events.record(s, "assign", document_id=doc, target=f"document:{doc}",
                              after={"annotator": who, "uid": uid}, annotator=by)
                assigned.append(pair)
            turn += overlap
        return AssignResult(tuple(assigned), tuple(already))


_ASSIGNED_SQL = """
SELECT d.id, d.title,
       COALESCE((SELECT ds.status FROM document_status ds WHERE ds.document_id = d.id AND ds.annotator = :who),
                'new'),
       a.assigned_at,
       (SELECT COUNT(*) FROM span s WHERE s.document_id = d.id AND s.status = 'accepted'
                                      AND s.annotator = :who),
       (SELECT COUNT(*) FROM span s WHERE s.document_id = d.id AND s.status = 'pending')
FROM assignment a JOIN document d ON d.id = a.document_id
WHERE a.annotator = :who
ORDER BY d.id
"""


def assigned_documents(store: Store, annotator: str) -> list[AssignedDocument]:
    """The documents assigned to `annotator`, with their progress in that annotator's layer."""
    with store.session() as s:
        rows = s.connection().execute(sql(_ASSIGNED_SQL), {"who": annotator}).all()
    return [AssignedDocument(id=r[0], title=r[1], status=r[2], assigned_at=r[3], accepted=int(r[4]),
                             pending=int(r[5])) for r in rows]
