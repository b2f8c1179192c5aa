"""Flags: an annotator's "look at this again" on a document or on one span of it.

One row per flag: the document, optionally the span (its offsets and label are
kept too, so the flag still says where it was if the span goes), a kind
("unsure", "guideline question", "note"), a free-text note, who flagged it and
when, and a uid that survives a merge of stores. Deleting a document deletes
its flags; deleting a span keeps its flag on the document (span_id set NULL).

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


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
    op.create_table(
        "flag",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uid", sa.String(32), nullable=False, server_default=_new_uid()),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("document.id", ondelete="CASCADE"), nullable=False),
        sa.Column("span_id", sa.Integer(), sa.ForeignKey("span.id", ondelete="SET NULL"), nullable=True),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=False, server_default=""),
        sa.Column("annotator", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ux_flag_uid", "flag", ["uid"], unique=True)
    op.create_index("ix_flag_document_id", "flag", ["document_id"])
    op.create_index("ix_flag_span_id", "flag", ["span_id"])


def downgrade() -> None:
    op.drop_table("flag")
