"""Optional second judge: ragas faithfulness through an LLM named in ``scoring.ragas``.

Default judge: the local model's OpenAI-compatible server (``local_model.host:port``). A small
local model rarely produces the structured output ragas needs (ARCHITECTURE.md measured 0 of 20
with SmolLM2-135M), so every failure — timeout, unparsable output, refused connection — is
recorded as **missing** (``value: null`` with ``status`` and ``error``), never as a score of 0.

ragas is imported lazily (``RAGAS_DO_NOT_TRACK=true`` is set first) and runs in its own worker
threads, after the trace is already stored with its factuality score: the result is merged into
``traces.scores["ragas_faithfulness"]`` later. A trace holding entitlement-restricted research is
not sent unless ``scoring.ragas.send_restricted`` is true: the judge may be another company's API.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading

from sqlalchemy import update

from ..store.models import Trace
from ..tracing.visibility import restricted_groups
from .drift import query_text
from .settings import RagasSettings

log = logging.getLogger("llmgateway.scoring.ragas")


def default_base_url(settings) -> str:
    lm = settings.local_model
    return f"http://{lm.host}:{lm.port}/v1"


def judge_client(settings: RagasSettings, base_url: str):
    """The OpenAI client for the judge named in ``scoring.ragas`` (an OpenAI-compatible server)."""
    from openai import AsyncOpenAI

    return AsyncOpenAI(
        base_url=settings.base_url or base_url, api_key=settings.api_key, max_retries=0, timeout=settings.timeout_s
    )


def judge_llm(settings: RagasSettings, base_url: str, client=None):
    """The ragas LLM for that judge (``client``: an AsyncOpenAI the caller will close)."""
    from ragas.llms import llm_factory

    return llm_factory(settings.model, client=client or judge_client(settings, base_url))


async def verdict(scoring, timeout_s: float) -> dict:
    """Await one ragas ``ascore`` coroutine: a value, or *missing* with the reason (never 0)."""
    try:
        result = await asyncio.wait_for(scoring, timeout=timeout_s)
        value = getattr(result, "value", result)
        if value is None or (isinstance(value, float) and value != value):
            return {"value": None, "status": "error", "error": "judge returned no value"}
        return {"value": round(float(value), 4), "status": "ok", "error": None}
    except TimeoutError:
        return {"value": None, "status": "timeout", "error": f"no verdict within {timeout_s}s"}
    except Exception as exc:  # parse failures, connection errors, ragas internals: all "missing"
        status = "timeout" if "timeout" in type(exc).__name__.lower() else "error"
        return {"value": None, "status": status, "error": f"{type(exc).__name__}: {str(exc)[:300]}"}


class RagasJudge:
    def __init__(self, settings: RagasSettings, base_url: str):
        self.settings = settings
        self.base_url = settings.base_url or base_url
        self._queue: queue.Queue = queue.Queue(maxsize=settings.queue_size)
        self._threads: list[threading.Thread] = []
        # one event loop (and one metric, whose AsyncOpenAI client is bound to that loop) per
        # thread: a client reused across asyncio.run() calls fails with "Connection error"
        self._local = threading.local()
        self._stop = threading.Event()

    def _build_metric(self):
        from ragas.metrics.collections import Faithfulness

        return Faithfulness(llm=judge_llm(self.settings, self.base_url))

    def judge(self, contexts: list[str], question: str, answer: str) -> dict:
        """``{"value": float|None, "status": "ok"|"timeout"|"error", "error": str|None}``."""
        local = self._local
        try:
            if getattr(local, "loop", None) is None:
                local.metric = self._build_metric()
                local.loop = asyncio.new_event_loop()
        except Exception as exc:  # ragas/openai import or set-up failure: missing, with the reason
            return {"value": None, "status": "error", "error": f"{type(exc).__name__}: {str(exc)[:300]}"}
        return local.loop.run_until_complete(
            verdict(
                local.metric.ascore(user_input=question, response=answer, retrieved_contexts=contexts),
                self.settings.timeout_s,
            )
        )

    # -- background threads -----------------------------------------------------------------
    def submit(self, row: dict, store) -> None:
        groups = restricted_groups(row)
        if groups and not self.settings.send_restricted:
            reason = f"holds restricted research ({', '.join(sorted(groups))}); scoring.ragas.send_restricted is false"
            self._store(store, row, {"value": None, "status": "skipped", "error": reason})
            return
        if not self._threads:
            for i in range(self.settings.max_concurrency):
                t = threading.Thread(target=self._run, name=f"ragas-judge-{i}", daemon=True)
                t.start()
                self._threads.append(t)
        try:
            self._queue.put_nowait((row, store))
        except queue.Full:
            self._store(store, row, {"value": None, "status": "skipped", "error": "judge queue full"})

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                row, store = self._queue.get(timeout=0.5)
            except queue.Empty:
                continue
            contexts = [s.get("text") or s.get("snippet") or "" for s in (row.get("retrieval") or [])]
            verdict = self.judge(contexts, query_text(row.get("request_messages")), row.get("response_text") or "")
            self._store(store, row, verdict)

    @staticmethod
    def _store(store, row: dict, verdict: dict) -> None:
        scores = dict(row.get("_scores") or row.get("scores") or {})
        scores["ragas_faithfulness"] = verdict
        with store.engine.begin() as conn:
            conn.execute(update(Trace).where(Trace.id == row["id"]).values(scores=scores))

    def stop(self) -> None:
        self._stop.set()
