"""Tables owned by evals (Alembic revision 0004_evals): experiments and their per-case results.

An experiment is one run of one eval set through one route with one prompt version. Its calls are
ordinary traces carrying ``traces.experiment_id``; ``eval_results`` holds one row per case with the
trace id, the outcome and the scores, so a report can be checked row by row against the traces.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..store.models import Base, utcnow


class Experiment(Base):
    __tablename__ = "eval_experiments"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    set_name: Mapped[str] = mapped_column(String(200), nullable=False)
    set_path: Mapped[str | None] = mapped_column(Text)
    set_hash: Mapped[str] = mapped_column(String(80), nullable=False)
    route: Mapped[str] = mapped_column(String(200), nullable=False)
    prompt_ref: Mapped[str | None] = mapped_column(String(200))  # as asked: advisor_qa@staging
    prompt_name: Mapped[str | None] = mapped_column(String(200))
    prompt_version: Mapped[str | None] = mapped_column(String(50))
    prompt_hash: Mapped[str | None] = mapped_column(String(80))
    policy_hash: Mapped[str | None] = mapped_column(String(80))
    model: Mapped[str | None] = mapped_column(String(200))
    target: Mapped[str | None] = mapped_column(String(300))  # "in-process" or the gateway URL
    git_commit: Mapped[str | None] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    duration_s: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="running")  # running|done|failed
    case_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    summary: Mapped[dict | None] = mapped_column(JSON)  # metric -> {value, n, missing}
    thresholds: Mapped[dict | None] = mapped_column(JSON)
    gate: Mapped[dict | None] = mapped_column(JSON)  # {passed, failures: [...], baseline}
    settings: Mapped[dict | None] = mapped_column(JSON)  # concurrency, judge, …

    __table_args__ = (
        Index("ix_eval_experiments_set_started", "set_name", "started_at"),
        Index("ix_eval_experiments_prompt_hash", "prompt_hash"),
    )


class ExperimentResult(Base):
    __tablename__ = "eval_results"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    experiment_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("eval_experiments.id", ondelete="CASCADE"), nullable=False, index=True
    )
    case_id: Mapped[str] = mapped_column(String(120), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    trace_id: Mapped[str | None] = mapped_column(String(32))
    question: Mapped[str | None] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(String(20))  # the trace's status
    expected_outcome: Mapped[str | None] = mapped_column(String(20))
    outcome: Mapped[str | None] = mapped_column(String(20))
    retrieved: Mapped[list | None] = mapped_column(JSON)  # document ids in rank order
    metrics: Mapped[dict | None] = mapped_column(JSON)  # metric -> value or null
    missing: Mapped[dict | None] = mapped_column(JSON)  # metric -> reason
    error: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[list | None] = mapped_column(JSON)
