"""Alerts: a drift state change, or mean factuality over a window falling below a threshold.

One row per (route, metric) in ``scoring_alert_state`` holds the state (``ok`` | ``alerting``).
A transition is made with a conditional UPDATE (``WHERE state = <old>``), so when several scorer
processes see the same change only the one whose update lands notifies: at most one webhook per
state change. A new state must be observed on ``confirm_checks`` consecutive evaluations (default
2) before it is announced, so one noisy drift check does not page anyone. The webhook gets a JSON POST ``{route, metric, state, value, threshold, window,
link}``; a failed delivery is retried at later evaluations (``max_attempts``) and logged.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from urllib.parse import quote

import httpx
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ..store.models import Trace
from .models import AlertState
from .settings import AlertSettings

log = logging.getLogger("llmgateway.scoring.alerts")


class AlertManager:
    def __init__(self, store, settings: AlertSettings, link_base: str):
        self.store, self.settings = store, settings
        self.link_base = (settings.link_base or link_base).rstrip("/")
        self.sent: list[dict] = []  # payloads this process delivered (for status pages and tests)

    def link(self, route: str) -> str:
        return f"{self.link_base}/api/traces?route={quote(route)}"

    def evaluate(
        self, route: str, metric: str, value: float | None, threshold: float, alerting: bool | None, window: int
    ) -> dict | None:
        """Record the latest observation; notify if the state changed. ``alerting=None`` (not enough
        data) changes nothing. Returns the payload sent, if any."""
        if alerting is None:
            return None
        new = "alerting" if alerting else "ok"
        payload = {
            "route": route,
            "metric": metric,
            "state": new,
            "value": value,
            "threshold": threshold,
            "window": window,
            "link": self.link(route),
        }
        with self.store.session() as session:
            row = session.get(AlertState, (route, metric))
            if row is None:
                try:
                    session.add(
                        AlertState(
                            route=route,
                            metric=metric,
                            state="ok",
                            value=value,
                            threshold=threshold,
                            delivered=True,
                            attempts=0,
                            streak=0,
                        )
                    )
                    session.commit()
                except IntegrityError:
                    session.rollback()
                row = session.get(AlertState, (route, metric))
            old = row.state
            if old == new:
                if not row.delivered and row.attempts < self.settings.max_attempts and row.payload:
                    return self._deliver(route, metric, row.payload)
                session.execute(
                    update(AlertState)
                    .where(AlertState.route == route, AlertState.metric == metric)
                    .values(value=value, streak=0, streak_state=None)
                )
                session.commit()
                return None
            streak = (row.streak or 0) + 1 if row.streak_state == new else 1
            if streak < self.settings.confirm_checks:
                session.execute(
                    update(AlertState)
                    .where(AlertState.route == route, AlertState.metric == metric)
                    .values(value=value, streak=streak, streak_state=new)
                )
                session.commit()
                return None
            won = session.execute(
                update(AlertState)
                .where(AlertState.route == route, AlertState.metric == metric, AlertState.state == old)
                .values(
                    state=new,
                    value=value,
                    threshold=threshold,
                    changed_at=datetime.now(UTC),
                    delivered=False,
                    attempts=0,
                    payload=payload,
                    streak=0,
                    streak_state=None,
                )
            ).rowcount
            session.commit()
        if won != 1:
            return None  # another process recorded (and notifies) this change
        log.warning(
            "scoring alert: route=%s metric=%s state=%s->%s value=%s threshold=%s window=%s link=%s",
            route,
            metric,
            old,
            new,
            value,
            threshold,
            window,
            payload["link"],
        )
        return self._deliver(route, metric, payload)

    def _deliver(self, route: str, metric: str, payload: dict) -> dict | None:
        delivered = True
        if self.settings.webhook_url:
            try:
                resp = httpx.post(self.settings.webhook_url, json=payload, timeout=self.settings.timeout_s)
                resp.raise_for_status()
            except httpx.HTTPError as exc:
                delivered = False
                log.error(
                    "alert webhook %s failed for route=%s metric=%s: %s", self.settings.webhook_url, route, metric, exc
                )
        with self.store.session() as session:
            row = session.get(AlertState, (route, metric))
            session.execute(
                update(AlertState)
                .where(AlertState.route == route, AlertState.metric == metric)
                .values(delivered=delivered, attempts=(row.attempts if row else 0) + 1)
            )
            session.commit()
        if delivered:
            self.sent.append(payload)
            return payload
        return None

    def factuality_window(self, route: str) -> tuple[float | None, int]:
        """Mean factuality score over the route's last ``factuality_window`` scored traces."""
        with self.store.session() as session:
            rows = (
                session.execute(
                    select(Trace.scores)
                    .where(Trace.route == route, Trace.score_state == "done")
                    .order_by(Trace.id.desc())
                    .limit(self.settings.factuality_window)
                )
                .scalars()
                .all()
            )
        values = [
            r["factuality"]["score"]
            for r in rows
            if isinstance(r, dict)
            and isinstance(r.get("factuality"), dict)
            and r["factuality"].get("score") is not None
        ]
        return (sum(values) / len(values) if values else None), len(values)

    def check_factuality(self, route: str) -> dict | None:
        mean, n = self.factuality_window(route)
        if mean is None or n < self.settings.factuality_min_traces:
            return None
        threshold = self.settings.factuality_threshold
        return self.evaluate(route, "factuality", round(mean, 4), threshold, mean < threshold, n)

    def states(self) -> list[dict]:
        with self.store.session() as session:
            rows = session.execute(select(AlertState).order_by(AlertState.route, AlertState.metric)).scalars()
            return [
                {
                    "route": r.route,
                    "metric": r.metric,
                    "state": r.state,
                    "value": r.value,
                    "threshold": r.threshold,
                    "changed_at": (
                        r.changed_at if r.changed_at.tzinfo else r.changed_at.replace(tzinfo=UTC)
                    ).isoformat()
                    if r.changed_at
                    else None,
                    "delivered": r.delivered,
                }
                for r in rows
            ]
