"""ui: word index for the trace list's free-text filter; shadow calls found by parent

``ix_traces_parent_present`` is partial (non-null parents only): most traces have no parent, and
with statistics SQLite judges the full ``ix_traces_parent`` unselective and scans the table to find
a trace's shadow calls (150 ms at 50k traces); the partial index stays selective.

PostgreSQL: a GIN index on ``to_tsvector('simple', answer || request messages)`` (replaced by the stored
column ``search_doc`` of ui_0003). SQLite: a contentless FTS5 table ``traces_text`` whose rowid
is ``traces.id``, filled by a trigger on insert (traces are never updated in those columns nor
deleted). Existing traces are indexed by the upgrade.

Revision ID: ui_0002_trace_text_search
Revises: ui_0001_trace_indexes
"""

from alembic import op

revision = "ui_0002_trace_text_search"
down_revision = "ui_0001_trace_indexes"
branch_labels = None
depends_on = None

PG_DOCUMENT = "to_tsvector('simple', coalesce(response_text, '') || ' ' || coalesce(request_messages::text, ''))"
# With the default statistics a word missing from the sampled most-common words is estimated at
# ~0.5% of rows, so the planner walks created_at and computes to_tsvector on every row looking for a
# rare word (41 s at 1M traces); a large target keeps rare words' estimates honest (3 ms).
PG_STATISTICS = "ALTER INDEX ix_traces_text ALTER COLUMN 1 SET STATISTICS 10000"
SQLITE_BODY = "coalesce({t}.response_text, '') || ' ' || coalesce({t}.request_messages, '')"


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute("CREATE INDEX ix_traces_parent_present ON traces (parent_trace_id) WHERE parent_trace_id IS NOT NULL")
    if dialect == "postgresql":
        op.execute(f"CREATE INDEX ix_traces_text ON traces USING gin (({PG_DOCUMENT}))")
        op.execute(PG_STATISTICS)
    elif dialect == "sqlite":
        op.execute("CREATE VIRTUAL TABLE traces_text USING fts5(body, content='', tokenize='unicode61')")
        op.execute(
            "CREATE TRIGGER traces_text_insert AFTER INSERT ON traces BEGIN "
            f"INSERT INTO traces_text(rowid, body) VALUES (new.id, {SQLITE_BODY.format(t='new')}); END"
        )
        op.execute(f"INSERT INTO traces_text(rowid, body) SELECT id, {SQLITE_BODY.format(t='traces')} FROM traces")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute("DROP INDEX ix_traces_parent_present")
    if dialect == "postgresql":
        op.execute("DROP INDEX ix_traces_text")
    elif dialect == "sqlite":
        op.execute("DROP TRIGGER traces_text_insert")
        op.execute("DROP TABLE traces_text")
