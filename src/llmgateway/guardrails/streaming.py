"""Sentence holdback for streamed answers: nothing reaches the client before it has been checked.

Deltas accumulate until a sentence is complete; each complete run of sentences is checked with the
previous sentence as context (so a phrase split across the boundary, or a negation in the
sentence before, is seen) and only then released. A block ends the stream with the withheld-answer
message; a review drains the rest of the answer into the review queue and ends with the holding
message; both set ``ctx.finish_reason = "content_filter"``. Disclosures owed by the whole answer
are appended once, at the end. If the question itself was flagged for review, nothing is released:
the whole answer is collected and held.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Protocol

from .context import sentence_spans
from .rules import Hit

if TYPE_CHECKING:  # pragma: no cover
    from ..pipeline import CallContext
    from .validators import RuleGuard


class OutputRails(Protocol):
    """What the holdback needs from the rails (``GuardrailsStage`` implements it)."""

    def holds_whole_answer(self, ctx: CallContext) -> bool: ...
    async def aguard(self, ctx: CallContext, stage: str) -> RuleGuard: ...
    async def check_output(self, ctx: CallContext, text: str) -> str: ...
    async def resolve(
        self, ctx: CallContext, text: str, hits: list[Hit], *, final: bool, context: str = "", answer: str | None = None
    ) -> str: ...
    def disclosures(self, ctx: CallContext, full_text: str) -> str: ...


MAX_PENDING_CHARS = 1500  # a "sentence" longer than this is released at its last line/clause break


def sentence_cut(pending: str) -> int:
    """How much of ``pending`` is complete sentences (0 = keep holding)."""
    spans = sentence_spans(pending)
    if len(spans) >= 2:
        return spans[-1][0]
    if len(pending) > MAX_PENDING_CHARS:
        for sep in ("\n", "; ", ", ", " "):
            at = pending.rfind(sep, 0, len(pending) - 1)
            if at > 0:
                return at + len(sep)
    return 0


def _context_tail(released: str) -> str:
    tail = released[-600:]
    spans = sentence_spans(tail)
    return tail[spans[-1][0] :] if spans else ""


def _shift(hits: list[Hit], offset: int) -> list[Hit]:
    """Hits found on context+chunk, moved to chunk coordinates; those wholly in the context (already
    judged when it was released) are dropped."""
    out = []
    for h in hits:
        if h.end <= offset:
            continue
        h.start, h.end = max(0, h.start - offset), h.end - offset
        out.append(h)
    return out


async def filter_stream(stage: OutputRails, ctx: CallContext, deltas: AsyncIterator[str]) -> AsyncIterator[str]:
    guard = await stage.aguard(ctx, "output")

    if stage.holds_whole_answer(ctx):  # the question was flagged for review: hold the whole answer
        full = "".join([d async for d in deltas if d])
        yield await stage.check_output(ctx, full)
        return

    released_raw = ""
    pending = ""
    finished = False
    iterator = deltas.__aiter__()
    while not finished:
        try:
            delta = await iterator.__anext__()
        except StopAsyncIteration:
            finished = True
            delta = ""
        pending += delta or ""
        cut = len(pending) if finished else sentence_cut(pending)
        if cut <= 0 or not pending[:cut]:
            continue
        chunk, pending = pending[:cut], pending[cut:]
        context = _context_tail(released_raw)
        hits = _shift(await guard.check(context + chunk), len(context))
        answer = None
        if any(h.rule.action == "review" for h in hits) and not any(h.rule.action == "block" for h in hits):
            rest = pending + "".join([d async for d in iterator if d])
            answer, pending, finished = released_raw + chunk + rest, "", True
        out = await stage.resolve(ctx, chunk, hits, final=False, context=context, answer=answer)
        if ctx.finish_reason == "content_filter":
            yield ("\n\n" if released_raw else "") + out
            return
        released_raw += chunk
        if out:
            yield out
    suffix = stage.disclosures(ctx, released_raw)
    if suffix:
        yield suffix
