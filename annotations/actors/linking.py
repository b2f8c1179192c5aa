"""Linking ACTOR spans to registry actors, and labelling every occurrence.

- `suggest_links`: each unlinked ACTOR span whose text (normalised) is the
  alias of exactly one actor gets a pending link; a text fitting several actors
  is returned as a choice and never linked silently. A mention fitting no
  alias that ends the name of a person linked in the same document (a
  surname) is linked to that person, or offered as a choice between several.
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
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

from sqlalchemy import bindparam, delete, text as sql, update
from sqlmodel import Session, col, select

from ..errors import NotFoundError, ValidationError
from ..tables import ActorAliasRow, ActorRow, DocumentRow, EventRow, SpanActorRow, SpanRow, utcnow
from ..services import bulk, events
from ..services.rows import current_annotator
from ..store import Store
from .normalise import normalise, strip_diacritics
from .registry import RegistryEdit, _actor_row

ACTOR = "ACTOR"
SUGGESTER = "actors"
LINK_STATUSES = ("pending", "accepted")
CHUNK = 2000  # document ids per IN (...) list
SURNAME_SCORE = 0.8  # a link from the end of a person's name linked in the same document


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
    """Pending links for unlinked ACTOR spans whose alias fits one actor; then, for a mention
    that fits no alias, a person linked elsewhere in the same document whose name ends with
    it ("Paredes" after "Lucía Paredes"; score 0.8). Several fits are a choice, never a link.
    One transaction."""
    ids = list(document_ids) if document_ids is not None else None
    result = LinkResult()
    with store.session(write=True) as s:
        index: dict[str, set[str]] = {}
        names: dict[str, list[str]] = {}
        for actor_id, key in s.exec(select(ActorAliasRow.actor_id, ActorAliasRow.normalised)):
            index.setdefault(key, set()).add(actor_id)
            names.setdefault(actor_id, []).append(key)
        existing = dict(s.exec(select(SpanActorRow.span_id, SpanActorRow.actor_id)).all())
        people = set(s.exec(select(ActorRow.id).where(ActorRow.kind == "person")))
        in_document: dict[int, set[str]] = {}  # actors linked in each document
        rows, later = [], []

        def decide(span_id: int, mention: str, fits: set[str], score: float) -> bool:
            if len(fits) == 1:
                actor_id = next(iter(fits))
                rows.append({"span_id": span_id, "actor_id": actor_id, "status": "pending", "score": score})
                result.linked.append((span_id, actor_id))
            elif fits:
                result.choices.append((span_id, mention, sorted(fits)))
            return bool(fits)

        for span_id, doc, start, end, text in _actor_spans(s, ids):
            if span_id in existing:
                in_document.setdefault(doc, set()).add(existing[span_id])
                continue
            mention = text[start:end]
            fits = index.get(normalise(mention), set())
            if len(fits) == 1:
                in_document.setdefault(doc, set()).update(fits)
            if not decide(span_id, mention, fits, 1.0):
                later.append((span_id, doc, mention))
        for span_id, doc, mention in later:
            key = " " + normalise(mention)
            fits = {a for a in in_document.get(doc, ()) if a in people and any(n.endswith(key) for n in names[a])}
            if not decide(span_id, mention, fits, SURNAME_SCORE):
                result.unmatched += 1
        bulk.insert_rows(s, SpanActorRow, rows)
        events.record(s, "actor_suggest_links", target="actors", annotator=current_annotator(),
                      after={"linked": len(rows), "choices": len(result.choices)})
    return result


def check_status(status: str) -> str:
    if status not in LINK_STATUSES:
        raise ValidationError(f"unknown link status {status!r} (use {', '.join(LINK_STATUSES)})")
    return status


def actor_span(s: Session, span_id: int) -> SpanRow:
    """The span a link is about: it must exist and be an ACTOR span."""
    span = s.get(SpanRow, span_id)
    if span is None:
        raise NotFoundError(f"no span {span_id}")
    if span.label != ACTOR:
        raise ValidationError(f"span {span_id} is {span.label}, not ACTOR: only ACTOR spans link to actors")
    return span


def link_span(store: Store, span_id: int, actor_id: str, status: str = "accepted") -> RegistryEdit:
    """Link an ACTOR span to an actor (replacing its link); undo removes the link."""
    check_status(status)
    with store.session(write=True) as s:
        span = actor_span(s, span_id)
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
    first, matching only between code-point word boundaries. Compiled once per set of
    aliases (label-all over the same actor again reuses it)."""
    forms = {f for a in aliases if a.strip() for f in (a.strip(), strip_diacritics(a.strip()))}
    return _compiled(tuple(sorted(forms, key=lambda f: (-len(f), f)))) if forms else None


@lru_cache(maxsize=64)
def _compiled(forms: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, forms))})(?!\w)")


@dataclass
class LabelAllResult:
    added: int = 0
    linked_existing: int = 0
    skipped: int = 0
    documents: int = 0
    edit: RegistryEdit = field(default_factory=lambda: RegistryEdit("label-all"))


# Plain SQL read straight from the driver's cursor (as exports do): ORM rows were half of a label-all.
# The occurrences go into a temporary table; the database then finds the few ACTOR spans they meet
# (index on document, start, end) and writes the new pending spans (RETURNING their ids) and their
# links with INSERT ... SELECT, with no Python work per new row.
_IDS = bindparam("ids", expanding=True)
_TEXTS_SQL = sql("SELECT id, text FROM document")
_TEXTS_IN_SQL = sql("SELECT id, text FROM document WHERE id IN :ids").bindparams(_IDS)
HITS = "glossator_label_all_hits"
_HITS_DDL = f'CREATE TEMPORARY TABLE {HITS} (n INTEGER PRIMARY KEY, document_id INTEGER NOT NULL, ' \
    f'start INTEGER NOT NULL, "end" INTEGER NOT NULL, uid VARCHAR(32) NOT NULL)'
_TEMP_SCHEMA = {"sqlite": "temp", "postgresql": "pg_temp"}  # never a store table of that name
_MET_SQL = sql(
    f'SELECT h.n, s.id, s.start = h.start AND s."end" = h."end", s.status, sa.span_id FROM {HITS} h '
    "JOIN span s ON s.document_id = h.document_id AND s.label = 'ACTOR' AND s.start < h.\"end\" "
    'AND h.start < s."end" LEFT JOIN span_actor sa ON sa.span_id = s.id')
_INSERT_SQL = sql(
    'INSERT INTO span (document_id, start, "end", label, attributes, origin, status, suggester, '
    "suggester_version, score, annotator, created_at, updated_at, uid) "
    f"SELECT h.document_id, h.start, h.\"end\", 'ACTOR', :attributes, 'suggestion', 'pending', :suggester, '1', "
    f"1.0, :annotator, :now, :now, h.uid FROM {HITS} h RETURNING id, uid"
).bindparams(bindparam("attributes", type_=SpanRow.__table__.c.attributes.type),
             bindparam("now", type_=SpanRow.__table__.c.created_at.type))
_LINK_NEW_SQL = sql(f"INSERT INTO span_actor (span_id, actor_id, status, score) "
                    f"SELECT s.id, :actor, 'pending', 1.0 FROM {HITS} h JOIN span s ON s.uid = h.uid")


def label_all(store: Store, actor_id: str | None = None, *, span_id: int | None = None,
              document_ids: Iterable[int] | None = None) -> LabelAllResult:
    """Propose ACTOR (with the link) for every occurrence of an actor's aliases, or of a
    span's text and its actor's aliases, in the documents (all when None).

    An occurrence already labelled ACTOR at the same offsets only gains the pending link
    when it has none; one overlapping another ACTOR span, or rejected there, is skipped.
    One transaction: the occurrences go into a temporary table, those meeting an ACTOR span
    leave it, and the rest become spans and links by INSERT ... SELECT (ids from RETURNING)."""
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
        con = s.connection()
        with bulk.paused_gc():
            texts = _texts(con, document_ids)
            result.documents = len(texts)
            find = pattern.finditer
            found = [(doc_id, *m.span()) for doc_id, text in texts for m in find(text)]  # (document, start, end)
            del texts
        _fill_hits(con, found)
        new_links = _meet_existing(con, actor_id, result)  # before the insert: new spans would meet themselves
        inserted = con.execute(_INSERT_SQL, {"attributes": {"kind": kind} if kind else {}, "suggester": SUGGESTER,
                                             "annotator": annotator, "now": utcnow()}).cursor.fetchall()
        # RETURNING gives rows in no set order; the uids (run prefix + counter) sort as the occurrences do
        new_ids = [row[0] for row in sorted(inserted, key=lambda row: row[1])]
        if actor_id is not None:
            con.execute(_LINK_NEW_SQL, {"actor": actor_id})
        bulk.insert_rows(s, SpanActorRow, new_links, ("span_id", "actor_id", "status", "score"))
        _drop_hits(con)
        result.skipped = len(found) - len(new_ids)
        bulk.insert_rows(s, EventRow, [{"at": utcnow(), "annotator": annotator, "action": "actor_label_all",
                                        "document_id": None, "target": f"actor:{actor_id}" if actor_id else
                                        f"span:{span_id}", "after": {"added": len(new_ids),
                                                                      "linked": result.linked_existing}}])
        result.added = len(new_ids)
        linked_old = tuple(row[0] for row in new_links)
        result.edit = RegistryEdit("label-all", added_spans=tuple(new_ids), added_links=linked_old)
    return result


def _texts(con, document_ids: Iterable[int] | None) -> list[tuple[int, str]]:
    """(id, text) of the documents (all when None)."""
    if document_ids is None:
        return con.execute(_TEXTS_SQL).cursor.fetchall()
    ids = list(document_ids)
    return [row for i in range(0, len(ids), CHUNK)
            for row in con.execute(_TEXTS_IN_SQL, {"ids": ids[i:i + CHUNK]}).cursor.fetchall()]


def _fill_hits(con, found: list[tuple[int, int, int]]) -> None:
    """The occurrences, numbered in order, each with the uid its new span would get: 32 hex digits
    like tables.new_uid, 64 random bits drawn once for the run and then a counter, so they are
    merge-safe and land side by side in the uid index (random uids scattered the inserts)."""
    _drop_hits(con)
    con.exec_driver_sql(_HITS_DDL)
    if found:
        run = secrets.token_hex(8)
        _many(con, f'INSERT INTO {HITS} (n, document_id, start, "end", uid) VALUES (?, ?, ?, ?, ?)',
              [(n, *hit, f"{run}{n:016x}") for n, hit in enumerate(found)])


def _many(con, statement: str, rows: list[tuple]) -> None:
    """One executemany straight to the driver ("?" placeholders, "%s" for psycopg)."""
    con.exec_driver_sql(statement if con.dialect.paramstyle == "qmark" else statement.replace("?", "%s"), rows)


def _drop_hits(con) -> None:
    con.exec_driver_sql(f"DROP TABLE IF EXISTS {_TEMP_SCHEMA[con.dialect.name]}.{HITS}")


def _meet_existing(con, actor_id: str | None, result: LabelAllResult) -> list[tuple]:
    """Take out of the temporary table the occurrences that meet an ACTOR span: one at the same
    offsets (whatever its status), or one overlapping that is not rejected. Returns the links
    (span id, actor, status, score) for the unlinked, unrejected spans sitting exactly on one."""
    links: dict[int, tuple] = {}  # one per span, even if several occurrences sit on it
    blocked: set[int] = set()
    for n, sid, same, status, link in con.execute(_MET_SQL).cursor.fetchall():
        if same or status != "rejected":
            blocked.add(n)
        if same and status != "rejected" and link is None and actor_id is not None:
            links.setdefault(sid, (sid, actor_id, "pending", 1.0))
    if blocked:
        _many(con, f"DELETE FROM {HITS} WHERE n = ?", [(n,) for n in sorted(blocked)])
    result.linked_existing = len(links)
    return list(links.values())


def unlink_spans(store: Store, span_ids: Sequence[int]) -> int:
    with store.session(write=True) as s:
        done = s.execute(delete(SpanActorRow).where(col(SpanActorRow.span_id).in_(list(span_ids))))
        events.record(s, "actor_unlink", target="spans", after={"spans": list(span_ids)},
                      annotator=current_annotator())
        return done.rowcount or 0
