"""An ASGI front door that serves the hottest endpoint without FastAPI's per-request machinery.

``POST /v1/chat/completions`` goes straight to its handler (the same function FastAPI routes to,
so behaviour and OpenAPI docs are identical); everything else, and lifespan, goes to FastAPI.
Measured on this machine it removes roughly a third of the gateway's per-request CPU (six
middleware layers and dependency solving) — see bench/bench_proxy.py.
"""

from __future__ import annotations

import logging

from starlette.requests import Request

from ..errors import GatewayError, InternalError
from ..tracing.otel import new_trace_id
from .http import error_response

log = logging.getLogger("llmgateway.api")


class FastPath:
    def __init__(self, app, handlers: dict):
        self.app = app
        self.handlers = handlers

    def __getattr__(self, name):  # app.state, app.routes, … stay reachable
        return getattr(self.app, name)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            handler = self.handlers.get((scope["method"], scope["path"]))
            if handler is not None:
                try:
                    response = await handler(Request(scope, receive))
                except GatewayError as exc:
                    response = error_response(exc)
                except Exception as exc:  # the handler answers its own faults; this is the last net
                    trace_id = new_trace_id()
                    log.error(
                        "unexpected error on %s %s (trace id %s)",
                        scope["method"],
                        scope["path"],
                        trace_id,
                        exc_info=exc,
                    )
                    response = error_response(InternalError(trace_id), trace_id)
                await response(scope, receive, send)
                return
            await self._app_keeping_the_connection(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _app_keeping_the_connection(self, scope, receive, send) -> None:
        """Starlette's error middleware sends our 500 (app.py's handler) and then re-raises, and
        uvicorn answers a raised exception by closing a keep-alive connection without saying so:
        the client's next request on it fails. Once the response is complete, the exception has been
        logged and answered; swallowing it keeps the connection usable."""
        complete = False

        async def tracking_send(message):
            nonlocal complete
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                complete = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            if not complete:
                raise
