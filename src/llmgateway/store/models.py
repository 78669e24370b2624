"""Evaluation-store tables (SQLAlchemy 2 declarative). Schema changes go through Alembic
migrations in store/migrations/versions; each capability adds its own revision branching from
``0001_core`` and the store upgrades to ``heads``."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, Float, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Trace(Base):
    """One record per call: what was asked, what was answered, and every stage's verdicts."""

    __tablename__ = "traces"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    trace_id: Mapped[str] = mapped_column(String(32), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    route: Mapped[str] = mapped_column(String(200), nullable=False)
    key_name: Mapped[str | None] = mapped_column(String(200))
    user: Mapped[str | None] = mapped_column(String(200))
    model: Mapped[str | None] = mapped_column(String(200))  # model_name of the deployment group
    response_model: Mapped[str | None] = mapped_column(String(200))  # what the upstream reported
    stream: Mapped[bool] = mapped_column(Boolean, default=False)
    request_messages: Mapped[list | None] = mapped_column(JSON)
    upstream_messages: Mapped[list | None] = mapped_column(JSON)
    request_params: Mapped[dict | None] = mapped_column(JSON)
    response_text: Mapped[str | None] = mapped_column(Text)
    finish_reason: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), nullable=False)  # ok | error | blocked | filtered | review
    status_code: Mapped[int] = mapped_column(Integer, nullable=False)
    error: Mapped[str | None] = mapped_column(Text)
    prompt_tokens: Mapped[int | None] = mapped_column(Integer)
    completion_tokens: Mapped[int | None] = mapped_column(Integer)
    latency_ms: Mapped[float | None] = mapped_column(Float)
    stage_ms: Mapped[dict | None] = mapped_column(JSON)
    # slots filled by the capabilities
    prompt_name: Mapped[str | None] = mapped_column(String(200))
    prompt_version: Mapped[str | None] = mapped_column(String(50))
    prompt_hash: Mapped[str | None] = mapped_column(String(80))
    prompt_role: Mapped[str | None] = mapped_column(String(20))  # champion | canary | shadow
    parent_trace_id: Mapped[str | None] = mapped_column(String(32))  # shadow → champion
    guardrails: Mapped[list | None] = mapped_column(JSON)
    policy_hash: Mapped[str | None] = mapped_column(String(80))
    retrieval: Mapped[list | None] = mapped_column(JSON)  # [{doc_id, score, snippet, entitlement, …}]
    # entitlement groups of the restricted research in this trace; readers without them see it masked
    restricted_groups: Mapped[list | None] = mapped_column(JSON)
    scores: Mapped[dict | None] = mapped_column(JSON)
    score_state: Mapped[str | None] = mapped_column(String(20))  # pending | claimed | done | skipped
    scored_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    extra: Mapped[dict | None] = mapped_column(JSON)
    experiment_id: Mapped[str | None] = mapped_column(String(32))  # evals (0004_evals): the run it belongs to

    __table_args__ = (
        Index("ix_traces_created_at", "created_at"),
        Index("ix_traces_route_created", "route", "created_at"),
        Index("ix_traces_status", "status"),
        Index("ix_traces_score_state", "score_state"),
        Index("ix_traces_parent", "parent_trace_id"),
        Index("ix_traces_experiment", "experiment_id"),
    )


# What a trace record may hold: every column but the surrogate key. ``Executor.record`` writes the
# request-time ones, the scorer ``scores`` / ``scored_at``; the writer refuses any other key.
TRACE_COLUMNS: frozenset[str] = frozenset(c.name for c in Trace.__table__.columns if c.name != "id")


class ApiKey(Base):
    """Only a SHA-256 of the key is kept; the key itself is printed once at creation."""

    __tablename__ = "api_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    key_prefix: Mapped[str] = mapped_column(String(16), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False, default="client")
    routes: Mapped[list | None] = mapped_column(JSON)  # None = every route
    entitlements: Mapped[list | None] = mapped_column(JSON)
    allow_prompt_override: Mapped[bool] = mapped_column(Boolean, default=False)
    rpm: Mapped[int | None] = mapped_column(Integer)
    token_budget: Mapped[int | None] = mapped_column(BigInteger)
    tokens_used: Mapped[int] = mapped_column(BigInteger, default=0, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """Append-only, hash-chained log: guardrail decisions, review decisions, policy and prompt-label
    changes. ``hash = sha256(prev_hash + canonical json of (seq, ts, kind, actor, payload))``."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    ts: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    kind: Mapped[str] = mapped_column(String(50), nullable=False)
    actor: Mapped[str | None] = mapped_column(String(200))
    payload: Mapped[dict] = mapped_column(JSON, nullable=False)
    prev_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    hash: Mapped[str] = mapped_column(String(64), nullable=False)


class Review(Base):
    """An answer held for a human (guardrail action ``review``)."""

    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    trace_id: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    route: Mapped[str | None] = mapped_column(String(200))
    key_name: Mapped[str | None] = mapped_column(String(200))
    rule_ids: Mapped[list | None] = mapped_column(JSON)
    question: Mapped[str | None] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text)
    restricted_groups: Mapped[list | None] = mapped_column(JSON)  # as on the trace: readers without them see it masked
    status: Mapped[str] = mapped_column(String(20), default="pending", nullable=False)  # pending|approved|rejected
    reviewer: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
