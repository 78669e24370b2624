"""Registers ``GET /metrics`` (Prometheus text format) and hooks the counter onto the trace writer.

Who may scrape is the ``metrics:`` section's business (settings.py): a dedicated bearer token for
Prometheus (``authorization: {type: Bearer, credentials_file: …}`` in its scrape config), or a
viewer or admin API key; with ``auth.required: false`` or ``metrics.public: true``, anyone.
"""

from __future__ import annotations

import asyncio
import hmac

from fastapi import APIRouter, Request
from starlette.responses import Response

from ..plugins import Plugin
from .settings import MIN_TOKEN_CHARS, MetricsSettings

_SERVICE = "metrics.collector"


def _collector(components):
    from .collector import CallMetrics

    return components.service(_SERVICE, lambda: CallMetrics(components))


def scrape_token(components) -> bytes | None:
    """The token in ``metrics.bearer_token_file`` (None when unset); refuses start when the file is
    missing or the token too short to be a secret."""
    settings: MetricsSettings = components.settings.metrics
    if not settings.bearer_token_file:
        return None
    path = components.settings.resolve(settings.bearer_token_file, "")
    keypath = ("metrics", "bearer_token_file")
    try:
        token = path.read_text().strip()
    except OSError as exc:
        raise components.settings.config_error(
            f"cannot read the metrics bearer token file {path}: {exc.strerror}; expected a file holding one token "
            "(e.g. `openssl rand -hex 32 > metrics.token`)",
            keypath,
        ) from None
    if len(token) < MIN_TOKEN_CHARS:
        raise components.settings.config_error(
            f"the metrics bearer token in {path} has {len(token)} characters; expected at least {MIN_TOKEN_CHARS} "
            "(e.g. `openssl rand -hex 32`)",
            keypath,
        )
    return token.encode()


def routers(components) -> list:
    from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

    from ..api.auth import require_role

    settings: MetricsSettings = components.settings.metrics
    if not settings.enabled:
        return []
    token = scrape_token(components)
    open_to_all = settings.public or not components.settings.auth.required
    registry = CollectorRegistry(auto_describe=False)
    collector = _collector(components)
    registry.register(collector)
    if components.writer is not None:
        components.writer.on_batch = collector.observe_batch
    api = APIRouter(include_in_schema=False)

    @api.get("/metrics")
    async def metrics(request: Request) -> Response:
        if not open_to_all and not presents(request, token):
            await require_role(request, components, "viewer", "admin")
        body = await asyncio.to_thread(generate_latest, registry)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    return [api]


def presents(request: Request, token: bytes | None) -> bool:
    """The request carries the scrape token (compared in constant time)."""
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    return token is not None and scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token)


plugin = Plugin(name="metrics", routers=routers)
