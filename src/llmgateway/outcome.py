"""The typed outcome of one call: the slots the stages fill on the ``CallContext``.

Each capability owns one slot and writes only that slot (the prompt stage ``ctx.prompt``, the
guardrails stage ``ctx.guardrails``, the retrieval stage ``ctx.retrieval``; the executor
``ctx.completion`` and ``ctx.stage_ms``). ``Executor.record`` (executor.py) is the one place that
maps these slots to the columns of the ``Trace`` row, and the executor the one place that turns
them into the extra fields of the response (``citations``, ``guardrails``, ``review``).

To record something new about a call: add a field to the slot of the capability that knows it
(or a new slot here), a column to ``store.models.Trace`` with its Alembic migration, and one line
in ``Executor.record``. Nothing else writes trace columns (see docs/architecture.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

# -- prompts -------------------------------------------------------------------------------------


@dataclass(slots=True)
class PromptRef:
    """The prompt version that produced the answer, and how it was chosen."""

    name: str
    version: str
    hash: str
    role: str  # champion | canary | shadow
    label: str | None  # the label resolved (production, staging, …), None for a pinned version
    ref: str  # what was asked for: the route's ``prompt``, ``metadata.prompt`` or the shadow ref
    source: str  # route | override | shadow
    params_applied: list[str] = field(default_factory=list)  # sampling params the version supplied

    SPAN_KEYS = ("name", "version", "hash", "role", "label", "source")

    def span_attributes(self, prefix: str = "llmgateway.prompt.") -> dict[str, str]:
        return {prefix + key: str(value) for key in self.SPAN_KEYS if (value := getattr(self, key)) is not None}


# -- guardrails ----------------------------------------------------------------------------------

# A verdict as the response and the trace show it: policy, rule_id, stage, action, severity, kind,
# span, start, end (+ citation, message_index and rule-kind details). Plain JSON on purpose.
Verdict = dict[str, Any]


@dataclass(slots=True)
class ReviewTicket:
    """An answer held for a human: the row in ``reviews`` the caller can quote."""

    id: int | None
    rule_ids: list[str]
    status: str = "pending"

    def as_response(self) -> dict[str, Any]:
        return {"id": self.id, "status": self.status, "rule_ids": self.rule_ids}


@dataclass(slots=True)
class GuardrailsOutcome:
    """What the compliance rails decided for this call."""

    policy_hash: str  # the policy set that judged the call
    verdicts: list[Verdict] = field(default_factory=list)
    outcome: Literal["blocked", "review"] | None = None  # what the output rails did to the answer
    review: ReviewTicket | None = None


# -- retrieval -----------------------------------------------------------------------------------


@dataclass(slots=True)
class Source:
    """A retrieved passage given to the prompt as source [index]."""

    index: int
    doc_id: str
    text: str
    title: str | None = None
    source: str | None = None
    page: int | None = None
    score: float | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    entitlement: str | None = None  # the group a restricted document belongs to; None = public

    def citation(self, snippet_chars: int = 240) -> dict[str, Any]:
        return {
            "index": self.index,
            "doc_id": self.doc_id,
            "title": self.title,
            "source": self.source,
            "page": self.page,
            "score": None if self.score is None else round(self.score, 4),
            "snippet": self.text[:snippet_chars],
        }


@dataclass(slots=True)
class RetrievalOutcome:
    """The research passages retrieved for the question (possibly none)."""

    collection: str
    sources: list[Source] = field(default_factory=list)
    snippet_chars: int = 240  # how much of each passage the citation and the trace show
    error: str | None = None  # retrieval failed and the route said on_error: continue

    def citations(self) -> list[dict[str, Any]]:
        return [s.citation(self.snippet_chars) for s in self.sources]

    def restricted_groups(self) -> list[str]:
        """The entitlement groups of the restricted passages retrieved (tracing/visibility.py)."""
        return sorted({s.entitlement for s in self.sources if s.entitlement})
