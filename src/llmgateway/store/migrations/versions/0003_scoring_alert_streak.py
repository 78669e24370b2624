"""scoring: alert confirmation streak (a new state must be seen on N consecutive checks)

Revision ID: 0003_scoring_alert_streak
Revises: 0002_scoring
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_scoring_alert_streak"
down_revision = "0002_scoring"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("scoring_alert_state") as batch:
        batch.add_column(sa.Column("streak_state", sa.String(20)))
        batch.add_column(sa.Column("streak", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("scoring_alert_state") as batch:
        batch.drop_column("streak")
        batch.drop_column("streak_state")
