"""scoring: drift baselines and alert state

Revision ID: 0002_scoring
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_scoring"
down_revision = "0001_core"
branch_labels = ("scoring",)
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "scoring_drift_baselines",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("route", sa.String(200), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("created_by", sa.String(200)),
        sa.Column("trace_ids", sa.JSON, nullable=False),
    )
    op.create_index("ix_scoring_drift_baselines_route", "scoring_drift_baselines", ["route"])
    op.create_table(
        "scoring_alert_state",
        sa.Column("route", sa.String(200), primary_key=True),
        sa.Column("metric", sa.String(100), primary_key=True),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("value", sa.Float),
        sa.Column("threshold", sa.Float),
        sa.Column("changed_at", TS),
        sa.Column("delivered", sa.Boolean, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("payload", sa.JSON),
    )


def downgrade() -> None:
    op.drop_table("scoring_alert_state")
    op.drop_index("ix_scoring_drift_baselines_route", "scoring_drift_baselines")
    op.drop_table("scoring_drift_baselines")
