"""Assignments: which documents each annotator is asked to annotate.

One row per (document, annotator), with the time it was assigned and a uid
that survives a merge of stores. Deleting a document deletes its assignments.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

revision = "0005"
down_revision = "0004"
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
        "assignment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uid", sa.String(32), nullable=False, server_default=_new_uid()),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("document.id", ondelete="CASCADE"), nullable=False),
        sa.Column("annotator", sa.String(), nullable=False),
        sa.Column("assigned_at", sa.DateTime(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ux_assignment_uid", "assignment", ["uid"], unique=True)
    op.create_index("ux_assignment_document_annotator", "assignment", ["document_id", "annotator"], unique=True)
    op.create_index("ix_assignment_annotator", "assignment", ["annotator"])


def downgrade() -> None:
    op.drop_table("assignment")
