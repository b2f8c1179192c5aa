"""Full-text search over document titles and texts, kept in step by the
database itself.

SQLite: an FTS5 index with external content (the text is not stored twice),
English stemming (porter over unicode61, diacritics folded), and triggers on
`document` for insert, delete and title/text updates.
PostgreSQL: a stored generated tsvector (English) with a GIN index.

Revision ID: 0004
Revises: 0003
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_SQLITE_UP = [
    """CREATE VIRTUAL TABLE document_fts USING fts5(
           title, text, content='document', content_rowid='id',
           tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER document_fts_insert AFTER INSERT ON document BEGIN
           INSERT INTO document_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
       END""",
    """CREATE TRIGGER document_fts_delete AFTER DELETE ON document BEGIN
           INSERT INTO document_fts(document_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
       END""",
    """CREATE TRIGGER document_fts_update AFTER UPDATE OF title, text ON document BEGIN
           INSERT INTO document_fts(document_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
           INSERT INTO document_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
       END""",
    "INSERT INTO document_fts(document_fts) VALUES ('rebuild')",
]
_SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS document_fts_update",
    "DROP TRIGGER IF EXISTS document_fts_delete",
    "DROP TRIGGER IF EXISTS document_fts_insert",
    "DROP TABLE IF EXISTS document_fts",
]
_POSTGRES_UP = [
    """ALTER TABLE document ADD COLUMN search tsvector GENERATED ALWAYS AS (
           setweight(to_tsvector('english', coalesce(title, '')), 'A') || to_tsvector('english', text)) STORED""",
    "CREATE INDEX ix_document_search ON document USING GIN (search)",
]
_POSTGRES_DOWN = ["DROP INDEX IF EXISTS ix_document_search", "ALTER TABLE document DROP COLUMN IF EXISTS search"]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    _run(_SQLITE_UP if op.get_bind().dialect.name == "sqlite" else _POSTGRES_UP)


def downgrade() -> None:
    _run(_SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else _POSTGRES_DOWN)
