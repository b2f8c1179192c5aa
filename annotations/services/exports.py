"""Reading documents out of the store as format records, in batches, for
export and training. Rejected suggestions are never exported; pending ones
only when asked. Accepted actor links ride along (`SpanRecord.actor`, the
registry entries in `DocumentRecord.actors`); pending link suggestions do not.

An export is all or nothing: its options and target are checked before the
store is read; a document or span that cannot be read (a damaged store) stops
it with one line suggesting the backup, and the old export file stays as it was.
"""
from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from sqlalchemy import bindparam, exists, or_, text as sql
from sqlalchemy.exc import DatabaseError
from sqlmodel import select

from ..errors import GlossatorError, StoreBusyError, StoreError
from ..tables import DocumentRow, SpanActorRow, SpanRow
from ..store import Store
from ..text import sha256
from ..types import DOCUMENT_STATUSES, DocumentRecord, RelationRecord, SpanRecord
from .bulk import paused_gc
from .flags import META_KEY as FLAGS_META, flag_notes
from .rows import json_value

BATCH = 200
DEFAULT_SPLIT = {"spacy": 0.2}  # share of documents in the dev set, per format


GOLD = "gold"
ANNOTATED = "annotated"  # a document status filter: at least one accepted span (DECISIONS)
EXPORT_STATUSES = (*DOCUMENT_STATUSES, ANNOTATED)


def parse_statuses(document_status: str | None) -> tuple[str, ...] | None:
    """`--status new,done,annotated` as a tuple (None: every document); GlossatorError for an unknown one."""
    if document_status is None:
        return None
    if not isinstance(document_status, str):
        raise GlossatorError(f"--status {document_status!r} is not a comma list of statuses")
    statuses = tuple(part.strip() for part in document_status.split(",") if part.strip())
    unknown = [status for status in statuses if status not in EXPORT_STATUSES]
    if unknown or not statuses:
        raise GlossatorError(f"--status {document_status!r}: {', '.join(map(repr, unknown)) or 'nothing'} is not a "
                             f"document status (use a comma list of {', '.join(EXPORT_STATUSES)})")
    return statuses


def selected_ids(s, statuses: tuple[str, ...] | None, annotator: str | None = None) -> list[int]:
    """Ids of the documents whose status is one of `statuses` ("annotated": an accepted span), in id order.

    With `annotator` (an export of that one layer) the status is that annotator's own
    (services.documents.annotator_status_sql) and "annotated" means an accepted span in their layer."""
    from .documents import annotator_status_sql

    query = select(DocumentRow.id).order_by(DocumentRow.id)
    if statuses:
        plain = [status for status in statuses if status != ANNOTATED]
        status = DocumentRow.status if annotator is None else annotator_status_sql(annotator)
        either = [status.in_(plain)] if plain else []
        if ANNOTATED in statuses:
            sp = SpanRow.__table__.c
            mine = [sp.annotator == annotator] if annotator is not None else []
            either.append(exists().where(sp.document_id == DocumentRow.id, sp.status == "accepted", *mine))
        query = query.where(or_(*either))
    return list(s.exec(query))


@dataclass(frozen=True)
class LayerChoice:
    """Which annotators' accepted spans a document exports (DECISIONS, "Export default
    with layers"): by default `gold` if the document has it, else its one layer; a
    document with several layers and no gold is skipped and reported. `layers` names
    the layers to export instead; `all_layers` exports every one. Pending suggestions
    belong to the document and are not a layer."""

    layers: tuple[str, ...] = ()
    all_layers: bool = False

    @property
    def status_annotator(self) -> str | None:
        """Whose status `--status` filters on: the annotator of the one layer chosen with
        `--layer NAME` (not gold); else None, the document's own status (README, Team)."""
        if self.all_layers or len(self.layers) != 1 or self.layers[0] == GOLD:
            return None
        return self.layers[0]

    def pick(self, rows: list[tuple]) -> tuple[list[tuple], str | None]:
        """The span rows of one document to export, or None and why it is skipped."""
        present = {r[11] or "" for r in rows if r[6] == "accepted"}
        if self.all_layers or (not self.layers and len(present) <= 1):
            return rows, None
        if self.layers:
            keep = set(self.layers)
        elif GOLD in present:
            keep = {GOLD}
        else:
            return [], f"layers {', '.join(sorted(present))} and no {GOLD}"
        return [r for r in rows if r[6] != "accepted" or (r[11] or "") in keep], None


def export_statuses(include_suggestions: bool) -> tuple[str, ...]:
    return ("accepted", "pending") if include_suggestions else ("accepted",)


def load_records(
    store: Store,
    document_ids: Iterable[int] | None = None,
    *,
    include_suggestions: bool = False,
    document_status: str | None = None,
    layers: LayerChoice = LayerChoice(),
    skipped: list[str] | None = None,
) -> Iterator[DocumentRecord]:
    """Yield DocumentRecords (spans sorted by offsets, relations by span index), each
    document's spans from the layers `layers` picks; documents it skips are listed in
    `skipped` ("document 3 'Title': layers ana, ben and no gold")."""
    statuses = export_statuses(include_suggestions)
    with store.session() as s:
        ids = (selected_ids(s, parse_statuses(document_status), layers.status_annotator) if document_ids is None
               else list(document_ids))
        linked = s.exec(select(SpanActorRow.span_id).where(SpanActorRow.status == "accepted").limit(1)).first() \
            is not None
    for i in range(0, len(ids), BATCH):
        yield from _load_batch(store, ids[i : i + BATCH], statuses, layers, skipped, linked)


_EXPANDING = (bindparam("ids", expanding=True), bindparam("statuses", expanding=True))
_DOCUMENT_SQL = sql("SELECT id, text, title, source, meta, status, sha256 FROM document WHERE id IN :ids").bindparams(
    _EXPANDING[0])
_SPAN_SQL = sql(
    'SELECT id, document_id, start, "end", label, attributes, status, origin, suggester, suggester_version, '
    "score, annotator FROM span WHERE document_id IN :ids AND status IN :statuses "
    'ORDER BY document_id, start, "end", id'
).bindparams(*_EXPANDING)
_RELATION_SQL = sql(
    "SELECT document_id, head_id, child_id, label, status FROM relation "
    "WHERE document_id IN :ids AND status IN :statuses ORDER BY id"
).bindparams(*_EXPANDING)


def _load_batch(store: Store, ids: list[int], statuses: tuple[str, ...], layers: LayerChoice,
                skipped: list[str] | None, linked: bool = True) -> Iterator[DocumentRecord]:
    # Plain SQL rows, not ORM objects: building SpanRow instances was most of an export's time.
    from ..actors.transfer import links_and_entries, record_entries  # actors imports services: not at the top

    params = {"ids": ids, "statuses": list(statuses)}
    with store.session() as s, paused_gc():
        con = s.connection()
        # SQLAlchemy binds the parameters for the dialect; the rows come straight from the
        # driver's cursor as plain tuples (a Row object per span was ~15 % of an export)
        docs = {r[0]: r for r in con.execute(_DOCUMENT_SQL, {"ids": ids}).cursor.fetchall()}
        spans = defaultdict(list)
        for row in con.execute(_SPAN_SQL, params).cursor.fetchall():
            spans[row[1]].append(row)
        relations = defaultdict(list)
        for row in con.execute(_RELATION_SQL, params).cursor.fetchall():
            relations[row[0]].append(row)
        notes = flag_notes(con, ids)  # flags and their notes travel in the document's meta
        # accepted links only, and the actors they name (a store without links skips the query)
        links, entries = links_and_entries(con, ids) if linked else ({}, {})
    parsed: dict[str, dict] = {}  # a store holds few distinct attribute values: parse each once per batch

    def attributes(raw) -> dict:  # JSON text from SQLite
        found = parsed.get(raw)
        if found is None:
            found = parsed[raw] = dict(json.loads(raw) or {})
        return found.copy()

    if store.dialect != "sqlite":  # psycopg parsed the JSONB already
        def attributes(raw) -> dict:  # noqa: F811
            return dict(raw or {})

    for doc_id in ids:
        doc = docs.get(doc_id)
        if doc is None:  # listed a moment ago, unreadable now: a damaged page (or deleted meanwhile)
            raise UnreadableStoreError(f"document {doc_id} could not be read")
        if sha256(doc[1]) != doc[6]:  # one hash per document: a damaged page can change text silently
            raise UnreadableStoreError(f"the text of document {doc_id} does not match its checksum")
        rows, why = layers.pick(spans[doc_id])
        if why is not None:
            if skipped is not None:
                skipped.append(f"document {doc_id} {doc[2]!r}: {why}")
            continue
        index = {row[0]: i for i, row in enumerate(rows)}
        span_records = [
            # positional, in field order (start, end, label, attributes, status, origin, suggester,
            # suggester_version, score, annotator, key, actor): 3x cheaper than keywords per span
            SpanRecord(r[2], r[3], r[4], attributes(r[5]), r[6], r[7], r[8], r[9], r[10], r[11], str(r[0]),
                       links.get(r[0]))
            for r in rows
        ]
        yield DocumentRecord(
            text=doc[1],
            title=doc[2],
            source=doc[3],
            meta={**(json_value(doc[4]) or {}), **({FLAGS_META: notes[doc_id]} if doc_id in notes else {})},
            status=doc[5],
            store_id=doc_id,
            spans=span_records,
            relations=[
                RelationRecord(head=index[r[1]], child=index[r[2]], label=r[3], status=r[4])
                for r in relations[doc_id]
                if r[1] in index and r[2] in index
            ],
            actors=record_entries(span_records, entries) if links else {},
        )


class UnreadableStoreError(StoreError):
    """Part of the store could not be read while exporting (a damaged file)."""


def _damaged(store: Store, reason: str) -> StoreError:
    return UnreadableStoreError(
        f"{store.path}: cannot read every document ({reason}); the store may be damaged, so nothing was "
        "exported. Restore it from a backup (a .backup-… file beside it, or a copy made with `glossator backup`)"
    )


def check_export_options(split: float | None, document_status: str | None) -> None:
    """Refuse a dev share outside [0, 1) or an unknown status before anything is read or written."""
    if split is not None and (isinstance(split, bool) or not isinstance(split, (int, float))
                              or not math.isfinite(split) or not 0 <= split < 1):
        raise GlossatorError(f"--split must be a number from 0 up to (not including) 1, not {split!r}")
    parse_statuses(document_status)


def export_store(
    store: Store,
    format_name: str,
    out,
    *,
    include_suggestions: bool = False,
    split: float | None = None,
    seed: int = 0,
    document_status: str | None = None,
    extra: dict | None = None,
    progress=None,
    layers: Iterable[str] = (),
    all_layers: bool = False,
):
    """Write the store's documents in a format (the CLI's and the desktop's export); returns the ExportReport.

    `progress(done, total)` is called after each document; `extra` holds format options (spaCy `config`).
    `layers` / `all_layers` choose whose spans (LayerChoice); skipped documents are warnings of the report.
    A folder export is built whole beside `out` and swapped in for an earlier export of the same format."""
    from ..formats import ExportOptions, get_format
    from ..formats.targets import check_target

    fmt = get_format(format_name)
    check_export_options(split, document_status)
    if split is None:
        split = DEFAULT_SPLIT.get(format_name, 0.0)
    options = ExportOptions(schema=store.schema, split=split, seed=seed, include_suggestions=include_suggestions,
                            extra=dict(extra or {}), replace_folder=True)
    out = check_target(Path(out), folder=fmt.writes_folder(Path(out)), format_name=fmt.name,
                       store_path=store.path, companions=fmt.companions(Path(out), options))
    try:
        with store.session() as s:
            total = len(selected_ids(s, parse_statuses(document_status),
                                     LayerChoice(tuple(layers), all_layers).status_annotator))
    except StoreBusyError:
        raise
    except (*store.backend.driver_errors, DatabaseError, StoreError) as exc:
        raise _damaged(store, str(exc).removeprefix(f"{store.path}: ")) from None

    skipped: list[str] = []
    choice = LayerChoice(tuple(layers), all_layers)

    def counted():
        records = load_records(store, include_suggestions=include_suggestions, document_status=document_status,
                               layers=choice, skipped=skipped)
        i = 0
        while True:
            try:
                record = next(records, None)
            except UnreadableStoreError as exc:
                raise _damaged(store, str(exc)) from None
            except StoreBusyError:
                raise
            except (*store.backend.driver_errors, DatabaseError, StoreError) as exc:
                raise _damaged(store, str(exc).removeprefix(f"{store.path}: ")) from None
            if record is None:
                break
            i += 1
            if progress:
                progress(i, total)
            yield record
        if i + len(skipped) != total:
            raise _damaged(store, f"{i + len(skipped)} of {total} documents read")

    try:
        report = fmt.write(counted(), out, options)
        for line in skipped:
            report.warn(f"{line}: skipped (choose with --layer NAME, or --all-layers)")
        return report
    except ValueError as exc:
        if "JSON compliant" not in str(exc):
            raise
        # written by an older release that let NaN/Infinity in: strict JSON readers would refuse the file
        raise GlossatorError(f"{store.path}: a number in the store is NaN or Infinity, which JSON cannot hold; "
                             f"nothing was exported (fix the value, or export to spacy)") from None
    except OSError as exc:
        where = exc.filename or out
        raise GlossatorError(f"cannot write the export {where}: {exc.strerror or exc}; "
                             "nothing was replaced") from None
