"""The request pipeline: the objects stages pass, and the stage protocol.

A call flows one way::

    auth/key ─► route ─► [prompt] ─► [input rails] ─► [retrieval] ─► upstream ─► [output rails] ─► response
                                                                      └─► trace record ─► scorer

Each bracketed stage is built per route by a plugin (plugins.py) from the route's config key
(``prompt``, ``policies``, ``rag``). Stages see one ``CallContext``: each writes its own outcome
slot (outcome.py) and may transform the request (``messages``, ``params``, ``upstream_model``,
``upstream_messages``, ``finish_reason``); nothing reaches back into an earlier stage. The executor
calls each pass by name, in stage order, with one span and one timing per pass:

1. ``prepare(ctx)``  – before upstream: choose the prompt version, check/redact input, retrieve.
   Raise a ``GatewayError`` (e.g. ``PolicyViolation``) to stop the call.
2. ``compose(ctx)``  – build ``ctx.upstream_messages`` from what earlier stages produced (the
   prompt stage renders its template with ``ctx.sources`` here).
3. the upstream call (core).
4. ``check_output(ctx, text) -> text`` – non-streamed answers; may rewrite (redact, append a
   disclosure) or withhold (set ``ctx.finish_reason = "content_filter"`` and return the message).
5. ``filter_stream(ctx, deltas) -> deltas`` – the streaming twin of ``check_output``: an async
   iterator of text pieces in, an async iterator out (sentence holdback lives here).
6. ``after_response(ctx, text)`` – after the answer is sent: background work such as shadow calls.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from .config import RouteConfig
from .outcome import GuardrailsOutcome, PromptRef, RetrievalOutcome, Source

if TYPE_CHECKING:  # pragma: no cover
    from .upstream import Completion

__all__ = ["BaseStage", "CallContext", "CallerKey", "Source", "Stage", "message_text"]


@dataclass
class CallerKey:
    """The authenticated caller. ``None`` name means auth is disabled (local demo)."""

    name: str | None
    role: str = "client"  # client | viewer | admin
    routes: list[str] | None = None  # None = all routes
    entitlements: list[str] = field(default_factory=list)
    allow_prompt_override: bool = False
    rpm: int | None = None
    token_budget: int | None = None


@dataclass(slots=True)
class CallContext:
    """One call on its way through the pipeline. Stages write only their own outcome slot
    (outcome.py); the executor maps the slots to the trace row and the response. ``slots`` makes a
    misspelt attribute an error instead of a silently ignored new field."""

    trace_id: str
    route: RouteConfig
    key: CallerKey
    messages: list[dict]  # the caller's messages (input rails may redact them in place)
    params: dict[str, Any]  # sampling params forwarded upstream (temperature, max_tokens, …)
    stream: bool = False
    user: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    upstream_model: str = ""  # a model_name from settings.models; a prompt may override it
    upstream_messages: list[dict] | None = None  # what is sent upstream; None = ``messages``
    finish_reason: str | None = None  # set by an output stage to override upstream's
    # -- outcome slots, one owner each (outcome.py) --
    prompt: PromptRef | None = None  # the prompt stage
    guardrails: GuardrailsOutcome | None = None  # the guardrails stage
    retrieval: RetrievalOutcome | None = None  # the retrieval stage
    completion: Completion | None = None  # the executor: what the upstream answered, with usage
    stage_ms: dict[str, float] = field(default_factory=dict)  # the executor: one timing per stage pass
    # -- how the call came about --
    shadow_prompt: str | None = None  # a shadow call: the challenger's prompt ref (set by the prompt stage)
    parent_trace_id: str | None = None  # shadow calls link to the champion's trace
    experiment_id: str | None = None  # an eval run's experiment (evals/), from ``metadata.experiment_id``
    started: float = field(default_factory=time.perf_counter)
    request_time: float = field(default_factory=time.time)
    # Working state a stage keeps between its own passes, keyed by stage name. Never recorded and
    # never read by another stage (that is what the outcome slots are for).
    stage_state: dict[str, Any] = field(default_factory=dict)

    @property
    def sources(self) -> list[Source]:
        """The retrieved passages (none when the route does not retrieve)."""
        return self.retrieval.sources if self.retrieval is not None else []

    @property
    def question(self) -> str:
        """The latest user message as text (the retrieval query and the prompt's question)."""
        for message in reversed(self.messages):
            if message.get("role") == "user":
                return message_text(message)
        return ""

    def outgoing_messages(self) -> list[dict]:
        return self.upstream_messages if self.upstream_messages is not None else self.messages


def message_text(message: dict) -> str:
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # OpenAI content parts
        return "".join(p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text")
    return ""


@runtime_checkable
class Stage(Protocol):
    name: str

    async def prepare(self, ctx: CallContext) -> None: ...
    async def compose(self, ctx: CallContext) -> None: ...
    async def check_output(self, ctx: CallContext, text: str) -> str: ...
    def filter_stream(self, ctx: CallContext, deltas: AsyncIterator[str]) -> AsyncIterator[str]: ...
    async def after_response(self, ctx: CallContext, text: str) -> None: ...


class BaseStage:
    """No-op defaults; a stage overrides only the passes it needs."""

    name = "stage"

    async def prepare(self, ctx: CallContext) -> None:
        return None

    async def compose(self, ctx: CallContext) -> None:
        return None

    async def check_output(self, ctx: CallContext, text: str) -> str:
        return text

    def filter_stream(self, ctx: CallContext, deltas: AsyncIterator[str]) -> AsyncIterator[str]:
        return deltas

    async def after_response(self, ctx: CallContext, text: str) -> None:
        return None
