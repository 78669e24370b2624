"""evals: experiments, per-case results, and traces.experiment_id

Revision ID: 0004_evals
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_evals"
down_revision = "0001_core"
branch_labels = ("evals",)
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "eval_experiments",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("set_name", sa.String(200), nullable=False),
        sa.Column("set_path", sa.Text),
        sa.Column("set_hash", sa.String(80), nullable=False),
        sa.Column("route", sa.String(200), nullable=False),
        sa.Column("prompt_ref", sa.String(200)),
        sa.Column("prompt_name", sa.String(200)),
        sa.Column("prompt_version", sa.String(50)),
        sa.Column("prompt_hash", sa.String(80)),
        sa.Column("policy_hash", sa.String(80)),
        sa.Column("model", sa.String(200)),
        sa.Column("target", sa.String(300)),
        sa.Column("git_commit", sa.String(64)),
        sa.Column("started_at", TS, nullable=False),
        sa.Column("finished_at", TS),
        sa.Column("duration_s", sa.Float),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("case_count", sa.Integer, nullable=False),
        sa.Column("summary", sa.JSON),
        sa.Column("thresholds", sa.JSON),
        sa.Column("gate", sa.JSON),
        sa.Column("settings", sa.JSON),
    )
    op.create_index("ix_eval_experiments_set_started", "eval_experiments", ["set_name", "started_at"])
    op.create_index("ix_eval_experiments_prompt_hash", "eval_experiments", ["prompt_hash"])
    op.create_table(
        "eval_results",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "experiment_id", sa.String(32), sa.ForeignKey("eval_experiments.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("case_id", sa.String(120), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("trace_id", sa.String(32)),
        sa.Column("question", sa.Text),
        sa.Column("answer", sa.Text),
        sa.Column("status", sa.String(20)),
        sa.Column("expected_outcome", sa.String(20)),
        sa.Column("outcome", sa.String(20)),
        sa.Column("retrieved", sa.JSON),
        sa.Column("metrics", sa.JSON),
        sa.Column("missing", sa.JSON),
        sa.Column("error", sa.Text),
        sa.Column("tags", sa.JSON),
    )
    op.create_index("ix_eval_results_experiment_id", "eval_results", ["experiment_id"])
    with op.batch_alter_table("traces") as batch:
        batch.add_column(sa.Column("experiment_id", sa.String(32)))
    op.create_index("ix_traces_experiment", "traces", ["experiment_id"])


def downgrade() -> None:
    op.drop_index("ix_traces_experiment", "traces")
    with op.batch_alter_table("traces") as batch:
        batch.drop_column("experiment_id")
    op.drop_index("ix_eval_results_experiment_id", "eval_results")
    op.drop_table("eval_results")
    op.drop_index("ix_eval_experiments_prompt_hash", "eval_experiments")
    op.drop_index("ix_eval_experiments_set_started", "eval_experiments")
    op.drop_table("eval_experiments")
