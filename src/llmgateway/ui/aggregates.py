"""What the dashboards show, computed from the newest traces of a time window.

One query reads at most ``MAX_ROWS`` of the newest traces in the window (the page says when the
window held more), then everything is aggregated here: per time bucket the requests, errors and
latency percentiles overall and per stage; tokens by route and by key; guardrail actions by rule
(and their rate per request); mean factuality by prompt version. Drift and its alerts come from
the scorer's alert table.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, text

from ..store.models import Trace
from .queries import as_utc

MAX_ROWS = 20_000
BUCKETS = 24
PERCENTILES = (50, 95, 99)
TOP = 8  # lines per chart for keys and rules (the tables list them all)


def percentile(values: list[float], p: int) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return round(ordered[rank], 2)


def window_rows(store, hours: float, route: str | None = None) -> tuple[list, datetime, datetime, bool]:
    end = datetime.now(UTC)
    start = end - timedelta(hours=hours)
    stmt = (
        select(
            Trace.created_at,
            Trace.route,
            Trace.key_name,
            Trace.status,
            Trace.latency_ms,
            Trace.stage_ms,
            Trace.prompt_tokens,
            Trace.completion_tokens,
            Trace.guardrails,
            Trace.prompt_name,
            Trace.prompt_version,
            Trace.scores,
        )
        .where(Trace.created_at >= start)
        .order_by(Trace.created_at.desc())
        .limit(MAX_ROWS + 1)
    )
    if route:
        stmt = stmt.where(Trace.route == route)
    with store.session() as session:
        rows = session.execute(stmt).all()
    return rows[:MAX_ROWS], start, end, len(rows) > MAX_ROWS


def dashboard(store, hours: float, route: str | None = None) -> dict:
    rows, start, end, truncated = window_rows(store, hours, route)
    width = (end - start) / BUCKETS
    edges = [start + width * i for i in range(BUCKETS)]
    requests, errors = [0] * BUCKETS, [0] * BUCKETS
    latency: list[list[float]] = [[] for _ in range(BUCKETS)]
    stage_all: dict[str, list[float]] = defaultdict(list)
    stage_by_bucket: dict[str, list[list[float]]] = defaultdict(lambda: [[] for _ in range(BUCKETS)])
    tokens: Counter = Counter()
    tokens_by: dict[str, dict[str, list[int]]] = {
        "route": defaultdict(lambda: [0] * BUCKETS),
        "key": defaultdict(lambda: [0] * BUCKETS),
    }
    rule_hits: Counter = Counter()
    rule_by_bucket: dict[str, list[int]] = defaultdict(lambda: [0] * BUCKETS)
    fact: dict[str, list[list[float]]] = defaultdict(lambda: [[] for _ in range(BUCKETS)])
    for row in rows:
        at = as_utc(row.created_at) or start
        b = min(BUCKETS - 1, max(0, int((at - start) / width)))
        requests[b] += 1
        if row.status == "error":
            errors[b] += 1
        if row.latency_ms is not None:
            latency[b].append(float(row.latency_ms))
        for stage, ms in (row.stage_ms or {}).items():
            stage_all[stage].append(float(ms or 0))
            stage_by_bucket[stage][b].append(float(ms or 0))
        used = (row.prompt_tokens or 0) + (row.completion_tokens or 0)
        tokens[(row.route, row.key_name or "—")] += used
        tokens_by["route"][row.route][b] += used
        tokens_by["key"][row.key_name or "—"][b] += used
        for verdict in row.guardrails or []:
            if isinstance(verdict, dict):
                rule_hits[(verdict.get("rule_id"), verdict.get("action"))] += 1
                rule_by_bucket[f"{verdict.get('rule_id')} ({verdict.get('action')})"][b] += 1
        score = ((row.scores or {}).get("factuality") or {}).get("score") if isinstance(row.scores, dict) else None
        if isinstance(score, (int, float)) and row.prompt_name:
            fact[f"{row.prompt_name}@{row.prompt_version}"][b].append(float(score))
    times = [int(e.timestamp()) for e in edges]
    total = len(rows)
    return {
        "window_hours": hours,
        "total": total,
        "truncated": truncated,
        "series": {
            "traffic": {"x": times, "series": {"requests": requests, "errors": errors}},
            "latency": {
                "x": times,
                "series": {f"p{p}": [percentile(v, p) for v in latency] for p in PERCENTILES},
            },
            "stage_p95": {
                "x": times,
                "series": {stage: [percentile(v, 95) for v in buckets] for stage, buckets in stage_by_bucket.items()},
            },
            **{
                f"stage:{stage}": {
                    "x": times,
                    "series": {f"p{p}": [percentile(v, p) for v in buckets] for p in PERCENTILES},
                }
                for stage, buckets in stage_by_bucket.items()
            },
            "tokens_route": {"x": times, "series": top_series(tokens_by["route"])},
            "tokens_key": {"x": times, "series": top_series(tokens_by["key"])},
            "rule_rate": {
                "x": times,
                "series": {
                    name: [round(100 * n / requests[i], 2) if requests[i] else None for i, n in enumerate(hits)]
                    for name, hits in top_series(rule_by_bucket).items()
                },
            },
            "factuality": {
                "x": times,
                "series": {
                    version: [round(sum(v) / len(v), 3) if v else None for v in buckets]
                    for version, buckets in sorted(fact.items())
                },
            },
        },
        "stage_names": list(stage_by_bucket),
        "stages": [
            {"stage": stage, **{f"p{p}": percentile(values, p) for p in PERCENTILES}, "n": len(values)}
            for stage, values in stage_all.items()
        ],
        "tokens": [{"route": r, "key": k, "tokens": n} for (r, k), n in tokens.most_common(30)],
        "rules": [
            {"rule_id": rule, "action": action, "hits": n, "rate": round(n / total, 4) if total else 0.0}
            for (rule, action), n in rule_hits.most_common()
        ],
    }


def top_series(by_name: dict[str, list[int]]) -> dict[str, list[int]]:
    """The ``TOP`` series with the largest totals, largest first."""
    ranked = sorted(by_name.items(), key=lambda item: -sum(item[1]))
    return dict(ranked[:TOP])


def rule_hit_counts(store, hours: float) -> Counter:
    rows, *_ = window_rows(store, hours)
    hits: Counter = Counter()
    for row in rows:
        for verdict in row.guardrails or []:
            if isinstance(verdict, dict):
                hits[verdict.get("rule_id")] += 1
    return hits


def drift_states(store) -> list[dict]:
    """The scorer's alert state per route and metric (empty before the scorer's tables exist)."""
    try:
        with store.session() as session:
            rows = session.execute(
                text(
                    "SELECT route, metric, state, value, threshold, changed_at FROM scoring_alert_state "
                    "ORDER BY route, metric"
                )
            ).all()
    except Exception as exc:  # noqa: BLE001 - the scoring capability (its table) may not be installed
        return [{"route": "—", "metric": "—", "state": f"unavailable: {exc.__class__.__name__}"}]
    return [dict(r._mapping) for r in rows]
