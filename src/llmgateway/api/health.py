"""Liveness (/healthz) and readiness (/readyz: upstream, stores and capabilities reachable)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter

from ..components import Components
from .http import json_response


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
            await asyncio.to_thread(components.store.ping)
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
        ready = all(c["ok"] for c in checks.values())
        return json_response({"status": "ready" if ready else "not_ready", "checks": checks}, 200 if ready else 503)

    return api
