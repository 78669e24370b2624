"""Registers ``GET /metrics`` (Prometheus text format) and hooks the counter onto the trace writer."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from starlette.responses import Response

from ..plugins import Plugin

_SERVICE = "metrics.collector"


def _collector(components):
    from .collector import CallMetrics

    return components.service(_SERVICE, lambda: CallMetrics(components))


def routers(components) -> list:
    from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

    registry = CollectorRegistry(auto_describe=False)
    collector = _collector(components)
    registry.register(collector)
    if components.writer is not None:
        components.writer.on_batch = collector.observe_batch
    api = APIRouter(include_in_schema=False)

    @api.get("/metrics")
    async def metrics() -> Response:
        body = await asyncio.to_thread(generate_latest, registry)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    return [api]


plugin = Plugin(name="metrics", routers=routers)
