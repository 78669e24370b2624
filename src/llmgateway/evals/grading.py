"""Grade one case from its trace row: outcome, retrieval, latency, tokens; then factuality (the
project's scorer, in one batch) and the ragas judge. Every metric is a value or missing-with-reason."""

from __future__ import annotations

from .metrics import (
    RAGAS_METRICS,
    main_outcome,
    observed_outcomes,
    outcome_correct,
    retrieval_ranks,
)
from .schema import EvalCase


def grade_call(position: int, case: EvalCase, trace: dict | None, call_error: str | None) -> dict:
    """The result row (without factuality and ragas) for ``case`` given its trace."""
    metrics: dict[str, float | None] = {}
    missing: dict[str, str] = {}
    result = {
        "case_id": case.id,
        "position": position,
        "trace_id": trace.get("trace_id") if trace else None,
        "question": case.text,
        "expected_outcome": case.expect,
        "tags": case.tags or None,
        "error": call_error,
    }
    if trace is None:
        reason = f"no trace for the call ({call_error or 'not found'})"
        for name in ("guardrail_accuracy", "hit_rate", "mrr", "latency_ms", "total_tokens"):
            metrics[name] = None
            missing[name] = reason
        metrics["error_rate"] = 1.0
        return {
            **result,
            "answer": None,
            "status": "error",
            "outcome": None,
            "retrieved": None,
            "metrics": metrics,
            "missing": missing,
        }
    status = trace.get("status")
    found = observed_outcomes(status, trace.get("guardrails"))
    retrieved = list(dict.fromkeys(s.get("doc_id") for s in trace.get("retrieval") or [] if s.get("doc_id")))
    metrics["error_rate"] = 1.0 if status == "error" else 0.0
    if status == "error":
        metrics["guardrail_accuracy"] = None
        missing["guardrail_accuracy"] = f"the call failed: {trace.get('error') or call_error}"
    else:
        metrics["guardrail_accuracy"] = 1.0 if outcome_correct(case.expect, found) else 0.0
    why: str | None
    if status == "blocked" and not retrieved:
        hit, rr, why = None, None, "the question was blocked before retrieval"
    else:
        hit, rr, why = retrieval_ranks(case.expected_sources, retrieved)
    metrics["hit_rate"], metrics["mrr"] = hit, rr
    if why:
        missing["hit_rate"] = missing["mrr"] = why
    metrics["latency_ms"] = trace.get("latency_ms")
    tokens = [trace.get("prompt_tokens"), trace.get("completion_tokens")]
    metrics["total_tokens"] = float(sum(t for t in tokens if t)) if any(t is not None for t in tokens) else None
    if metrics["total_tokens"] is None:
        missing["total_tokens"] = (
            "no upstream call (blocked before the model)" if status == "blocked" else "not reported"
        )
    return {
        **result,
        "answer": trace.get("response_text"),
        "status": status,
        "outcome": main_outcome(found),
        "retrieved": retrieved,
        "metrics": metrics,
        "missing": missing,
    }


def contexts_of(trace: dict | None, given: list[str] | None = None) -> list[str]:
    """The passages to grade against: those the model was given (``given``, in process), else the
    trace's retrieval entries (text, or the stored snippet)."""
    if given is not None:
        return given
    return [s.get("text") or s.get("snippet") or "" for s in (trace or {}).get("retrieval") or []]


def answered(trace: dict | None) -> bool:
    return bool(trace and trace.get("status") == "ok" and trace.get("response_text"))


def add_factuality(results: list[dict], traces: list[dict | None], contexts: list[list[str] | None], scorer) -> None:
    """The project's factuality scorer (scoring.factuality), one batch for every answered case."""
    todo = [i for i, t in enumerate(traces) if answered(t)]
    items = [
        (contexts_of(traces[i], contexts[i]), (traces[i] or {})["response_text"], results[i]["question"]) for i in todo
    ]
    verdicts = scorer.score_many(items) if todo else []
    by_index = dict(zip(todo, verdicts))
    for i, result in enumerate(results):
        verdict = by_index.get(i)
        if verdict is None:
            result["metrics"]["factuality"] = None
            result["missing"]["factuality"] = f"no answer to check (status {result['status']})"
        elif verdict.score is None:
            result["metrics"]["factuality"] = None
            result["missing"]["factuality"] = verdict.reason or "the scorer gave no score"
        else:
            result["metrics"]["factuality"] = round(float(verdict.score), 4)


async def add_ragas(
    results: list[dict], traces: list[dict | None], contexts: list[list[str] | None], cases: list[EvalCase], judge
) -> None:
    """ragas metrics through the configured judge, or missing with the reason the judge is off."""
    for result, trace, given, case in zip(results, traces, contexts, cases):
        if judge is None or isinstance(judge, str):
            reason = judge if isinstance(judge, str) else "judge off"
            values = {m: None for m in RAGAS_METRICS}
            missing = {m: reason for m in RAGAS_METRICS}
        else:
            answer = (trace or {}).get("response_text") if answered(trace) else None
            values, missing = await judge.score(case.text, answer, contexts_of(trace, given), case.reference)
        result["metrics"].update(values)
        result["missing"].update(missing)
