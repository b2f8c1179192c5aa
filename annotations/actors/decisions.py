"""The analyst's one-at-a-time decisions on a span's link, each exactly reversible,
and the reads an editor needs around them (an actor's mentions, the document of spans).

`set_link` links, relinks, accepts or removes (unlink, reject a pending link) the
link of one ACTOR span in one transaction; the RegistryEdit it returns records
the link it replaced, so `registry.undo` puts back exactly that (a link linked by
hand is undone too, unlike the pending links `suggest_links` makes).
`link_of`/`restore_link` let undoing a span's deletion bring its link back.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Iterable

from sqlmodel import col, select

from ..errors import NotFoundError
from ..services import events
from ..services.rows import current_annotator
from ..store import Store
from ..tables import DocumentRow, SpanActorRow, SpanRow
from .linking import actor_span, check_status
from .registry import RegistryEdit, _actor_row

log = logging.getLogger(__name__)

CHUNK = 2000  # ids per IN (...) list


def set_link(store: Store, span_id: int, actor_id: str | None, status: str = "accepted") -> RegistryEdit:
    """Make `actor_id` (with `status`) the link of ACTOR span `span_id`; None removes its link."""
    check_status(status)
    with store.session(write=True) as s:
        span = actor_span(s, span_id)
        if actor_id is not None:
            _actor_row(s, actor_id)
        old = s.get(SpanActorRow, span_id)
        before = (old.actor_id, old.status) if old is not None else (None, None)
        if (actor_id, status if actor_id else None) == before:
            return RegistryEdit("link")
        if old is not None:
            s.delete(old)
            s.flush()
        if actor_id is not None:
            s.add(SpanActorRow(span_id=span_id, actor_id=actor_id, status=status))
        events.record(s, "actor_link" if actor_id else "actor_unlink", document_id=span.document_id,
                      target=f"span:{span_id}", before={"actor": before[0], "status": before[1]},
                      after={"actor": actor_id, "status": status if actor_id else None},
                      annotator=current_annotator())
    return RegistryEdit("link" if actor_id else "unlink", replaced_links=((span_id, *before),))


def link_of(store: Store, span_id: int) -> tuple[str, str] | None:
    """(actor id, status) of a span's link, or None."""
    with store.session() as s:
        row = s.get(SpanActorRow, span_id)
        return (row.actor_id, row.status) if row is not None else None


def restore_link(store: Store, span_id: int, link: tuple[str, str] | None) -> None:
    """Put back a link that went with its span (undo of a delete); an actor gone meanwhile
    (merged, undone) leaves the span unlinked, logged."""
    if link is None:
        return
    try:
        set_link(store, span_id, *link)
    except NotFoundError as exc:
        log.warning("span %s comes back unlinked: %s", span_id, exc)


@dataclass(frozen=True)
class Mention:
    span_id: int
    document_id: int
    document: str
    start: int
    end: int
    text: str
    status: str  # the link's status


def actor_mentions(store: Store, actor_id: str) -> list[Mention]:
    """The spans linked to an actor, by document and offset."""
    with store.session() as s:
        rows = s.exec(select(SpanRow.id, SpanRow.document_id, DocumentRow.title, SpanRow.start, SpanRow.end,
                             DocumentRow.text, SpanActorRow.status)
                      .join(SpanActorRow, SpanActorRow.span_id == SpanRow.id)
                      .join(DocumentRow, DocumentRow.id == SpanRow.document_id)
                      .where(SpanActorRow.actor_id == actor_id)
                      .order_by(SpanRow.document_id, SpanRow.start)).all()
    return [Mention(sid, doc, title or "", start, end, text[start:end], status)
            for sid, doc, title, start, end, text, status in rows]


def documents_of(store: Store, span_ids: Iterable[int]) -> dict[int, int]:
    """{span id: document id} for the spans that exist."""
    ids = list(span_ids)
    found: dict[int, int] = {}
    with store.session() as s:
        for i in range(0, len(ids), CHUNK):
            found.update(s.exec(select(SpanRow.id, SpanRow.document_id)
                                .where(col(SpanRow.id).in_(ids[i:i + CHUNK]))).all())
    return found
