"""The request pipeline: the objects stages pass, and the stage protocol.

A call flows one way::

    auth/key ─► route ─► [prompt] ─► [input rails] ─► [retrieval] ─► upstream ─► [output rails] ─► response
                                                                      └─► trace record ─► scorer

Each bracketed stage is built per route by a plugin (plugins.py) from the route's config key
(``prompt``, ``policies``, ``rag``). Stages see one ``CallContext`` and communicate only by
writing its fields; nothing reaches back into an earlier stage. The passes, in stage order:

1. ``prepare(ctx)``  – before upstream: choose the prompt version, check/redact input, retrieve.
   Raise a ``GatewayError`` (e.g. ``PolicyViolation``) to stop the call.
2. ``compose(ctx)``  – build ``ctx.upstream_messages`` from what earlier stages produced (the
   prompt stage renders its template with ``ctx.sources`` here).
3. the upstream call (core).
4. ``check_output(ctx, text) -> text`` – non-streamed answers; may rewrite (redact, append a
   disclosure) or withhold (set ``ctx.finish_reason = "content_filter"`` and return the message).
5. ``filter_stream(ctx, deltas) -> deltas`` – the streaming twin of ``check_output``: an async
   iterator of text pieces in, an async iterator out (sentence holdback lives here).
6. ``after_response(ctx)`` – after the answer is sent: background work such as shadow calls.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from .config import RouteConfig


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


@dataclass
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

    def citation(self, snippet_chars: int = 240) -> dict:
        return {
            "index": self.index,
            "doc_id": self.doc_id,
            "title": self.title,
            "source": self.source,
            "page": self.page,
            "score": None if self.score is None else round(self.score, 4),
            "snippet": self.text[:snippet_chars],
        }


@dataclass
class CallContext:
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
    sources: list[Source] = field(default_factory=list)
    guardrails: list[dict] = field(default_factory=list)  # verdicts: policy, rule_id, stage, action, span
    prompt: dict[str, Any] | None = None  # name, version, hash, role (champion|canary|shadow)
    finish_reason: str | None = None  # set by an output stage to override upstream's
    response_fields: dict[str, Any] = field(default_factory=dict)  # extra top-level completion fields
    record: dict[str, Any] = field(default_factory=dict)  # extra trace-record columns/slots
    stage_ms: dict[str, float] = field(default_factory=dict)
    parent_trace_id: str | None = None  # shadow calls link to the champion's trace
    started: float = field(default_factory=time.perf_counter)
    request_time: float = field(default_factory=time.time)

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

    def overrides(self, method: str) -> bool:
        return getattr(type(self), method) is not getattr(BaseStage, method)
