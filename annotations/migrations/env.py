"""Alembic environment for Glossator stores. The store passes an open
connection in `config.attributes["connection"]`; nothing here reads alembic.ini."""
from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
