"""GuardrailsStage: input rails in ``prepare``, output rails in ``check_output`` / ``filter_stream``.

What the caller sees follows Azure OpenAI's content-filter conventions:

* blocked input → ``PolicyViolation`` (HTTP 400, code ``content_filter``) naming the rule ids;
* PII in the input is redacted in ``ctx.messages`` before anything goes upstream;
* blocked output → ``finish_reason = "content_filter"`` and a short withheld-answer message (never
  the blocked text); ``review`` → a holding message, same finish reason, and a row in ``reviews``;
* ``redact`` rewrites in place, ``disclose`` appends the rule's disclosure once, ``log`` records.

Input verdicts of action ``review`` or ``disclose`` carry over to the answer: a question that needs
a suitability review holds whatever answer comes back; a tax question gets the tax disclosure.
Everything decided goes to the call's ``ctx.guardrails`` (a ``GuardrailsOutcome``): every verdict
(policy, rule_id, stage, action, span), the policy set's hash, the outcome (``blocked`` | ``review``)
and the review ticket. The executor shows them in the completion (``guardrails``, ``review``) and
the trace row (``guardrails``, ``policy_hash``, ``status``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import InvalidRequest, PolicyViolation
from ..outcome import GuardrailsOutcome, ReviewTicket, Verdict
from ..pipeline import BaseStage, CallContext
from ..tracing.visibility import WITHHELD
from .rules import Hit, apply_redactions
from .streaming import filter_stream

if TYPE_CHECKING:  # pragma: no cover
    from ..config import RouteConfig
    from .loader import PolicySet
    from .runtime import GuardrailsRuntime

log = logging.getLogger("llmgateway.guardrails")


def rule_ids(verdicts: list[Verdict]) -> list[str]:
    return sorted({f"{v['policy']}/{v['rule_id']}" for v in verdicts})


@dataclass
class GuardrailsState:
    """What the rails carry between their own passes of one call (``ctx.stage_state``)."""

    pset: PolicySet  # the policy set that judges the whole call, even if a reload lands mid-call
    review: list[Verdict] = field(default_factory=list)  # input verdicts that hold any answer
    disclose: dict[str, str] = field(default_factory=dict)  # rule id → disclosure owed
    pending_disclose: list[Hit] = field(default_factory=list)  # seen mid-stream, settled at the end


class GuardrailsStage(BaseStage):
    name = "guardrails"

    def __init__(self, route: RouteConfig, runtime: GuardrailsRuntime):
        self.route = route
        self.runtime = runtime

    # -- bookkeeping ---------------------------------------------------------------------
    def state(self, ctx: CallContext) -> GuardrailsState:
        """This call's rail state; the first pass pins the policy set and opens ``ctx.guardrails``."""
        state = ctx.stage_state.get(self.name)
        if state is None:
            state = ctx.stage_state[self.name] = GuardrailsState(pset=self.runtime.current)
            ctx.guardrails = GuardrailsOutcome(policy_hash=state.pset.hash)
        return state

    def outcome(self, ctx: CallContext) -> GuardrailsOutcome:
        self.state(ctx)
        assert ctx.guardrails is not None  # opened by state()
        return ctx.guardrails

    def holds_whole_answer(self, ctx: CallContext) -> bool:
        """The question was flagged for review: whatever the answer, it is held."""
        return bool(self.state(ctx).review)

    def _record(self, ctx: CallContext, verdicts: list[Verdict], stage: str) -> None:
        outcome = self.outcome(ctx)
        outcome.verdicts.extend(verdicts)
        notable = [v for v in verdicts if v["action"] != "log"]
        if notable and self.runtime.settings.audit_decisions and self.runtime.components.store is not None:
            audited = [{k: v[k] for k in ("policy", "rule_id", "action", "severity", "span")} for v in notable]
            # The audit log is append-only and unmasked: an answer built from restricted research must not
            # be quoted into it. The span stays in the trace, where only entitled readers see it.
            groups = ctx.retrieval.restricted_groups() if stage == "output" and ctx.retrieval is not None else []
            payload: dict[str, object] = {
                "trace_id": ctx.trace_id,
                "route": self.route.name,
                "stage": stage,
                "policy_hash": outcome.policy_hash,
                "classifier_hash": self.state(ctx).pset.classifier_hash,
                "verdicts": [v | {"span": WITHHELD} for v in audited] if groups else audited,
            }
            if groups:
                payload["restricted_groups"] = groups
            self._background(ctx, asyncio.to_thread(self.runtime.audit, "guardrail.decision", payload, ctx.key.name))

    def _background(self, ctx: CallContext, coro) -> None:
        try:
            self.runtime.components.spawn(coro)
        except RuntimeError:  # no running loop (synchronous callers): run it inline
            coro.close()

    def guard(self, ctx: CallContext, stage: str):
        return self.runtime.guard(
            self.route.policies, stage, ctx.upstream_model or self.route.model, pset=self.state(ctx).pset
        )

    async def aguard(self, ctx: CallContext, stage: str):
        """``guard`` on the request path: one not built yet is built in a thread (runtime.aguard)."""
        return await self.runtime.aguard(
            self.route.policies, stage, ctx.upstream_model or self.route.model, pset=self.state(ctx).pset
        )

    # -- input ---------------------------------------------------------------------------
    async def prepare(self, ctx: CallContext) -> None:
        self._check_scan_budget(ctx)
        state = self.state(ctx)
        guard = await self.aguard(ctx, "input")
        verdicts: list[dict] = []
        for index, message in enumerate(ctx.messages):
            role = message.get("role")
            for part_key, text in _text_parts(message):
                hits = [h for h in await guard.check(text) if not h.cleared_by(text)]
                if role == "assistant":  # earlier answers: only redact, they were checked when given
                    hits = [h for h in hits if h.rule.action == "redact"]
                if not hits:
                    continue
                if any(h.rule.action == "redact" for h in hits):
                    _set_text(message, part_key, apply_redactions(text, hits))
                verdicts.extend({**h.verdict("input"), "message_index": index} for h in hits)
        self._record(ctx, verdicts, "input")
        blocked = [v for v in verdicts if v["action"] == "block"]
        if blocked:
            raise PolicyViolation(
                f"The request was blocked by compliance policy; rules: {', '.join(rule_ids(blocked))}.",
                param="messages",
            )
        state.review.extend(v for v in verdicts if v["action"] == "review")
        for v in verdicts:
            if v["action"] == "disclose":
                state.disclose.setdefault(v["rule_id"], self._disclosure(state, v))

    def _check_scan_budget(self, ctx: CallContext) -> None:
        limit = self.runtime.settings.max_scan_chars
        total = sum(len(text) for message in ctx.messages for _, text in _text_parts(message))
        if total > limit:
            raise InvalidRequest(
                f"the messages hold {total:,} characters of text; route '{self.route.name}' enforces compliance "
                f"policies, which scan at most {limit:,} (guardrails.max_scan_chars): shorten the conversation",
                param="messages",
                code="input_too_long",
            )

    def _disclosure(self, state: GuardrailsState, verdict: Verdict) -> str:
        for rule in state.pset.policies[verdict["policy"]].rules:
            if rule.id == verdict["rule_id"]:
                return (rule.disclosure or "").strip()
        return ""

    # -- output --------------------------------------------------------------------------
    async def check_output(self, ctx: CallContext, text: str) -> str:
        hits = await (await self.aguard(ctx, "output")).check(text)
        return await self.resolve(ctx, text, hits, final=True)

    async def resolve(
        self, ctx: CallContext, text: str, hits: list[Hit], *, final: bool, context: str = "", answer: str | None = None
    ) -> str:
        """Turn the hits on ``text`` into what the caller gets. For a stream chunk (``final=False``)
        ``context`` is the already-released text before it; disclosures are only collected there and
        appended once by ``disclosures`` at the end; ``answer`` is the whole answer for a review row."""
        state = self.state(ctx)
        seen = context + text
        hits = [h for h in hits if h.rule.action == "disclose" or not h.cleared_by(seen)]
        state.pending_disclose.extend(h for h in hits if h.rule.action == "disclose")
        verdicts = [h.verdict("output") for h in hits if h.rule.action != "disclose"]
        self._record(ctx, verdicts, "output")
        blocked = [v for v in verdicts if v["action"] == "block"]
        if blocked:
            return self.withhold(ctx, blocked)
        review = [v for v in verdicts if v["action"] == "review"] + state.review
        if review:
            return await self.hold_for_review(ctx, review, answer if answer is not None else seen)
        text = apply_redactions(text, hits)
        return text + self.disclosures(ctx, seen) if final else text

    def disclosures(self, ctx: CallContext, full_text: str) -> str:
        """The disclosure texts owed by this answer, once each, as a suffix."""
        state = self.state(ctx)
        pending, state.pending_disclose = state.pending_disclose, []
        kept = [h for h in pending if not h.cleared_by(full_text)]
        self._record(ctx, [h.verdict("output") for h in kept], "output")
        for h in kept:
            state.disclose.setdefault(h.rule.id, (h.rule.disclosure or "").strip())
        texts = [t for t in dict.fromkeys(state.disclose.values()) if t]
        return "".join("\n\n" + t for t in texts)

    def withhold(self, ctx: CallContext, blocked: list[Verdict]) -> str:
        ctx.finish_reason = "content_filter"
        self.outcome(ctx).outcome = "blocked"
        return f"{self.runtime.settings.withheld_message} (Policy: {', '.join(rule_ids(blocked))}.)"

    async def hold_for_review(self, ctx: CallContext, review: list[Verdict], answer: str) -> str:
        ctx.finish_reason = "content_filter"
        self.outcome(ctx).outcome = "review"
        ids = rule_ids(review)
        review_id = None
        store = self.runtime.components.store
        if store is not None:
            from .reviews import create_review

            review_id = await asyncio.to_thread(
                create_review,
                store,
                trace_id=ctx.trace_id,
                route=self.route.name,
                key_name=ctx.key.name,
                rule_ids=ids,
                question=ctx.question,
                answer=answer,
                restricted_groups=ctx.retrieval.restricted_groups() if ctx.retrieval is not None else None,
            )
        self.outcome(ctx).review = ReviewTicket(id=review_id, rule_ids=ids)
        ref = f" Reference: review #{review_id}." if review_id is not None else ""
        return f"{self.runtime.settings.review_message}{ref}"

    def filter_stream(self, ctx: CallContext, deltas: AsyncIterator[str]) -> AsyncIterator[str]:
        return filter_stream(self, ctx, deltas)


def _text_parts(message: dict) -> list[tuple[int | None, str]]:
    content = message.get("content")
    if isinstance(content, str):
        return [(None, content)]
    if isinstance(content, list):
        return [
            (i, p.get("text", ""))
            for i, p in enumerate(content)
            if isinstance(p, dict) and p.get("type") == "text" and p.get("text")
        ]
    return []


def _set_text(message: dict, part_key: int | None, text: str) -> None:
    if part_key is None:
        message["content"] = text
    else:
        message["content"][part_key]["text"] = text
