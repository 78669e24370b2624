"""Where an eval run sends its cases: the gateway in this process (default), or a running one.

Both go through the whole pipeline (prompt → input rails → retrieval → upstream → output rails) and
both end with the call's trace row, which is what the scores are computed from — so an experiment
is graded on exactly what the evaluation store recorded.

* ``InProcessGateway``: ``create_app`` with the same gateway.yaml and its lifespan (the local model
  is started and awaited like ``serve`` does); each case is one call through the app's ``Executor``
  as a caller allowed to pick the prompt version, tagged with the experiment id. The in-gateway
  scorer is not started: the run scores its own cases.
* ``RemoteGateway``: ``POST {url}/v1/chat/completions`` with ``metadata.prompt`` (the key must be
  created with ``--allow-prompt-override`` to choose a version) and ``metadata.experiment_id``, then
  ``GET /api/traces/{id}`` with the same key (so the trace is read as that key may see it).
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from dataclasses import dataclass

import httpx

from ..errors import ConfigError, GatewayError
from .schema import EvalCase


@dataclass
class CallResult:
    trace_id: str | None
    http_status: int
    error: str | None = None
    # The passages the model was given, in full (in process). None: grade against the trace's
    # retrieval snippets (a remote gateway stores only ``rag.snippet_chars`` of each).
    contexts: list[str] | None = None


def case_metadata(case: EvalCase, experiment_id: str, prompt_ref: str | None) -> dict:
    metadata = {"experiment_id": experiment_id, "eval_case": case.id}
    if prompt_ref:
        metadata["prompt"] = prompt_ref
    if case.variables:
        metadata["prompt_variables"] = json.dumps(case.variables)
    return metadata


class InProcessGateway:
    target = "in-process"

    def __init__(self, settings, **app_kwargs):
        self.settings = settings
        self.app_kwargs = app_kwargs
        self._lifespan = None

    async def __aenter__(self) -> InProcessGateway:
        from ..app import create_app

        self.app = create_app(self.settings, **self.app_kwargs)
        self.components = self.app.state.components
        self.executor = self.app.state.executor
        inner = self.app.app
        self._lifespan = inner.router.lifespan_context(inner)
        await self._lifespan.__aenter__()
        model = self.components.local_model
        if model is not None:
            deadline = time.monotonic() + self.settings.local_model.startup_timeout_s + 10
            while not model.ready:
                if getattr(model, "error", None):
                    raise ConfigError(f"the local model did not start: {model.error}")
                if time.monotonic() > deadline:
                    raise ConfigError("the local model did not answer in time (local_model.startup_timeout_s)")
                await asyncio.sleep(0.25)
        return self

    async def __aexit__(self, *exc) -> None:
        if self._lifespan is not None:
            await self._lifespan.__aexit__(None, None, None)

    async def call(self, route_name: str, case: EvalCase, experiment_id: str, prompt_ref: str | None) -> CallResult:
        from opentelemetry.trace import SpanKind

        from ..pipeline import CallContext, CallerKey
        from ..tracing.otel import trace_id_hex

        route = self.settings.route(route_name)
        key = CallerKey(
            name=f"eval:{experiment_id}",
            role="viewer",
            entitlements=list(case.entitlements),
            allow_prompt_override=True,
        )
        span = self.components.tracer.start_span(f"eval {route_name}", kind=SpanKind.SERVER)
        trace_id = trace_id_hex(span)
        ctx = CallContext(
            trace_id=trace_id,
            route=route,
            key=key,
            messages=case.chat_messages(),
            params={},
            user=f"eval:{case.id}",
            metadata=case_metadata(case, experiment_id, prompt_ref),
            experiment_id=experiment_id,
            upstream_model=route.model,
            request_time=time.time(),
        )
        try:
            await self.executor.complete(ctx, span)
            return CallResult(trace_id, 200, contexts=[s.text for s in ctx.sources])
        except GatewayError as exc:
            return CallResult(trace_id, exc.status, exc.message, contexts=[s.text for s in ctx.sources])
        finally:
            span.end()

    async def traces(self, experiment_id: str, trace_ids: list[str]) -> dict[str, dict]:
        """The experiment's trace rows, once the writer has stored them."""
        from sqlalchemy import select

        from ..api.traces import trace_dict
        from ..store.models import Trace

        await self.components.writer.flush()

        def query():
            with self.components.store.session() as session:
                rows = session.execute(select(Trace).where(Trace.experiment_id == experiment_id)).scalars()
                return {r.trace_id: trace_dict(r) for r in rows}

        found: dict[str, dict] = {}
        for _ in range(100):
            found = await asyncio.to_thread(query)
            if all(t in found for t in trace_ids):
                break
            await asyncio.sleep(0.1)
        return found


class RemoteGateway:
    def __init__(self, url: str, api_key: str | None, timeout_s: float = 300.0):
        self.root = url.rstrip("/").removesuffix("/v1")
        self.target = self.root
        self.headers = {"authorization": f"Bearer {api_key}"} if api_key else {}
        self.timeout_s = timeout_s

    async def __aenter__(self) -> RemoteGateway:
        self.http = httpx.AsyncClient(base_url=self.root, headers=self.headers, timeout=self.timeout_s)
        try:
            await self.http.get("/healthz")
        except httpx.TransportError as exc:
            await self.http.aclose()
            raise ConfigError(f"no gateway answers at {self.root}: {exc}") from None
        return self

    async def __aexit__(self, *exc) -> None:
        await self.http.aclose()

    async def call(self, route_name: str, case: EvalCase, experiment_id: str, prompt_ref: str | None) -> CallResult:
        body = {
            "model": route_name,
            "messages": case.chat_messages(),
            "user": f"eval:{case.id}",
            "metadata": case_metadata(case, experiment_id, prompt_ref),
        }
        try:
            resp = await self.http.post("/v1/chat/completions", json=body)
        except httpx.HTTPError as exc:
            return CallResult(None, 0, f"{type(exc).__name__}: {exc}")
        error = None
        if resp.status_code != 200:
            try:
                error = resp.json()["error"]["message"]
            except (ValueError, KeyError, TypeError):
                error = resp.text[:300]
            if resp.status_code in (401, 403) and "content_filter" not in resp.text:
                raise ConfigError(f"the gateway refused the eval key: {error}")
        return CallResult(resp.headers.get("x-trace-id"), resp.status_code, error)

    async def traces(self, experiment_id: str, trace_ids: list[str]) -> dict[str, dict]:
        found: dict[str, dict] = {}
        deadline = time.monotonic() + 30
        pending = [t for t in trace_ids if t]
        while pending and time.monotonic() < deadline:
            for trace_id in list(pending):
                resp = await self.http.get(f"/api/traces/{trace_id}")
                if resp.status_code == 200:
                    found[trace_id] = resp.json()
                    pending.remove(trace_id)
            if pending:
                await asyncio.sleep(0.2)
        return found


def new_experiment_id() -> str:
    return uuid.uuid4().hex[:12]
