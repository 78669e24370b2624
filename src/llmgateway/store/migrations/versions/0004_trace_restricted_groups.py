"""traces and reviews: the entitlement groups whose restricted research they hold (tracing/visibility.py)

Revision ID: 0004_trace_restricted_groups
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_trace_restricted_groups"
down_revision = "0001_core"
branch_labels = ("trace_visibility",)
depends_on = None


def upgrade() -> None:
    for table in ("traces", "reviews"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("restricted_groups", sa.JSON))


def downgrade() -> None:
    for table in ("traces", "reviews"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("restricted_groups")
