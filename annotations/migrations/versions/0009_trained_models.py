"""Trained models kept in the store, so every client of a team store finds them.

- `trained_model`: one row per model name: its metadata (the
  `glossator-model.json` content) and the spaCy pipeline folder packed as a
  gzip'd tar archive, with its sha256. Replacing a model of the same name
  writes a new row (ids are never reused).

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "trained_model",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("info", _JSON, nullable=False),
        sa.Column("archive", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("name", name="ux_trained_model_name"),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("trained_model")
