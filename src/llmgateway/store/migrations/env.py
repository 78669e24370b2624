"""Alembic environment: the connection is handed in by ``llmgateway.store.db.migrate``."""

from alembic import context

from llmgateway.store.models import Base

connection = context.config.attributes.get("connection")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
