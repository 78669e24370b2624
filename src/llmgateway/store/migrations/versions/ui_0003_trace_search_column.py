"""ui: PostgreSQL keeps each trace's words in a stored column ``search_doc`` (GIN-indexed)

The free-text filter reads the newest traces first and stops at a page (queries.py). With the
words only in an expression index, every trace read that way recomputed ``to_tsvector`` (~40 µs),
so a rare word made the planner's walk over ``created_at`` cost 41 s at a million traces. A stored
generated column is computed once, on insert; the GIN index moves onto it. The column is not on
the ``Trace`` model: nothing writes it, and only the trace list reads it (``queries.SEARCH_DOC``).

The upgrade rewrites ``traces`` once (about a minute per million traces). SQLite: nothing to do,
its word index is the FTS5 table ``traces_text`` (ui_0002).

Revision ID: ui_0003_trace_search_column
Revises: ui_0002_trace_text_search
"""

from alembic import op

revision = "ui_0003_trace_search_column"
down_revision = "ui_0002_trace_text_search"
branch_labels = None
depends_on = None

PG_DOCUMENT = "to_tsvector('simple', coalesce(response_text, '') || ' ' || coalesce(request_messages::text, ''))"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE traces ADD COLUMN search_doc tsvector GENERATED ALWAYS AS ({PG_DOCUMENT}) STORED")
    op.execute("CREATE INDEX ix_traces_search ON traces USING gin (search_doc)")
    op.execute("DROP INDEX ix_traces_text")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"CREATE INDEX ix_traces_text ON traces USING gin (({PG_DOCUMENT}))")
    op.execute("ALTER TABLE traces DROP COLUMN search_doc")
