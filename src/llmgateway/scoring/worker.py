"""The scorer: grades stored traces off the request path.

The gateway marks answered traces ``score_state='pending'``. A worker claims a batch with one
atomic statement::

    SQLite:      UPDATE traces SET score_state='claimed', scored_at=now
                 WHERE id IN (SELECT id FROM traces WHERE score_state='pending' ORDER BY id LIMIT n)
                   AND score_state='pending' RETURNING ...
    PostgreSQL:  WITH picked AS (SELECT id FROM traces WHERE score_state='pending' ORDER BY id LIMIT n
                                 FOR UPDATE SKIP LOCKED)
                 UPDATE traces SET ... FROM picked WHERE traces.id = picked.id AND score_state='pending'
                 RETURNING ...

so several workers (threads or processes) against one store never score a trace twice: on
SQLite the statement runs under the database write lock; on PostgreSQL SKIP LOCKED hands each
worker different rows and the re-checked ``score_state='pending'`` guards the rest. (On
PostgreSQL the IN-subquery form is wrong: the LIMIT subquery is re-run per row and over-claims.) A claim not
finished within ``lease_s`` (a worker that died) goes back to pending.

Results go to ``traces.scores`` (``{"factuality": {...}, "scorer": {...}}``) with
``score_state='done'``, and to an OTel span ``evaluation`` linked to the trace, carrying one
``gen_ai.evaluation.result`` event per metric. After each batch the worker re-checks the factuality
alert of the routes it touched, and drift every ``drift.check_every`` new traces per route.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.trace import Link, SpanContext, TraceFlags
from sqlalchemy import Table, bindparam, func, select, update

from ..store.models import Trace
from .drift import query_text
from .settings import ScoringSettings

log = logging.getLogger("llmgateway.scoring")
SCORER_VERSION = "1"


def _utc(dt: datetime | None) -> datetime | None:
    return None if dt is None else (dt if dt.tzinfo else dt.replace(tzinfo=UTC))


class ScoringWorker:
    def __init__(
        self,
        store,
        scorer,
        settings: ScoringSettings,
        *,
        tracer=None,
        alerts=None,
        drift=None,
        ragas=None,
        worker_id: str | None = None,
    ):
        self.store, self.scorer, self.settings = store, scorer, settings
        self.tracer = tracer or trace.get_tracer("llmgateway.scoring")
        self.alerts, self.drift, self.ragas = alerts, drift, ragas
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        self.scored = 0
        self.last_batch: dict = {}
        self._since_drift: dict[str, int] = {}

    # -- claiming ---------------------------------------------------------------------------
    def claim(self, limit: int) -> list[dict]:
        t = cast(Table, Trace.__table__)
        sub = select(t.c.id).where(t.c.score_state == "pending").order_by(t.c.id).limit(limit)
        if self.store.engine.dialect.name == "postgresql":
            # the canonical queue pattern: lock a batch in a CTE, skipping rows other workers hold
            picked = sub.with_for_update(skip_locked=True).cte("picked")
            condition = t.c.id == picked.c.id
        else:
            condition = t.c.id.in_(sub.scalar_subquery())
        stmt = (
            update(t)
            .where(condition, t.c.score_state == "pending")
            .values(score_state="claimed", scored_at=datetime.now(UTC))
            .returning(
                t.c.id,
                t.c.trace_id,
                t.c.route,
                t.c.request_messages,
                t.c.response_text,
                t.c.retrieval,
                t.c.scores,
                t.c.restricted_groups,
            )
        )
        with self.store.engine.begin() as conn:
            rows = [dict(r._mapping) for r in conn.execute(stmt)]
        return sorted(rows, key=lambda r: r["id"])

    def release_stale(self) -> int:
        """Claims older than the lease (a worker died mid-batch) go back to pending."""
        t = cast(Table, Trace.__table__)
        cutoff = datetime.now(UTC) - timedelta(seconds=self.settings.worker.lease_s)
        with self.store.engine.begin() as conn:
            return conn.execute(
                update(t)
                .where(t.c.score_state == "claimed", t.c.scored_at < cutoff)
                .values(score_state="pending", scored_at=None)
            ).rowcount

    # -- scoring ----------------------------------------------------------------------------
    def run_once(self) -> int:
        """Claim, score and store one batch; returns how many traces were handled."""
        rows = self.claim(self.settings.worker.batch_size)
        if not rows:
            return 0
        started = time.perf_counter()
        scorable = [r for r in rows if (r["response_text"] or "").strip()]
        items = [
            (
                [s.get("text") or s.get("snippet") or "" for s in (r["retrieval"] or []) if isinstance(s, dict)],
                r["response_text"],
                query_text(r["request_messages"]) or None,  # the question a short answer answers
            )
            for r in scorable
        ]
        results = self.scorer.score_many(items) if items else []
        now = datetime.now(UTC)
        elapsed_ms = (time.perf_counter() - started) * 1000
        updates = []
        by_id = {r["id"]: res for r, res in zip(scorable, results)}
        for r in rows:
            result = by_id.get(r["id"])
            if result is None:
                updates.append({"b_id": r["id"], "b_state": "skipped", "b_scores": r["scores"], "b_at": now})
                continue
            scores = dict(r["scores"] or {})
            scores["factuality"] = result.to_dict()
            scores["scorer"] = {
                "version": SCORER_VERSION,
                "worker": self.worker_id,
                "batch_ms": round(elapsed_ms, 1),
                "batch_size": len(rows),
            }
            if self.ragas is not None and result.score is not None:
                scores["ragas_faithfulness"] = {"value": None, "status": "queued"}
            updates.append({"b_id": r["id"], "b_state": "done", "b_scores": scores, "b_at": now})
            r["_scores"] = scores
        t = cast(Table, Trace.__table__)
        stmt = (
            update(t)
            .where(t.c.id == bindparam("b_id"), t.c.score_state == "claimed")
            .values(score_state=bindparam("b_state"), scores=bindparam("b_scores"), scored_at=bindparam("b_at"))
        )
        with self.store.engine.begin() as conn:
            conn.execute(stmt, updates)
        for r in rows:
            if "_scores" in r:
                self._emit(r["trace_id"], r["route"], r["_scores"])
                if self.ragas is not None and r["_scores"]["factuality"]["score"] is not None:
                    self.ragas.submit(r, self.store)
        self.scored += len(rows)
        self.last_batch = {"size": len(rows), "ms": round(elapsed_ms, 1), "at": now.isoformat()}
        self._after_batch({r["route"] for r in rows}, rows)
        return len(rows)

    def _emit(self, trace_id: str, route: str, scores: dict) -> None:
        """An ``evaluation`` span linked to the scored trace, one event per metric (OTel GenAI)."""
        links = []
        try:
            tid = int(trace_id, 16)
            links.append(
                Link(
                    SpanContext(
                        trace_id=tid,
                        span_id=(tid & 0xFFFFFFFFFFFFFFFF) or 1,
                        is_remote=True,
                        trace_flags=TraceFlags(TraceFlags.SAMPLED),
                    )
                )
            )
        except ValueError:
            pass
        fact = scores["factuality"]
        span = self.tracer.start_span(
            "evaluation",
            context=otel_context.Context(),
            links=links,
            attributes={
                "llmgateway.trace_id": trace_id,
                "llmgateway.route": route,
                "gen_ai.operation.name": "evaluation",
            },
        )
        if fact["score"] is not None:
            reasons = [c["reason"] for c in fact["claims"] if not c["supported"] and c["reason"]]
            attrs: dict[str, Any] = {
                "gen_ai.evaluation.name": "factuality",
                "gen_ai.evaluation.score.value": float(fact["score"]),
                "gen_ai.evaluation.score.label": "supported" if fact["supported"] else "unsupported",
            }
            if reasons:
                attrs["gen_ai.evaluation.explanation"] = "; ".join(reasons)[:1000]
            span.add_event("gen_ai.evaluation.result", attrs)
        span.end()

    def _after_batch(self, routes: set[str], rows: list[dict]) -> None:
        if self.alerts is not None:
            for route in routes:
                self.alerts.check_factuality(route)
        if self.drift is None or not self.settings.drift.enabled:
            return
        for r in rows:
            self._since_drift[r["route"]] = self._since_drift.get(r["route"], 0) + 1
        for route in routes:
            if self._since_drift.get(route, 0) < self.settings.drift.check_every:
                continue
            self._since_drift[route] = 0
            self.check_drift(route)

    def check_drift(self, route: str) -> dict:
        report = self.drift.check(route)
        if self.alerts is not None:
            for stream, result in report["streams"].items():
                self.alerts.evaluate(
                    route,
                    f"drift.{stream}",
                    result.get("score"),
                    result.get("threshold") or 0.0,
                    result.get("drifted"),
                    result.get("current_size", 0),
                )
        return report

    # -- lag --------------------------------------------------------------------------------
    def lag(self) -> dict:
        return scoring_lag(self.store) | {
            "worker": self.worker_id,
            "scored_by_this_worker": self.scored,
            "last_batch": self.last_batch,
        }

    # -- loop -------------------------------------------------------------------------------
    async def run_forever(self, stop: asyncio.Event, busy_fraction: float = 1.0) -> None:
        """Drain pending traces, then poll. DB and embedding work run in a thread so the event loop
        never waits on the scorer; with ``busy_fraction`` < 1 (inside the gateway) the worker rests
        after each batch so that it takes at most that share of the time, leaving the cores to the
        request path (its lag then shows in ``scoring_lag``)."""
        last_release = 0.0
        while not stop.is_set():
            try:
                if time.monotonic() - last_release > self.settings.worker.lease_s / 2:
                    await asyncio.to_thread(self.release_stale)
                    last_release = time.monotonic()
                started = time.monotonic()
                handled = await asyncio.to_thread(self.run_once)
                busy = time.monotonic() - started
            except Exception:  # a bad trace or a store outage must not kill the worker; retried next poll
                log.exception("scorer batch failed; retrying after %.1fs", self.settings.worker.poll_interval_s)
                handled = 0
            if handled == 0:
                try:
                    await asyncio.wait_for(stop.wait(), timeout=self.settings.worker.poll_interval_s)
                except TimeoutError:
                    pass
            elif busy_fraction < 1.0:
                await asyncio.sleep(busy * (1.0 - busy_fraction) / busy_fraction)
            else:
                await asyncio.sleep(0)


def scoring_lag(store) -> dict:
    """How far behind scoring is: pending count and age of the oldest pending trace."""
    t = Trace.__table__
    with store.engine.connect() as conn:
        counts = dict(
            conn.execute(
                select(t.c.score_state, func.count()).where(t.c.score_state.is_not(None)).group_by(t.c.score_state)
            ).all()
        )
        oldest = conn.execute(select(func.min(t.c.created_at)).where(t.c.score_state == "pending")).scalar()
    oldest = _utc(oldest)
    age = (datetime.now(UTC) - oldest).total_seconds() if oldest else 0.0
    return {
        "pending": counts.get("pending", 0),
        "claimed": counts.get("claimed", 0),
        "done": counts.get("done", 0),
        "skipped": counts.get("skipped", 0),
        "oldest_pending_age_s": round(max(age, 0.0), 3),
        "oldest_pending_at": oldest.isoformat() if oldest else None,
    }
