"""Linking ACTOR spans to registry actors, and labelling every occurrence.

- `suggest_links`: each unlinked ACTOR span whose text (normalised) is the
  alias of exactly one actor gets a pending link; a text fitting several actors
  is returned as a choice and never linked silently.
- `link_span` / `accept_link` / `unlink_span`: the analyst's decisions.
- `label_all`: every occurrence of an actor's aliases (or a span's text) in the
  chosen documents becomes a pending ACTOR suggestion carrying the link, at
  token boundaries only (no "Kim" inside "Kimberly"), in one transaction that
  `registry.undo` takes back.

Matching in running text is a compiled alternation with code-point word
boundaries (no tokenizer, no spaCy): case as written, plus the forms without
diacritics.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from ..errors import NotFoundError, ValidationError
from ..tables import ActorAliasRow, DocumentRow, EventRow, SpanActorRow, SpanRow, utcnow
from ..services import bulk, events
from ..services.rows import current_annotator
from ..store import Store
from .normalise import normalise, strip_diacritics
from .registry import RegistryEdit, _actor_row

ACTOR = "ACTOR"
SUGGESTER = "actors"
LINK_STATUSES = ("pending", "accepted")
CHUNK = 2000  # document ids per IN (...) list


@dataclass
class LinkResult:
    linked: list[tuple[int, str]] = field(default_factory=list)               # (span id, actor id)
    choices: list[tuple[int, str, list[str]]] = field(default_factory=list)   # (span id, text, actor ids)
    unmatched: int = 0

    @property
    def edit(self) -> RegistryEdit:
        return RegistryEdit("link", added_links=tuple(sid for sid, _ in self.linked))


def _actor_spans(s: Session, doc_ids: Sequence[int] | None):
    query = (select(SpanRow.id, SpanRow.document_id, SpanRow.start, SpanRow.end, DocumentRow.text)
             .join(DocumentRow, DocumentRow.id == SpanRow.document_id)
             .where(SpanRow.label == ACTOR, col(SpanRow.status).in_(("accepted", "pending"))))
    if doc_ids is not None:
        query = query.where(col(SpanRow.document_id).in_(list(doc_ids)))
    return s.exec(query).all()


def suggest_links(store: Store, document_ids: Iterable[int] | None = None) -> LinkResult:
    """Pending links for unlinked ACTOR spans whose alias fits one actor (one transaction)."""
    ids = list(document_ids) if document_ids is not None else None
    result = LinkResult()
    with store.session(write=True) as s:
        index: dict[str, set[str]] = {}
        for actor_id, key in s.exec(select(ActorAliasRow.actor_id, ActorAliasRow.normalised)):
            index.setdefault(key, set()).add(actor_id)
        linked = set(s.exec(select(SpanActorRow.span_id)))
        rows = []
        for span_id, _doc, start, end, text in _actor_spans(s, ids):
            if span_id in linked:
                continue
            mention = text[start:end]
            fits = index.get(normalise(mention), set())
            if len(fits) == 1:
                actor_id = next(iter(fits))
                rows.append({"span_id": span_id, "actor_id": actor_id, "status": "pending", "score": 1.0})
                result.linked.append((span_id, actor_id))
            elif fits:
                result.choices.append((span_id, mention, sorted(fits)))
            else:
                result.unmatched += 1
        bulk.insert_rows(s, SpanActorRow, rows)
        events.record(s, "actor_suggest_links", target="actors", annotator=current_annotator(),
                      after={"linked": len(rows), "choices": len(result.choices)})
    return result


def link_span(store: Store, span_id: int, actor_id: str, status: str = "accepted") -> RegistryEdit:
    """Link an ACTOR span to an actor (replacing its link); undo removes the link."""
    if status not in LINK_STATUSES:
        raise ValidationError(f"unknown link status {status!r} (use {', '.join(LINK_STATUSES)})")
    with store.session(write=True) as s:
        span = s.get(SpanRow, span_id)
        if span is None:
            raise NotFoundError(f"no span {span_id}")
        if span.label != ACTOR:
            raise ValidationError(f"span {span_id} is {span.label}, not ACTOR: only ACTOR spans link to actors")
        _actor_row(s, actor_id)
        old = s.get(SpanActorRow, span_id)
        if old is not None:
            before = old.actor_id
            old.actor_id, old.status, old.score = actor_id, status, None
            s.add(old)
        else:
            before = None
            s.add(SpanActorRow(span_id=span_id, actor_id=actor_id, status=status))
        events.record(s, "actor_link", document_id=span.document_id, target=f"span:{span_id}",
                      before={"actor": before}, after={"actor": actor_id, "status": status},
                      annotator=current_annotator())
    if before is not None:
        return RegistryEdit("link", moved_links=((span_id, before, actor_id),))
    return RegistryEdit("link", added_links=(span_id,))


def accept_link(store: Store, span_id: int) -> None:
    with store.session(write=True) as s:
        done = s.execute(update(SpanActorRow).where(col(SpanActorRow.span_id) == span_id).values(status="accepted"))
        if not done.rowcount:
            raise NotFoundError(f"span {span_id} has no link to accept")
        events.record(s, "actor_link_accept", target=f"span:{span_id}", annotator=current_annotator())


def links(store: Store, document_id: int | None = None) -> dict[int, tuple[str, str]]:
    """{span id: (actor id, link status)}."""
    with store.session() as s:
        query = select(SpanActorRow.span_id, SpanActorRow.actor_id, SpanActorRow.status)
        if document_id is not None:
            query = query.join(SpanRow, SpanRow.id == SpanActorRow.span_id).where(SpanRow.document_id == document_id)
        return {sid: (aid, status) for sid, aid, status in s.exec(query)}


# ---- label every occurrence ------------------------------------------------------------


def alias_pattern(aliases: Iterable[str]) -> re.Pattern[str] | None:
    """One compiled alternation of the aliases (and their diacritic-free forms), longest
    first, matching only between code-point word boundaries."""
    forms = {f for a in aliases if a.strip() for f in (a.strip(), strip_diacritics(a.strip()))}
    if not forms:
        return None
    alternation = "|".join(re.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f)))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")


@dataclass
class LabelAllResult:
    added: int = 0
    linked_existing: int = 0
    skipped: int = 0
    documents: int = 0
    edit: RegistryEdit = field(default_factory=lambda: RegistryEdit("label-all"))


def label_all(store: Store, actor_id: str | None = None, *, span_id: int | None = None,
              document_ids: Iterable[int] | None = None) -> LabelAllResult:
    """Propose ACTOR (with the link) for every occurrence of an actor's aliases, or of a
    span's text and its actor's aliases, in the documents (all when None).

    An occurrence already labelled ACTOR at the same offsets only gains the pending link
    when it has none; one overlapping another ACTOR span, or rejected there, is skipped."""
    if (actor_id is None) == (span_id is None):
        raise ValidationError("label-all needs an actor or a span (one of them)")
    annotator = current_annotator()
    result = LabelAllResult()
    with store.session(write=True) as s:
        aliases: list[str] = []
        if span_id is not None:
            span = s.get(SpanRow, span_id)
            if span is None:
                raise NotFoundError(f"no span {span_id}")
            text = s.get(DocumentRow, span.document_id).text
            aliases.append(text[span.start:span.end])
            link = s.get(SpanActorRow, span_id)
            actor_id = link.actor_id if link else None
        kind = None
        if actor_id is not None:
            actor = _actor_row(s, actor_id)
            kind = actor.kind
            aliases += list(s.exec(select(ActorAliasRow.alias).where(ActorAliasRow.actor_id == actor_id)))
        pattern = alias_pattern(aliases)
        if pattern is None:
            return result
        query = select(DocumentRow.id, DocumentRow.text)
        if document_ids is not None:
            query = query.where(col(DocumentRow.id).in_(list(document_ids)))
        with bulk.paused_gc():
            hits: dict[int, list[tuple[int, int]]] = {}
            for doc_id, text in s.exec(query):
                result.documents += 1
                found = [m.span() for m in pattern.finditer(text)]
                if found:
                    hits[doc_id] = found
            spans, new_links = _plan(s, hits, actor_id, kind, annotator, result)
            # ids from the database, matched back by the pending-suggestion key the store keeps unique
            new_ids = bulk.insert_returning_ids(s, SpanRow, spans,
                                                key=("document_id", "start", "end", "label", "suggester"))
            if actor_id is not None:
                new_links += [{"span_id": sid, "actor_id": actor_id, "status": "pending", "score": 1.0}
                              for sid in new_ids]
            bulk.insert_rows(s, SpanActorRow, new_links)
        now = utcnow()
        bulk.insert_rows(s, EventRow, [{"at": now, "annotator": annotator, "action": "actor_label_all",
                                        "document_id": None, "target": f"actor:{actor_id}" if actor_id else
                                        f"span:{span_id}", "after": {"added": len(new_ids),
                                                                      "linked": result.linked_existing}}])
        result.added = len(new_ids)
        fresh = set(new_ids)
        linked_old = tuple(r["span_id"] for r in new_links if r["span_id"] not in fresh)
        result.edit = RegistryEdit("label-all", added_spans=tuple(new_ids), added_links=linked_old)
    return result


def _plan(s: Session, hits: dict[int, list[tuple[int, int]]], actor_id: str | None, kind: str | None,
          annotator: str, result: LabelAllResult) -> tuple[list[dict], list[dict]]:
    """The new pending spans and the links to add to existing unlinked ACTOR spans."""
    existing: dict[int, list[tuple[int, int, int, str]]] = {}
    doc_ids = list(hits)
    for i in range(0, len(doc_ids), CHUNK):
        chunk = doc_ids[i:i + CHUNK]
        rows = s.exec(select(SpanRow.document_id, SpanRow.id, SpanRow.start, SpanRow.end, SpanRow.status)
                      .where(col(SpanRow.document_id).in_(chunk), SpanRow.label == ACTOR))
        for doc, sid, start, end, status in rows:
            existing.setdefault(doc, []).append((start, end, sid, status))
    linked = set(s.exec(select(SpanActorRow.span_id))) if existing else set()
    now = utcnow()
    attributes = {"kind": kind} if kind else {}
    spans: list[dict] = []
    new_links: list[dict] = []
    for doc, found in hits.items():
        there = existing.get(doc, [])
        for start, end in found:
            same = [(sid, status) for a, b, sid, status in there if (a, b) == (start, end)]
            if same:
                for sid, status in same:
                    if status != "rejected" and actor_id is not None and sid not in linked:
                        new_links.append({"span_id": sid, "actor_id": actor_id, "status": "pending", "score": 1.0})
                        linked.add(sid)
                        result.linked_existing += 1
                result.skipped += 1
                continue
            if any(a < end and start < b and status != "rejected" for a, b, _sid, status in there):
                result.skipped += 1
                continue
            spans.append({"document_id": doc, "start": start, "end": end, "label": ACTOR,
                          "attributes": attributes, "origin": "suggestion", "status": "pending",
                          "suggester": SUGGESTER, "suggester_version": "1", "score": 1.0,
                          "annotator": annotator, "created_at": now, "updated_at": now})
    return spans, new_links


def unlink_spans(store: Store, span_ids: Sequence[int]) -> int:
    with store.session(write=True) as s:
        done = s.execute(delete(SpanActorRow).where(col(SpanActorRow.span_id).in_(list(span_ids))))
        events.record(s, "actor_unlink", target="spans", after={"spans": list(span_ids)},
                      annotator=current_annotator())
        return done.rowcount or 0
