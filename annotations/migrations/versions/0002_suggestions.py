"""Suggestion review: span and relation status, suggester name, version and score.

Existing spans become accepted; their origin is kept.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("span") as batch:
        batch.add_column(sa.Column("status", sa.String(), nullable=False, server_default="accepted"))
        batch.add_column(sa.Column("suggester", sa.String(), nullable=True))
        batch.add_column(sa.Column("suggester_version", sa.String(), nullable=True))
        batch.add_column(sa.Column("score", sa.Float(), nullable=True))
    with op.batch_alter_table("relation") as batch:
        batch.add_column(sa.Column("status", sa.String(), nullable=False, server_default="accepted"))
    op.create_index("ix_span_status", "span", ["document_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_span_status", "span")
    with op.batch_alter_table("relation") as batch:
        batch.drop_column("status")
    with op.batch_alter_table("span") as batch:
        for column in ("score", "suggester_version", "suggester", "status"):
            batch.drop_column(column)
