"""Liveness (/healthz) and readiness (/readyz: upstream, stores and capabilities reachable).

``/readyz`` status: ``ready`` (200); ``degraded`` (200: serving, but a shared service is down and
a fallback is in force: Redis → per-replica limits; PostgreSQL → traces spill, keys from the cache;
a Chroma server → RAG routes answer 503 or without sources); ``not_ready`` (503); ``draining``
(503: SIGTERM received, finishing in-flight work; the load balancer should send nothing new)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter

from ..components import Components
from .http import json_response

STORE_PING_TIMEOUT_S = 2.0  # a load balancer's health check must get an answer, not a hung connect


def router(components: Components) -> APIRouter:
    api = APIRouter()

    @api.get("/healthz")
    async def healthz():
        return json_response({"status": "ok"})

    @api.get("/readyz")
    async def readyz():
        checks: dict[str, dict] = {}
        local = getattr(components, "local_model", None)
        if local is not None:
            checks["local_model"] = {
                "ok": local.ready,
                "detail": local.error or ("ready" if local.ready else "loading"),
            }
        warmup = getattr(components, "warmup", None)
        if warmup is not None:
            ok, detail = warmup.readiness()
            checks["models"] = {"ok": ok, "detail": detail}
        if local is None or local.ready:
            ok, detail = await components.upstream.check()
            checks["upstream"] = {"ok": ok, "detail": detail}
        try:
            await asyncio.wait_for(asyncio.to_thread(components.store.ping), STORE_PING_TIMEOUT_S)
            checks["store"] = {"ok": True, "detail": components.store.dialect}
        except Exception as exc:  # reported, not raised: readiness is a report
            checks["store"] = {"ok": False, "detail": f"{exc.__class__.__name__}: {str(exc).splitlines()[0]}"}
        writer = components.writer
        detail = f"queued={writer.pending} written={writer.written} spilled={writer.spilled} db_ok={writer.db_ok}"
        if writer.quarantined:  # the gateway still serves; an operator must look at these records
            detail += (
                f"; {writer.quarantined} record(s) refused by the store are kept in {writer.quarantine.path.name}"
                " (see the log)"
            )
        checks["trace_writer"] = {"ok": True, "detail": detail, "quarantined": writer.quarantined}
        for plugin in components.plugins:
            if plugin.readiness:
                ok, detail = await plugin.readiness(components)
                checks[plugin.name] = {"ok": ok, "detail": detail}
        # A service every replica shares (PostgreSQL, a Chroma server) being down is not this
        # replica's fault: taking every replica out of rotation would turn a partial outage (RAG
        # routes answer 503, traces spill) into a total one. Reported, and the status is degraded.
        for name in shared_services(components):
            if name in checks and not checks[name]["ok"]:
                checks[name]["shared"] = True
        limiter = components.limiter
        if limiter is not None and limiter.shared:  # down = degraded (per-replica limits), still ready
            checks["redis"] = limiter.readiness()
        propagator = components.propagator
        if propagator is not None and propagator.enabled:
            checks["propagation"] = propagator.readiness()
        ready = all(c["ok"] or c.get("shared") for c in checks.values()) and not components.draining
        status = "draining" if components.draining else "ready" if ready else "not_ready"
        if ready and any(c.get("degraded") or c.get("shared") for c in checks.values()):
            status = "degraded"
        body = {"status": status, "replica": components.replica, "checks": checks}
        return json_response(body, 200 if ready else 503)

    return api


def shared_services(components: Components) -> list[str]:
    """The /readyz checks that name a service the whole fleet shares."""
    names = []
    if components.store is not None and components.store.dialect == "postgresql":
        names.append("store")
    if components.settings.rag.chroma.is_server:
        names.append("rag")
    return names
