"""The actor registry: canonical actors, their aliases, and links from ACTOR spans.

- `actor`: id is TEXT ('iso3166:XX' for states seeded from pycountry, the same
  in every store; a uuid hex for actors people create), canonical name, kind,
  external ids (JSON), notes, timestamps.
- `actor_alias`: one row per (actor, normalised alias); the normalised form is
  what linking matches on (annotations/actors/normalise.py).
- `span_actor`: at most one link per span (pending until accepted, like any
  suggestion), removed with its span.

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "actor",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("external_ids", _JSON, nullable=False),
        sa.Column("notes", sa.String(), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_actor_name", "actor", ["name"])
    op.create_table(
        "actor_alias",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("actor_id", sa.String(), sa.ForeignKey("actor.id", ondelete="CASCADE"), nullable=False),
        sa.Column("alias", sa.String(), nullable=False),
        sa.Column("normalised", sa.String(), nullable=False),
        sa.UniqueConstraint("actor_id", "normalised", name="ux_actor_alias"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_actor_alias_normalised", "actor_alias", ["normalised"])
    op.create_table(
        "span_actor",
        sa.Column("span_id", sa.Integer(), sa.ForeignKey("span.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("actor_id", sa.String(), sa.ForeignKey("actor.id"), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
    )
    op.create_index("ix_span_actor_actor_id", "span_actor", ["actor_id"])


def downgrade() -> None:
    op.drop_table("span_actor")
    op.drop_table("actor_alias")
    op.drop_table("actor")
