"""Tables owned by scoring (Alembic revision 0002_scoring): pinned drift baselines and the alert
state machine (one row per route and metric, so a state change notifies once, across processes)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..store.models import Base, utcnow


class DriftBaseline(Base):
    __tablename__ = "scoring_drift_baselines"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    route: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False, default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(200))
    trace_ids: Mapped[list] = mapped_column(JSON, nullable=False)


class AlertState(Base):
    __tablename__ = "scoring_alert_state"
    route: Mapped[str] = mapped_column(String(200), primary_key=True)
    metric: Mapped[str] = mapped_column(String(100), primary_key=True)
    state: Mapped[str] = mapped_column(String(20), nullable=False, default="ok")  # ok | alerting
    value: Mapped[float | None] = mapped_column(Float)
    threshold: Mapped[float | None] = mapped_column(Float)
    changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    delivered: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    payload: Mapped[dict | None] = mapped_column(JSON)
    streak_state: Mapped[str | None] = mapped_column(String(20))  # a candidate new state
    streak: Mapped[int] = mapped_column(Integer, nullable=False, default=0)  # consecutive sightings of it
