"""Corpus search: full-text over titles and texts, combined with filters
(label present, actor linked, status, layer, publication or import date, source), with a
keyword-in-context line per hit. Offsets are code points into the stored text.

The full-text index belongs to the store (migration 0004: FTS5 on SQLite, a
tsvector on PostgreSQL) and is kept in step by the database. This module
builds one query: the index's match, joined to `document`, filters as
SQLAlchemy expressions (the same on both backends), ranked by relevance.
Only the shown hits are highlighted, so a query over a large corpus costs
the index lookup plus the page of results.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Sequence

from sqlalchemy import String, and_, cast, exists, func, literal_column, select, text as sql

from ..errors import ValidationError
from ..tables import DocumentRow, SpanActorRow, SpanRow
from ..search_query import parse
from ..store import Store
from ..types import DOCUMENT_STATUSES

CONTEXT = 40  # characters of context on each side of a hit
MAX_HITS_PER_DOCUMENT = 3
_OPEN, _CLOSE = "\x02", "\x03"  # highlight markers; control characters never stored in articles
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class SearchFilters:
    labels: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    layers: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    sources: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()  # registry ids: documents with an accepted span linked to one of them


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    context: str  # one line: "…left [hit] right…"


@dataclass(frozen=True)
class SearchResult:
    document_id: int
    title: str
    source: str | None
    status: str
    published: str | None
    hits: list[Hit] = field(default_factory=list)


def search(store: Store, query: str, filters: SearchFilters = SearchFilters(), *, limit: int = 50,
           offset: int = 0) -> list[SearchResult]:
    """Documents matching `query` and every filter, best first (at most `limit`)."""
    q = parse(query)
    for status in filters.statuses:
        if status not in DOCUMENT_STATUSES:
            raise ValidationError(f"unknown status {status!r} (use {', '.join(DOCUMENT_STATUSES)})")
    d = DocumentRow.__table__.c
    published = DocumentRow.meta["published"].as_string()
    with store.session() as s:
        dialect = s.get_bind().dialect.name
        if dialect == "sqlite":
            matched = (select(literal_column("rowid").label("id"), literal_column("rank").label("rank"))
                       .select_from(sql("document_fts")).where(sql("document_fts MATCH :fts"))).subquery()
            params = {"fts": q.to_fts5()}
            order = matched.c.rank
        else:
            tsq = func.websearch_to_tsquery("english", query)
            vector = literal_column("document.search")
            matched = (select(d.id.label("id"), func.ts_rank(vector, tsq).label("rank"))
                       .where(vector.op("@@")(tsq))).subquery()
            params = {}
            order = matched.c.rank.desc()
        # The ranked page carries ids only: SQLite's sorter holds every selected
        # column of every match, so the texts are read for the page afterwards.
        page = (select(d.id)
                .select_from(matched.join(DocumentRow.__table__, d.id == matched.c.id))
                .where(*_conditions(filters, published))
                .order_by(order, d.id).limit(limit).offset(offset))
        ids = list(s.connection().execute(page, params).scalars())
        rows = {r[0]: r for r in s.connection().execute(
            select(d.id, d.title, d.source, d.status, published, d.text).where(d.id.in_(ids)))}
        texts = _highlighted(s, ids, q.to_fts5()) if dialect == "sqlite" else {}
    results = []
    for doc_id in ids:
        _, title, source, status, pub, text = rows[doc_id]
        hits = _hits(text, texts.get(doc_id)) if doc_id in texts else _hits_by_words(text, q)
        results.append(SearchResult(doc_id, title, source, status, pub, hits))
    return results


def _conditions(f: SearchFilters, published) -> list:
    d, sp = DocumentRow.__table__.c, SpanRow.__table__.c
    conditions = []
    if f.statuses:
        conditions.append(d.status.in_(f.statuses))
    live = [sp.document_id == d.id, sp.status == "accepted"]
    if f.layers:
        live.append(sp.annotator.in_(f.layers))
    for label in f.labels:
        conditions.append(exists().where(and_(*live, sp.label == label)))
    if f.layers and not f.labels:
        conditions.append(exists().where(and_(*live)))
    if f.since or f.until:
        day = func.coalesce(published, func.substr(cast(d.created_at, String), 1, 10))
        if f.since:
            conditions.append(day >= f.since.isoformat())
        if f.until:
            conditions.append(day <= f.until.isoformat())
    if f.sources:
        conditions.append(func.lower(d.source).in_([s.lower() for s in f.sources]))
    if f.actors:
        link = SpanActorRow.__table__.c
        conditions.append(exists().where(and_(*live, link.span_id == sp.id, link.actor_id.in_(f.actors))))
    return conditions


def _highlighted(s, ids: Sequence[int], fts: str) -> dict[int, str]:
    """The shown documents' texts with their hits marked, one rowid lookup each
    (FTS5 answers `rowid = ?` without evaluating the query over the corpus)."""
    query = sql("SELECT highlight(document_fts, 1, :o, :c) FROM document_fts "
                "WHERE document_fts MATCH :fts AND rowid = :id")
    con = s.connection()
    return {i: con.execute(query, {"o": _OPEN, "c": _CLOSE, "fts": fts, "id": i}).scalar() for i in ids}


def _hits(text: str, marked: str | None) -> list[Hit]:
    """Hits from the index's highlight of the text: marker positions mapped back to code points."""
    if not marked or _OPEN in text or _CLOSE in text:
        return []
    hits, at, removed = [], 0, 0
    while len(hits) < MAX_HITS_PER_DOCUMENT:
        opened = marked.find(_OPEN, at)
        if opened < 0:
            break
        closed = marked.find(_CLOSE, opened)
        start = opened - removed  # every marker before this one is one character not in the text
        end = closed - removed - 1
        hits.append(kwic(text, start, end))
        at, removed = closed + 1, removed + 2
    return hits


def _hits_by_words(text: str, q) -> list[Hit]:
    """Hits where the index gives no positions (PostgreSQL): the query's words as written, by prefix."""
    words = [w for group in q.groups for item in group for w in item.split()]
    pattern = re.compile(r"\b(" + "|".join(re.escape(w[: max(4, len(w) - 2)]) for w in words) + r")\w*", re.I)
    return [kwic(text, m.start(), m.end()) for m in list(pattern.finditer(text))[:MAX_HITS_PER_DOCUMENT]]


def kwic(text: str, start: int, end: int, width: int = CONTEXT) -> Hit:
    left = _SPACE.sub(" ", text[max(0, start - width): start])
    right = _SPACE.sub(" ", text[end: end + width])
    hit = _SPACE.sub(" ", text[start:end])
    line = ("…" if start > width else "") + left + f"[{hit}]" + right + ("…" if end + width < len(text) else "")
    return Hit(start, end, line)
