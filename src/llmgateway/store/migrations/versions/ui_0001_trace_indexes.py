"""ui: indexes for the trace list's filters (each starts with its column, then created_at)

The factuality index is on the expression ``queries.factuality_expr`` renders for each dialect, so
the planner can use it for "factuality below X". These indexes live only in the migration (the
``Trace`` model keeps the core ones).

Revision ID: ui_0001_trace_indexes
Revises: 0001_core
"""

from alembic import op

revision = "ui_0001_trace_indexes"
down_revision = "0001_core"
branch_labels = ("ui",)
depends_on = None

COMPOSITE = {
    "ix_traces_key_created": ["key_name", "created_at"],
    "ix_traces_user_created": ["user", "created_at"],
    "ix_traces_prompt_created": ["prompt_name", "prompt_version", "created_at"],
    "ix_traces_status_created": ["status", "created_at"],
}
FACTUALITY = {
    "sqlite": 'CAST(JSON_EXTRACT(scores, \'$."factuality"."score"\') AS FLOAT)',
    "postgresql": "(CAST((scores #>> '{factuality, score}') AS FLOAT))",
}


def upgrade() -> None:
    for name, columns in COMPOSITE.items():
        op.create_index(name, "traces", columns)
    expression = FACTUALITY.get(op.get_bind().dialect.name)
    if expression:
        op.execute(f"CREATE INDEX ix_traces_factuality ON traces ({expression})")


def downgrade() -> None:
    if op.get_bind().dialect.name in FACTUALITY:
        op.drop_index("ix_traces_factuality", "traces")
    for name in COMPOSITE:
        op.drop_index(name, "traces")
