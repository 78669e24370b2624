"""One owner per trace column: ``Executor.record`` writes every request-time column of ``traces``,
the writer refuses a key that is no column, and a stage cannot invent a field on the call."""

from __future__ import annotations

import pytest

from llmgateway.call_record import response_fields
from llmgateway.components import Components
from llmgateway.config import load_settings
from llmgateway.errors import PolicyViolation
from llmgateway.executor import Executor
from llmgateway.outcome import GuardrailsOutcome, PromptRef, RetrievalOutcome, ReviewTicket, Source
from llmgateway.pipeline import CallContext, CallerKey
from llmgateway.store.models import TRACE_COLUMNS
from llmgateway.store.writer import TraceWriter, UnknownTraceColumn
from llmgateway.upstream import Completion

SCORER_COLUMNS = {"scores", "scored_at"}  # written later by the scorer (scoring/worker.py), not per call


class KeptWriter(TraceWriter):
    """The real writer's ``submit`` (and its column check); records are kept instead of stored."""

    def __init__(self, tmp_path):
        super().__init__(None, tmp_path / "spill.jsonl")
        self.records: list[dict] = []

    def _write_or_spill(self, batch: list[dict]) -> None:
        self.records.extend(batch)


def full_call() -> CallContext:
    settings = load_settings(
        text="models: [{model_name: stub, litellm_params: {model: openai/stub}}]\n"
        "routes: [{name: advisor, model: stub}]\n",
        environ={},
    )
    ctx = CallContext(
        trace_id="a" * 32,
        route=settings.routes[0],
        key=CallerKey(name="app"),
        messages=[{"role": "user", "content": "Rating on Northwind?"}],
        params={"temperature": 0.2},
        user="advisor-1",
        metadata={"conversation_id": "c1"},
        upstream_model="stub",
        upstream_messages=[{"role": "system", "content": "…"}, {"role": "user", "content": "Rating on Northwind?"}],
        parent_trace_id="b" * 32,
        experiment_id="e" * 12,
    )
    ctx.prompt = PromptRef(
        name="advisor_qa",
        version="v1",
        hash="h1",
        role="champion",
        label="production",
        ref="advisor_qa",
        source="route",
    )
    ctx.guardrails = GuardrailsOutcome(
        policy_hash="p1",
        verdicts=[{"policy": "finra", "rule_id": "r1", "stage": "output", "action": "review", "span": "x"}],
        outcome="review",
        review=ReviewTicket(id=7, rule_ids=["finra/r1"]),
    )
    ctx.retrieval = RetrievalOutcome(
        collection="research",
        sources=[
            Source(
                index=1,
                doc_id="nvtr-2026q3",
                text="Buy, target $58.",
                score=0.81,
                metadata={"chunk_id": "c1"},
                entitlement="equity-restricted",
            )
        ],
    )
    ctx.completion = Completion(
        text="Buy.", finish_reason="stop", prompt_tokens=12, completion_tokens=3, response_model="stub-1"
    )
    ctx.stage_ms["upstream"] = 1.5
    return ctx


def recorded(tmp_path, ctx: CallContext, **outcome) -> dict:
    writer = KeptWriter(tmp_path)
    settings = load_settings(text="{}", environ={})
    Executor(Components(settings, writer=writer), {}).record(ctx, **outcome)
    (record,) = writer.records
    return record


def test_record_writes_every_request_time_column_and_nothing_else(tmp_path):
    record = recorded(tmp_path, full_call(), status_code=200, text="Held for review.", finish_reason="content_filter")
    assert set(record) == TRACE_COLUMNS - SCORER_COLUMNS
    empty = sorted(k for k, v in record.items() if v is None)
    assert empty == ["error", "score_state"], "a filled call left these columns empty"
    assert record["status"] == "review" and record["policy_hash"] == "p1" and record["prompt_hash"] == "h1"
    assert record["retrieval"][0]["doc_id"] == "nvtr-2026q3" and record["retrieval"][0]["chunk_id"] == "c1"
    assert record["restricted_groups"] == ["equity-restricted"] == [record["retrieval"][0]["entitlement"]]
    assert record["response_model"] == "stub-1" and record["prompt_tokens"] == 12


def test_error_outcome_is_recorded_with_its_status(tmp_path):
    error = PolicyViolation("blocked by rule finra/r1", param="messages")
    record = recorded(tmp_path, full_call(), status_code=400, text=None, finish_reason=None, error=error)
    assert (record["status"], record["status_code"], record["error"]) == ("blocked", 400, error.message)
    assert record["score_state"] is None


def test_response_fields_come_from_the_outcome_slots():
    fields = response_fields(full_call())
    assert list(fields) == ["guardrails", "citations", "review"]
    assert fields["review"] == {"id": 7, "status": "pending", "rule_ids": ["finra/r1"]}
    assert fields["citations"][0]["doc_id"] == "nvtr-2026q3"


def test_writer_refuses_a_key_that_is_no_column(tmp_path):
    writer = KeptWriter(tmp_path)
    with pytest.raises(UnknownTraceColumn, match="guardrails_outcome"):
        writer.submit({"trace_id": "c" * 32, "route": "chat", "guardrails_outcome": "blocked"})
    assert writer.records == []


def test_a_stage_cannot_set_a_field_the_call_does_not_have():
    ctx = full_call()
    with pytest.raises(AttributeError):
        ctx.guardrails_outcome = "blocked"  # type: ignore[attr-defined]
