"""What one call leaves behind: its ``Trace`` row and the gateway's additions to the response.

``trace_row`` is the one mapping from the call's outcome slots (outcome.py) to the columns of
``store.models.Trace``; ``Executor.record`` is its only caller. Every request-time column is
written here and only here; the scorer owns ``scores`` and ``scored_at``. Adding a column is one
change in four places: the ``Trace`` model, an Alembic migration, the outcome slot that knows the
value, and one line below (docs/architecture.md).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from .errors import GatewayError
from .outcome import RetrievalOutcome
from .pipeline import CallContext


def trace_row(
    ctx: CallContext, *, status_code: int, text: str | None, finish_reason: str | None, error: GatewayError | None
) -> dict[str, Any]:
    """The ``Trace`` row of a finished call: ``text`` is the answer the caller got (None on an
    error), ``finish_reason`` the one it was told."""
    rails, prompt, completion = ctx.guardrails, ctx.prompt, ctx.completion
    if error is not None:
        status = "blocked" if error.code == "content_filter" else "error"
    elif finish_reason == "content_filter":
        status = "review" if rails is not None and rails.outcome == "review" else "filtered"
    else:
        status = "ok"
    return {
        "trace_id": ctx.trace_id,
        "created_at": datetime.fromtimestamp(ctx.request_time, UTC),
        "route": ctx.route.name,
        "key_name": ctx.key.name,
        "user": ctx.user,
        "model": ctx.upstream_model,
        "response_model": completion.response_model if completion else None,
        "stream": ctx.stream,
        "request_messages": ctx.messages,
        "upstream_messages": ctx.upstream_messages,
        "request_params": ctx.params,
        "response_text": text,
        "finish_reason": finish_reason,
        "status": status,
        "status_code": status_code,
        "error": error.operator_text if error else None,
        "prompt_tokens": completion.prompt_tokens if completion else None,
        "completion_tokens": completion.completion_tokens if completion else None,
        "latency_ms": round((time.perf_counter() - ctx.started) * 1000, 3),
        "stage_ms": ctx.stage_ms,
        "prompt_name": prompt.name if prompt else None,
        "prompt_version": prompt.version if prompt else None,
        "prompt_hash": prompt.hash if prompt else None,
        "prompt_role": prompt.role if prompt else None,
        "parent_trace_id": ctx.parent_trace_id,
        "guardrails": (rails.verdicts or None) if rails else None,
        "policy_hash": rails.policy_hash if rails else None,
        "retrieval": _retrieval_entries(ctx.retrieval) if ctx.retrieval is not None else None,
        "restricted_groups": (ctx.retrieval.restricted_groups() or None) if ctx.retrieval is not None else None,
        # an eval run scores its own calls; the production scorer (and its alerts) leaves them alone
        "score_state": "pending" if status == "ok" and text and ctx.experiment_id is None else None,
        "extra": _extra(ctx),
        "experiment_id": ctx.experiment_id,
    }


def response_fields(ctx: CallContext) -> dict[str, Any]:
    """The gateway's top-level additions to a completion (and to a stream's last chunk)."""
    fields: dict[str, Any] = {}
    if ctx.guardrails is not None:
        fields["guardrails"] = [caller_verdict(v) for v in ctx.guardrails.verdicts]
    if ctx.retrieval is not None:
        fields["citations"] = ctx.retrieval.citations()
    if ctx.guardrails is not None and ctx.guardrails.review is not None:
        fields["review"] = ctx.guardrails.review.as_response()
    return fields


# What a caller learns of a verdict: which rule, where and what it did — never the matched text.
# A withheld answer's span is the very text withheld; spans stay in the trace for reviewers.
CALLER_VERDICT_KEYS = ("policy", "rule_id", "stage", "action", "severity", "citation", "message_index")


def caller_verdict(verdict: dict[str, Any]) -> dict[str, Any]:
    return {k: verdict[k] for k in CALLER_VERDICT_KEYS if k in verdict}


def _extra(ctx: CallContext) -> dict[str, Any] | None:
    extra: dict[str, Any] = {}
    if ctx.metadata:
        extra["metadata"] = ctx.metadata
    if ctx.retrieval is not None and ctx.retrieval.error:  # answered without research (on_error: continue)
        extra["retrieval_error"] = ctx.retrieval.error
    return extra or None


def _retrieval_entries(retrieval: RetrievalOutcome) -> list[dict[str, Any]]:
    return [
        {
            "index": s.index,
            "doc_id": s.doc_id,
            "chunk_id": s.metadata.get("chunk_id"),
            "title": s.title,
            "page": s.page,
            "published": s.metadata.get("published"),
            "score": round(s.score or 0.0, 4),
            "snippet": s.text[: retrieval.snippet_chars],
            "entitlement": s.entitlement,
        }
        for s in retrieval.sources
    ]


# Refused before the call began (no route resolved, no stage ran): the body is kept for audit,
# except where the caller is unknown (401) or the body is the problem (413).
BODILESS_REFUSALS = frozenset({401, 413})


def refusal_row(
    trace_id: str,
    *,
    path: str,
    error: GatewayError,
    key_name: str | None,
    body: dict | None,
    request_time: float,
    started: float,
) -> dict[str, Any]:
    """The ``Trace`` row of a request the gateway refused (or failed) before it became a call:
    status ``refused`` (4xx) or ``error`` (5xx), the route the caller asked for, and the error."""
    keep_body = body is not None and error.status not in BODILESS_REFUSALS
    kept: dict = body if keep_body and body is not None else {}
    requested, messages, user = kept.get("model"), kept.get("messages"), kept.get("user")
    return {
        "trace_id": trace_id,
        "created_at": datetime.fromtimestamp(request_time, UTC),
        "route": requested if isinstance(requested, str) and requested else f"({path})",
        "key_name": key_name,
        "user": user if isinstance(user, str) else None,
        "stream": kept.get("stream") is True,
        "request_messages": messages if isinstance(messages, list) else None,
        "status": "error" if error.status >= 500 else "refused",
        "status_code": error.status,
        "error": error.operator_text,
        "latency_ms": round((time.perf_counter() - started) * 1000, 3),
        "extra": {"path": path, "code": error.code, "body_kept": keep_body},
    }
