"""ragas metrics for eval cases, judged by the LLM named in gateway.yaml's ``scoring.ragas``.

Reuses scoring's judge plumbing (``ragas_judge.judge_llm`` and ``verdict``), so a parse failure, a
timeout or a refused connection is *missing* with its reason — never a score of 0. Answer relevancy
needs embeddings: the gateway's own MiniLM (local, no network) stands in for an embeddings API.
"""

from __future__ import annotations

import asyncio

from ..scoring.ragas_judge import judge_client, judge_llm, verdict
from ..scoring.settings import RagasSettings
from .metrics import RAGAS_METRICS


def _local_embeddings(embedder):
    from ragas.embeddings.base import BaseRagasEmbedding

    class LocalEmbeddings(BaseRagasEmbedding):
        """ragas embeddings backed by the gateway's MiniLM."""

        def embed_text(self, text: str, **kwargs) -> list[float]:
            return embedder.embed([text])[0].tolist()

        async def aembed_text(self, text: str, **kwargs) -> list[float]:
            return (await asyncio.to_thread(embedder.embed, [text]))[0].tolist()

    return LocalEmbeddings()


class EvalJudge:
    """Scores one answered case with the four ragas metrics, each on its own (one failing metric does
    not take the others with it)."""

    def __init__(self, settings: RagasSettings, base_url: str, embedder):
        self.settings = settings
        self.base_url = base_url
        self.embedder = embedder
        self._metrics: dict | None = None
        self._setup_error: str | None = None
        self._client = None

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None

    def _build(self) -> dict:
        from ragas.metrics.collections import AnswerRelevancy, ContextPrecision, ContextRecall, Faithfulness

        self._client = judge_client(self.settings, self.base_url)
        llm = judge_llm(self.settings, self.base_url, client=self._client)
        return {
            "ragas_faithfulness": Faithfulness(llm=llm),
            "ragas_answer_relevancy": AnswerRelevancy(llm=llm, embeddings=_local_embeddings(self.embedder)),
            "ragas_context_precision": ContextPrecision(llm=llm),
            "ragas_context_recall": ContextRecall(llm=llm),
        }

    def _ensure(self) -> dict | None:
        if self._metrics is None and self._setup_error is None:
            try:
                self._metrics = self._build()
            except Exception as exc:  # ragas or its client failed to set up: every metric missing, with why
                self._setup_error = f"judge set-up failed: {type(exc).__name__}: {str(exc)[:200]}"
        return self._metrics

    async def score(
        self, question: str, answer: str | None, contexts: list[str], reference: str | None
    ) -> tuple[dict[str, float | None], dict[str, str]]:
        values: dict[str, float | None] = {m: None for m in RAGAS_METRICS}
        missing: dict[str, str] = {}
        if not answer:
            return values, {m: "no answer to judge (the call was blocked or failed)" for m in RAGAS_METRICS}
        metrics = self._ensure()
        if metrics is None:
            return values, {m: self._setup_error or "judge unavailable" for m in RAGAS_METRICS}
        calls = {}
        if contexts:
            calls["ragas_faithfulness"] = metrics["ragas_faithfulness"].ascore(
                user_input=question, response=answer, retrieved_contexts=contexts
            )
        calls["ragas_answer_relevancy"] = metrics["ragas_answer_relevancy"].ascore(user_input=question, response=answer)
        if contexts and reference:
            calls["ragas_context_precision"] = metrics["ragas_context_precision"].ascore(
                user_input=question, reference=reference, retrieved_contexts=contexts
            )
            calls["ragas_context_recall"] = metrics["ragas_context_recall"].ascore(
                user_input=question, retrieved_contexts=contexts, reference=reference
            )
        for name in RAGAS_METRICS:
            if name in calls:
                continue
            missing[name] = "no retrieved sources" if not contexts else "the case has no reference answer"
        for name, coro in calls.items():
            result = await verdict(coro, self.settings.timeout_s)
            values[name] = result["value"]
            if result["value"] is None:
                missing[name] = f"judge {result['status']}: {result['error']}"
        return values, missing
