"""``eval add SET --trace ID``: turn a real call into a case, so the set grows from production.

The trace is read as a reader without research entitlements sees it (``read_trace``): the question
is the stored request, which the input rails already redacted — masked PII stays masked. The case
gets the question (or the whole conversation), the documents retrieved as its expected sources, the
guardrail outcome the call had (or ``--expect``), and the answer as its reference only when the
answer was approved (a reviewer approved the held answer, or ``--reference`` says so).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from sqlalchemy import select

from ..errors import ConfigError, NotFound
from ..store.models import Review, Trace
from .metrics import main_outcome, observed_outcomes
from .schema import OUTCOMES, load_eval_set


def read_trace(store, trace_id: str, reader: str | None = None) -> dict:
    """The trace as ``GET /api/traces/{id}`` returns it to the key named ``reader`` (no key: a
    reader holding no research entitlements): restricted research comes back masked."""
    from ..api.traces import trace_dict
    from ..tracing.visibility import mask_restricted

    entitlements: list[str] = []
    if reader:
        from ..store.keys import list_keys

        keys = {k.name: k for k in list_keys(store)}
        if reader not in keys:
            raise ConfigError(f"--as-key: no key named '{reader}'")
        entitlements = list(keys[reader].entitlements or [])
    with store.session() as session:
        row = session.execute(select(Trace).where(Trace.trace_id == trace_id)).scalar_one_or_none()
        if row is None:
            raise NotFound(f"no trace with id '{trace_id}'", param="trace_id")
        return mask_restricted(trace_dict(row), entitlements, reader=reader)


def _approved(store, trace_id: str) -> bool:
    with store.session() as session:
        review = session.execute(select(Review).where(Review.trace_id == trace_id)).scalars().first()
        return bool(review and review.status == "approved")


def case_from_trace(
    trace: dict, *, expect: str | None, case_id: str | None, keep_reference: bool, approved: bool
) -> dict:
    messages = [
        {"role": m.get("role"), "content": m.get("content")}
        for m in trace.get("request_messages") or []
        if m.get("role") in ("system", "developer", "user", "assistant") and isinstance(m.get("content"), str)
    ]
    if not any(m["role"] == "user" for m in messages):
        raise ConfigError(f"trace {trace['trace_id']} has no user message to turn into a case")
    if expect is not None and expect not in OUTCOMES:
        raise ConfigError(f"--expect '{expect}' is not an outcome; allowed: {', '.join(OUTCOMES)}")
    case: dict = {"id": case_id or f"trace-{trace['trace_id'][:12]}"}
    if len(messages) == 1:
        case["question"] = messages[0]["content"]
    else:
        case["messages"] = messages
    sources = list(dict.fromkeys(s.get("doc_id") for s in trace.get("retrieval") or [] if s.get("doc_id")))
    if sources:
        case["expected_sources"] = sources
    case["expect"] = expect or main_outcome(observed_outcomes(trace.get("status"), trace.get("guardrails")))
    answer = None if trace.get("masked") else trace.get("response_text")
    if answer and (approved or (keep_reference and trace.get("status") == "ok")):
        case["reference"] = answer
    case["tags"] = ["from-trace"]
    return case


def add_case_from_trace(
    store, settings, path: Path, trace_id: str, *, expect=None, case_id=None, keep_reference=False, reader=None
) -> dict:
    loaded = load_eval_set(path)  # the file must be valid before we touch it
    trace = read_trace(store, trace_id, reader)
    case = case_from_trace(
        trace, expect=expect, case_id=case_id, keep_reference=keep_reference, approved=_approved(store, trace_id)
    )
    if any(c.id == case["id"] for c in loaded.cases):
        raise ConfigError(f"case id '{case['id']}' is already in the set; pass --id", file=str(path))
    text = path.read_text(encoding="utf-8")
    if not re.search(r"^cases:\s*$", text, re.M) or re.search(r"^cases:(?:.|\n)*\n[A-Za-z_]+:", text):
        raise ConfigError("'cases:' must be the last top-level key to append to it", file=str(path))
    block = yaml.safe_dump([case], sort_keys=False, allow_unicode=True, width=100)
    addition = "".join(f"  {line}\n" if line else "\n" for line in block.splitlines())
    new_text = text if text.endswith("\n") else text + "\n"
    path.write_text(new_text + addition, encoding="utf-8")
    try:
        load_eval_set(path)
    except ConfigError:
        path.write_text(text, encoding="utf-8")
        raise
    return case
