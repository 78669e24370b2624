"""Prometheus metrics for ``GET /metrics``, counted off the request path.

Calls are counted from the trace records as the trace writer takes each batch (in its thread,
``TraceWriter.on_batch``), so a request pays nothing for metrics: one batch of up to a few hundred
records is folded into plain dictionaries under one lock. Everything else is read when Prometheus
scrapes: the trace queue and spill file, upstream failures per deployment (``Upstream.errors``),
scorer lag (pending traces and the oldest one's age) and each route's drift/alert state.

Records the writer never saw live (the queue was full, so they went straight to the spill file)
are counted in ``llmgateway_trace_spilled_total``, not in the call counters.
"""

from __future__ import annotations

import bisect
import logging
import threading
import time
from collections import defaultdict
from datetime import UTC

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select, text

from ..store.models import Trace

log = logging.getLogger("llmgateway.metrics")
# milliseconds; the upper bounds Prometheus sees are these / 1000 (seconds, its convention)
BUCKETS_MS = (1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000)
BUCKETS_S = [b / 1000 for b in BUCKETS_MS]


class _Histogram:
    __slots__ = ("counts", "total", "n")

    def __init__(self):
        self.counts = [0] * (len(BUCKETS_MS) + 1)
        self.total = 0.0
        self.n = 0

    def observe(self, ms: float) -> None:
        self.counts[bisect.bisect_left(BUCKETS_MS, ms)] += 1
        self.total += ms
        self.n += 1

    def family_buckets(self) -> list[tuple[str, float]]:
        out, running = [], 0
        for bound, count in zip(BUCKETS_S, self.counts):
            running += count
            out.append((repr(bound), running))
        out.append(("+Inf", running + self.counts[-1]))
        return out


class CallMetrics(Collector):
    def __init__(self, components) -> None:
        self.components = components
        self._lock = threading.Lock()
        self.requests: dict[tuple, int] = defaultdict(int)  # (route, status, http code)
        self.latency: dict[str, _Histogram] = defaultdict(_Histogram)  # route → whole call
        self.stages: dict[tuple, _Histogram] = defaultdict(_Histogram)  # (route, stage)
        self.tokens: dict[tuple, int] = defaultdict(int)  # (route, key, prompt|completion)
        self.guardrails: dict[tuple, int] = defaultdict(int)  # (policy, rule, action, stage)

    # -- writer thread ----------------------------------------------------------------------
    def observe_batch(self, batch: list[dict]) -> None:
        with self._lock:
            for r in batch:
                route = r.get("route") or ""
                self.requests[(route, r.get("status") or "", str(r.get("status_code") or ""))] += 1
                if r.get("latency_ms") is not None:
                    self.latency[route].observe(r["latency_ms"])
                for stage, ms in (r.get("stage_ms") or {}).items():
                    self.stages[(route, stage)].observe(ms or 0.0)
                key = r.get("key_name") or ""
                if r.get("prompt_tokens"):
                    self.tokens[(route, key, "prompt")] += r["prompt_tokens"]
                if r.get("completion_tokens"):
                    self.tokens[(route, key, "completion")] += r["completion_tokens"]
                for v in r.get("guardrails") or ():
                    if isinstance(v, dict):
                        self.guardrails[
                            (v.get("policy") or "", v.get("rule_id") or "", v.get("action") or "", v.get("stage") or "")
                        ] += 1

    # -- scrape -----------------------------------------------------------------------------
    def collect(self):
        with self._lock:
            requests, tokens, rails = dict(self.requests), dict(self.tokens), dict(self.guardrails)
            latency = {k: (h.family_buckets(), h.total / 1000) for k, h in self.latency.items()}
            stages = {k: (h.family_buckets(), h.total / 1000) for k, h in self.stages.items()}
        family = CounterMetricFamily(
            "llmgateway_requests", "Calls by route, status and HTTP code", labels=["route", "status", "code"]
        )
        for labels, n in requests.items():
            family.add_metric(list(labels), n)
        yield family
        family = HistogramMetricFamily("llmgateway_request_duration_seconds", "Whole-call latency", labels=["route"])
        for route, (buckets, total) in latency.items():
            family.add_metric([route], buckets, total)
        yield family
        family = HistogramMetricFamily(
            "llmgateway_stage_duration_seconds", "Latency of each stage pass", labels=["route", "stage"]
        )
        for labels, (buckets, total) in stages.items():
            family.add_metric(list(labels), buckets, total)
        yield family
        family = CounterMetricFamily(
            "llmgateway_tokens", "Tokens by route, key and kind", labels=["route", "key", "kind"]
        )
        for labels, n in tokens.items():
            family.add_metric(list(labels), n)
        yield family
        family = CounterMetricFamily(
            "llmgateway_guardrail_actions", "Guardrail verdicts by rule", labels=["policy", "rule", "action", "stage"]
        )
        for labels, n in rails.items():
            family.add_metric(list(labels), n)
        yield family
        yield from self._upstream()
        yield from self._writer()
        yield from self._store_state()

    def _upstream(self):
        family = CounterMetricFamily(
            "llmgateway_upstream_errors",
            "Failed upstream attempts by deployment and error",
            labels=["deployment", "code"],
        )
        upstream = self.components.upstream
        for (label, code), n in dict(getattr(upstream, "errors", {}) or {}).items():
            family.add_metric([label, code or ""], n)
        yield family

    def _writer(self):
        writer = self.components.writer
        if writer is None:
            return
        yield GaugeMetricFamily(
            "llmgateway_trace_queue_depth", "Trace records waiting for the writer", value=writer.pending
        )
        yield CounterMetricFamily(
            "llmgateway_trace_written", "Trace records written by the writer", value=writer.written
        )
        yield CounterMetricFamily(
            "llmgateway_trace_spilled", "Trace records sent to the spill file", value=writer.spilled
        )
        spill = writer.spill_path
        yield GaugeMetricFamily(
            "llmgateway_trace_spill_bytes",
            "Size of the spill file waiting for replay",
            value=spill.stat().st_size if spill.exists() else 0,
        )
        yield GaugeMetricFamily(
            "llmgateway_store_up", "1 when the evaluation store accepts writes", value=1 if writer.db_ok else 0
        )

    def _store_state(self):
        """Scorer lag and drift state, read from the store at scrape time (a failure is logged and
        leaves those series out rather than failing the scrape)."""
        store = self.components.store
        try:
            with store.session() as session:
                pending, oldest = session.execute(
                    select(func.count(Trace.id), func.min(Trace.created_at)).where(Trace.score_state == "pending")
                ).one()
                alerts = session.execute(text("SELECT route, metric, state, value FROM scoring_alert_state")).all()
        except Exception as exc:  # noqa: BLE001 - scrape must answer while the store is down
            log.warning("metrics: could not read scorer state (%s)", exc.__class__.__name__)
            return
        yield GaugeMetricFamily("llmgateway_scorer_pending", "Traces waiting to be scored", value=pending)
        age = 0.0
        if oldest is not None:
            oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=UTC)
            age = max(0.0, time.time() - oldest.timestamp())
        yield GaugeMetricFamily("llmgateway_scorer_lag_seconds", "Age of the oldest unscored trace", value=age)
        state = GaugeMetricFamily(
            "llmgateway_drift_alert", "1 while a route's metric is in alert", labels=["route", "metric"]
        )
        value = GaugeMetricFamily(
            "llmgateway_drift_value", "The last value of a route's drift/quality metric", labels=["route", "metric"]
        )
        for route, metric, st, val in alerts:
            state.add_metric([route, metric], 1 if st == "alert" else 0)
            if val is not None:
                value.add_metric([route, metric], float(val))
        yield state
        yield value
