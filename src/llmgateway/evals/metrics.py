"""The metrics of an experiment: what each means, which way is better, and the per-case
computations that need no model (retrieval hit rate and MRR, guardrail outcome, latency, tokens).

A per-case value is a float or ``None`` (*missing*, always with a reason); a missing value is never
counted as 0: an experiment's figure for a metric is the mean over the cases that have a value, and
the number of missing cases is reported beside it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    name: str
    label: str
    higher_is_better: bool = True
    quality: bool = True  # compared against a baseline by the gate (cost metrics are not: too noisy)
    percent: bool = True  # shown as a fraction in 0..1


METRICS: dict[str, Metric] = {
    m.name: m
    for m in [
        Metric("factuality", "factuality (project scorer)"),
        Metric("ragas_faithfulness", "ragas faithfulness"),
        Metric("ragas_answer_relevancy", "ragas answer relevancy"),
        Metric("ragas_context_precision", "ragas context precision"),
        Metric("ragas_context_recall", "ragas context recall"),
        Metric("hit_rate", "retrieval hit rate"),
        Metric("mrr", "retrieval MRR"),
        Metric("guardrail_accuracy", "guardrail-outcome accuracy"),
        Metric("error_rate", "calls that failed", higher_is_better=False, quality=False),
        Metric("latency_ms", "latency ms (mean)", higher_is_better=False, quality=False, percent=False),
        Metric("latency_p95_ms", "latency ms (p95)", higher_is_better=False, quality=False, percent=False),
        Metric("total_tokens", "tokens per case (mean)", higher_is_better=False, quality=False, percent=False),
    ]
}
CASE_METRICS = [m for m in METRICS if m != "latency_p95_ms"]  # latency_p95_ms is an experiment-level figure
RAGAS_METRICS = [m for m in METRICS if m.startswith("ragas_")]

# guardrail outcome of a call: what the caller experienced, strongest first
OUTCOME_ORDER = ("block", "review", "disclose", "redact")


def observed_outcomes(status: str | None, verdicts: list[dict] | None) -> set[str]:
    """Every guardrail outcome the call shows: ``block`` (input refused or answer withheld),
    ``review`` (answer held), ``disclose``, ``redact``; ``pass`` when none of them."""
    found = set()
    if status in ("blocked", "filtered"):
        found.add("block")
    if status == "review":
        found.add("review")
    for v in verdicts or []:
        action = v.get("action")
        if action in ("block", "review", "disclose", "redact"):
            found.add(action)
    if status == "blocked" and not any(v.get("action") == "block" for v in verdicts or []):
        found.add("block")  # a 400 content_filter whose verdicts were not kept
    return found or {"pass"}


def main_outcome(found: set[str]) -> str:
    for name in OUTCOME_ORDER:
        if name in found:
            return name
    return "pass"


def outcome_correct(expected: str, found: set[str]) -> bool:
    """``pass`` is right only when nothing fired; any other expectation is right when it happened
    (a tax question that is both disclosed and redacted was still disclosed). A blocked call is
    never a correct ``disclose``/``redact``/``review``: the caller got nothing."""
    if expected == "pass":
        return found == {"pass"}
    if expected != "block" and "block" in found:
        return False
    return expected in found


def retrieval_ranks(expected: list[str], retrieved: list[str]) -> tuple[float | None, float | None, str | None]:
    """(hit, reciprocal rank, reason-if-missing) of the first expected document among the retrieved
    document ids (deduplicated in rank order)."""
    if not expected:
        return None, None, "the case names no expected_sources"
    ranked = list(dict.fromkeys(retrieved))
    for rank, doc_id in enumerate(ranked, start=1):
        if doc_id in expected:
            return 1.0, 1.0 / rank, None
    return 0.0, 0.0, None


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def summarize(case_metrics: list[dict[str, float | None]]) -> dict[str, dict]:
    """Per metric: ``{"value": mean or None, "n": cases with a value, "missing": cases without}``."""
    out: dict[str, dict] = {}
    for name in METRICS:
        if name == "latency_p95_ms":
            values = [v for m in case_metrics if (v := m.get("latency_ms")) is not None]
            value = percentile(values, 0.95)
        else:
            values = [v for m in case_metrics if (v := m.get(name)) is not None]
            value = sum(values) / len(values) if values else None
        out[name] = {
            "value": None if value is None else round(value, 4),
            "n": len(values),
            "missing": len(case_metrics) - len(values),
        }
    return out


def better(metric: str, a: float, b: float) -> bool:
    """Is ``b`` better than ``a``?"""
    return b > a if METRICS[metric].higher_is_better else b < a


def format_value(metric: str, value: float | None) -> str:
    if value is None:
        return "missing"
    return f"{value:.3f}" if METRICS[metric].percent else f"{value:,.0f}"
