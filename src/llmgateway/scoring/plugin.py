"""Registers scoring with the gateway: settings section ``scoring``, the /api routes, the
background scorer (unless ``scoring.worker.enabled: false``), and the ``llmgateway scorer`` CLI."""

from __future__ import annotations

import asyncio
import logging

from ..plugins import Plugin

log = logging.getLogger("llmgateway.scoring")
_STOP_KEY = "scoring.stop_event"


async def start(components) -> None:
    from .service import scoring_service

    settings = components.settings.scoring
    if not settings.enabled or not settings.worker.enabled:
        log.info(
            "scoring worker not started in the gateway (scoring.worker.enabled: false); "
            "run `llmgateway scorer --config FILE`"
        )
        return
    svc = scoring_service(components)
    stop_event = components.service(_STOP_KEY, asyncio.Event)
    svc.worker_running = True
    components.spawn(svc.worker.run_forever(stop_event, settings.worker.in_gateway_busy_fraction))


async def stop(components) -> None:
    if components.has_service(_STOP_KEY):
        components.service(_STOP_KEY, asyncio.Event).set()
    if components.has_service("scoring"):
        svc = components.service("scoring", lambda: None)
        svc.worker_running = False
        if svc.ragas is not None:
            svc.ragas.stop()


def warm(components) -> None:
    """The scorer in the gateway embeds claims and sources: load the model before ready."""
    settings = components.settings.scoring
    if settings.enabled and settings.worker.enabled:
        components.embedder.warm()


def routers(components) -> list:
    from .api import router

    return router(components)


def cli() -> list:
    from .cli import app

    return [("scorer", app)]


plugin = Plugin(
    name="scoring",
    route_key=None,
    start=start,
    stop=stop,
    warm=warm,
    routers=routers,
    cli=cli,
)
