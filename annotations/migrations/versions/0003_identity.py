"""Identity and uniqueness: ids never reused, merge-safe uids, one span per decision,
a tamper-proof event log.

- document, span, relation and event become AUTOINCREMENT tables (rebuilt on
  SQLite, rows and ids kept); the id counter starts above every id the event
  log ever named, so an id deleted before this upgrade is not handed out again.
- document, span and relation get `uid` (32 hex digits, unique, NOT NULL),
  filled for every existing row.
- At most one accepted span per (document, start, end, label, annotator), one
  pending suggestion per (..., suggester), one rejection per (..., annotator),
  enforced by partial unique indexes. Duplicates already stored are merged first
  (the lowest id is kept, relations are re-pointed to it, each merge is logged).
- `INSERT OR REPLACE` can no longer rewrite a logged event.

Revision ID: 0003
Revises: 0002
"""
import json
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_APPEND_ONLY = "SELECT RAISE(ABORT, 'the event log is append-only')"
# (index name, status, whose decision) -- see DECISIONS "Layers, suggestions, identity"
_ONE_PER = (
    ("ux_span_accepted", "accepted", "annotator"),
    ("ux_span_pending", "pending", "suggester"),
    ("ux_span_rejected", "rejected", "annotator"),
)


class _new_uid(FunctionElement):
    type = sa.String()
    inherit_cache = True


@compiles(_new_uid, "sqlite")
def _new_uid_sqlite(_element, _compiler, **_kw):
    return "lower(hex(randomblob(16)))"


@compiles(_new_uid, "postgresql")
def _new_uid_postgresql(_element, _compiler, **_kw):
    return "replace(gen_random_uuid()::text, '-', '')"


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    _merge_duplicate_spans(bind)
    for table in ("document", "span", "relation"):
        with op.batch_alter_table(table, recreate="always" if sqlite else "auto",
                                  table_kwargs={"sqlite_autoincrement": True}) as batch:
            # rows copied into the rebuilt table get one fresh uid each from the default
            batch.add_column(sa.Column("uid", sa.String(32), nullable=False, server_default=_new_uid()))
        op.create_index(f"ux_{table}_uid", table, ["uid"], unique=True)
    if sqlite:
        with op.batch_alter_table("event", recreate="always", table_kwargs={"sqlite_autoincrement": True}):
            pass
        # the rebuild dropped the old table's triggers
        op.execute(f"CREATE TRIGGER event_no_update BEFORE UPDATE ON event BEGIN {_APPEND_ONLY}; END")
        op.execute(f"CREATE TRIGGER event_no_delete BEFORE DELETE ON event BEGIN {_APPEND_ONLY}; END")
        # REPLACE deletes the old row without firing DELETE triggers (recursive_triggers is off)
        op.execute("CREATE TRIGGER event_no_replace BEFORE INSERT ON event "
                   "WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM event WHERE id = NEW.id) "
                   f"BEGIN {_APPEND_ONLY}; END")
        _reserve_logged_ids(bind)
    for name, status, who in _ONE_PER:
        op.execute(f'CREATE UNIQUE INDEX {name} ON span (document_id, start, "end", label, '
                   f"coalesce({who}, '')) WHERE status = '{status}'")


def _merge_duplicate_spans(bind) -> None:
    """Keep the lowest id of each group the new indexes allow once; re-point relations to it."""
    rows = bind.execute(sa.text(
        'SELECT id, document_id, start, "end", label, status, annotator, suggester FROM span '
        "WHERE status IN ('accepted', 'pending', 'rejected') ORDER BY id"
    )).all()
    kept: dict[tuple, int] = {}
    merged: list[tuple[int, int, int]] = []  # (dropped, kept, document)
    for sid, doc, start, end, label, status, annotator, suggester in rows:
        who = suggester if status == "pending" else annotator
        key = (doc, start, end, label, status, who or "")
        if key in kept:
            merged.append((sid, kept[key], doc))
        else:
            kept[key] = sid
    if not merged:
        return
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")  # as the ORM writes it
    for dropped, keep, doc in merged:
        bind.execute(sa.text("UPDATE relation SET head_id = :k WHERE head_id = :d"), {"k": keep, "d": dropped})
        bind.execute(sa.text("UPDATE relation SET child_id = :k WHERE child_id = :d"), {"k": keep, "d": dropped})
        bind.execute(sa.text("DELETE FROM span WHERE id = :d"), {"d": dropped})
        bind.execute(
            sa.insert(sa.table("event", sa.column("at"), sa.column("action"), sa.column("document_id"),
                               sa.column("target"), sa.column("after")))
            .values(at=now, action="merge_duplicate_span", document_id=doc, target=f"span:{dropped}",
                    after=json.dumps({"kept": keep, "by": "upgrade 0003"}))
        )
    # relations made identical, or joining a span to itself, by the merge
    bind.execute(sa.text("DELETE FROM relation WHERE head_id = child_id"))
    bind.execute(sa.text(
        "DELETE FROM relation WHERE id NOT IN (SELECT MIN(id) FROM relation "
        "GROUP BY document_id, head_id, child_id, label, status)"
    ))


def _reserve_logged_ids(bind) -> None:
    """Start each id counter above every id the event log has named (SQLite's sqlite_sequence)."""
    for table in ("document", "span", "relation"):
        prefix = f"{table}:"
        logged = bind.execute(sa.text(
            "SELECT MAX(CAST(substr(target, :n) AS INTEGER)) FROM event WHERE target LIKE :p"
        ), {"n": len(prefix) + 1, "p": prefix + "%"}).scalar()
        stored = bind.execute(sa.text(f"SELECT MAX(id) FROM {table}")).scalar()
        top = max(logged or 0, stored or 0)
        if not top:
            continue
        updated = bind.execute(sa.text("UPDATE sqlite_sequence SET seq = MAX(seq, :top) WHERE name = :t"),
                               {"top": top, "t": table}).rowcount
        if not updated:
            bind.execute(sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES (:t, :top)"),
                         {"t": table, "top": top})


def downgrade() -> None:
    for name, _status, _who in _ONE_PER:
        op.drop_index(name, "span")
    op.execute("DROP TRIGGER IF EXISTS event_no_replace")
    for table in ("relation", "span", "document"):
        op.drop_index(f"ux_{table}_uid", table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("uid")
