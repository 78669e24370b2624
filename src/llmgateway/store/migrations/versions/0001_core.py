"""core: traces, api_keys, audit_log, reviews

Revision ID: 0001_core
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_core"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "traces",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("trace_id", sa.String(32), nullable=False, unique=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("route", sa.String(200), nullable=False),
        sa.Column("key_name", sa.String(200)),
        sa.Column("user", sa.String(200)),
        sa.Column("model", sa.String(200)),
        sa.Column("response_model", sa.String(200)),
        sa.Column("stream", sa.Boolean),
        sa.Column("request_messages", sa.JSON),
        sa.Column("upstream_messages", sa.JSON),
        sa.Column("request_params", sa.JSON),
        sa.Column("response_text", sa.Text),
        sa.Column("finish_reason", sa.String(40)),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("status_code", sa.Integer, nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("prompt_tokens", sa.Integer),
        sa.Column("completion_tokens", sa.Integer),
        sa.Column("latency_ms", sa.Float),
        sa.Column("stage_ms", sa.JSON),
        sa.Column("prompt_name", sa.String(200)),
        sa.Column("prompt_version", sa.String(50)),
        sa.Column("prompt_hash", sa.String(80)),
        sa.Column("prompt_role", sa.String(20)),
        sa.Column("parent_trace_id", sa.String(32)),
        sa.Column("guardrails", sa.JSON),
        sa.Column("policy_hash", sa.String(80)),
        sa.Column("retrieval", sa.JSON),
        sa.Column("scores", sa.JSON),
        sa.Column("score_state", sa.String(20)),
        sa.Column("scored_at", TS),
        sa.Column("extra", sa.JSON),
    )
    op.create_index("ix_traces_created_at", "traces", ["created_at"])
    op.create_index("ix_traces_route_created", "traces", ["route", "created_at"])
    op.create_index("ix_traces_status", "traces", ["status"])
    op.create_index("ix_traces_score_state", "traces", ["score_state"])
    op.create_index("ix_traces_parent", "traces", ["parent_trace_id"])

    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("key_prefix", sa.String(16), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("routes", sa.JSON),
        sa.Column("entitlements", sa.JSON),
        sa.Column("allow_prompt_override", sa.Boolean),
        sa.Column("rpm", sa.Integer),
        sa.Column("token_budget", sa.BigInteger),
        sa.Column("tokens_used", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("created_at", TS),
        sa.Column("revoked_at", TS),
    )

    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("ts", TS, nullable=False),
        sa.Column("kind", sa.String(50), nullable=False),
        sa.Column("actor", sa.String(200)),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )

    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("trace_id", sa.String(32), nullable=False, index=True),
        sa.Column("created_at", TS),
        sa.Column("route", sa.String(200)),
        sa.Column("key_name", sa.String(200)),
        sa.Column("rule_ids", sa.JSON),
        sa.Column("question", sa.Text),
        sa.Column("answer", sa.Text),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("reviewer", sa.String(200)),
        sa.Column("note", sa.Text),
        sa.Column("decided_at", TS),
    )


def downgrade() -> None:
    for table in ("reviews", "audit_log", "api_keys", "traces"):
        op.drop_table(table)
