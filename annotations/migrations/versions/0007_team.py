"""Team stores: document status per annotator, store identity for merge order,
and (on PostgreSQL) the database guarding each annotator's layer.

- `document_status`: one row per (document, annotator): that annotator's
  status of the document (new / in-progress / done). Filled from the
  `set_status` events of older stores (the last one per document and annotator).
- `glossator_info['store_id']`: a uuid naming this store; with the event ids
  (the store's own sequence) it orders versions a merge brings (merge/clock.py).
- `store_seen`: per other store, the highest event sequence of it this store
  has merged (directly or through another store).
- PostgreSQL only: row-level security on `span`, `relation`,
  `document_status` and `assignment` (new rows must be in the writer's own
  layer: `annotator = session_user`, pending suggestions excepted), and
  triggers refusing updates and deletions of another annotator's rows. Members
  of the `glossator_lead` role, superusers and the tables' owner (the role
  that ran `glossator init`) may write any layer, `gold` included. Row-level
  security is not FORCEd: the owner and superusers bypass it by design.

Revision ID: 0007
Revises: 0006
"""
import json
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_PRIVILEGED = """
CREATE OR REPLACE FUNCTION glossator_privileged() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = session_user AND r.rolsuper)
        OR pg_has_role(session_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = to_regclass('span')), 'MEMBER')
        OR EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = 'glossator_lead'
                   AND pg_has_role(session_user, r.oid, 'MEMBER'))
$$;
CREATE OR REPLACE FUNCTION glossator_guard_layer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF glossator_privileged() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    RAISE EXCEPTION 'glossator: % may not change %''s layer (% of a % row); only its annotator or a member of glossator_lead may',
        session_user, coalesce(OLD.annotator, '(nobody)'), lower(TG_OP), TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END $$;
"""
# table -> (who may insert/keep a row: a condition on its columns, condition under which an
#           update/delete of an OLD row needs the privileged check)
_GUARDED = {
    "span": ("status = 'pending' OR annotator = session_user",
             "OLD.status <> 'pending' AND OLD.annotator IS DISTINCT FROM session_user"),
    "relation": ("origin = 'suggestion' OR annotator = session_user",
                 "OLD.origin <> 'suggestion' AND OLD.annotator IS DISTINCT FROM session_user"),
    "document_status": ("annotator = session_user", "OLD.annotator IS DISTINCT FROM session_user"),
    "assignment": ("false", "true"),
}


def upgrade() -> None:
    op.create_table(
        "document_status",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("document.id", ondelete="CASCADE"), nullable=False),
        sa.Column("annotator", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ux_document_status", "document_status", ["document_id", "annotator"], unique=True)
    op.create_index("ix_document_status_annotator", "document_status", ["annotator", "status"])
    op.create_table(
        "store_seen",
        sa.Column("store_id", sa.String(), primary_key=True),
        sa.Column("seq", sa.BigInteger(), nullable=False),
    )
    conn = op.get_bind()
    conn.execute(sa.text("INSERT INTO glossator_info (key, value) VALUES ('store_id', :v)"), {"v": uuid.uuid4().hex})
    _fill_statuses(conn)
    if conn.dialect.name == "postgresql":
        _guard_layers()


def _fill_statuses(conn) -> None:
    last: dict[tuple[int, str], tuple[str, object]] = {}
    for doc, who, at, after in conn.execute(sa.text(
            "SELECT e.document_id, e.annotator, e.at, e.after FROM event e JOIN document d ON d.id = e.document_id "
            "WHERE e.action = 'set_status' AND e.annotator IS NOT NULL ORDER BY e.id")):
        after = json.loads(after) if isinstance(after, (str, bytes)) else after
        if isinstance(after, dict) and isinstance(after.get("status"), str):
            last[(doc, who)] = (after["status"], at)
    if last:
        conn.execute(sa.text("INSERT INTO document_status (document_id, annotator, status, updated_at) "
                             "VALUES (:d, :a, :s, :t)"),
                     [{"d": d, "a": a, "s": s, "t": t} for (d, a), (s, t) in last.items()])


def _guard_layers() -> None:
    op.execute(_PRIVILEGED)
    for table, (allowed, needs_check) in _GUARDED.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY glossator_read ON {table} FOR SELECT USING (true)")
        op.execute(f"CREATE POLICY glossator_insert ON {table} FOR INSERT "
                   f"WITH CHECK ({allowed} OR glossator_privileged())")
        op.execute(f"CREATE POLICY glossator_update ON {table} FOR UPDATE USING (true) "
                   f"WITH CHECK ({allowed} OR glossator_privileged())")
        op.execute(f"CREATE POLICY glossator_delete ON {table} FOR DELETE USING (true)")
        for when in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER glossator_guard_{when.lower()} BEFORE {when} ON {table} FOR EACH ROW "
                       f"WHEN ({needs_check}) EXECUTE FUNCTION glossator_guard_layer()")


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        for table in _GUARDED:
            for name in ("read", "insert", "update", "delete"):
                op.execute(f"DROP POLICY IF EXISTS glossator_{name} ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS glossator_guard_update ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS glossator_guard_delete ON {table}")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        op.execute("DROP FUNCTION IF EXISTS glossator_guard_layer()")
        op.execute("DROP FUNCTION IF EXISTS glossator_privileged()")
    conn.execute(sa.text("DELETE FROM glossator_info WHERE key = 'store_id'"))
    op.drop_table("store_seen")
    op.drop_table("document_status")
