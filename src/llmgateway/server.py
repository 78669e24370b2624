"""How the gateway is served: uvicorn (uvloop + httptools) with one write per small response.

uvicorn writes a response's header block and its body with two ``send()`` calls. On this kind of VM
a loopback ``send()`` costs more than building the whole response, so ``CoalescingHttpProtocol``
holds the header block until the body arrives in the same event-loop tick and sends both at once.
Anything not followed by a body in that tick (a streamed response waiting for its first token, a
``100 Continue``) is flushed by a ``call_soon`` callback, so nothing is ever delayed past the tick.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class _CoalescingTransport:
    __slots__ = ("_transport", "_held", "_loop")

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop):
        self._transport = transport
        self._held: bytes | None = None
        self._loop = loop

    def write(self, data: bytes) -> None:
        if self._held is not None:
            data, self._held = self._held + data, None
            self._transport.write(data)
        elif data.startswith(b"HTTP/1.") and data.endswith(b"\r\n\r\n"):
            self._held = data
            self._loop.call_soon(self.flush)
        else:
            self._transport.write(data)

    def flush(self) -> None:
        if self._held is not None:
            data, self._held = self._held, None
            self._transport.write(data)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def __getattr__(self, name):
        return getattr(self._transport, name)


class CoalescingHttpProtocol(HttpToolsProtocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        # the wrapper is a duck-typed Transport: it delegates everything but write()
        super().connection_made(_CoalescingTransport(transport, self.loop))  # type: ignore[arg-type]


log = logging.getLogger("llmgateway.fleet")


class DrainingServer(uvicorn.Server):
    """uvicorn, with a load-balancer-friendly SIGTERM.

    On SIGTERM the replica first *drains*: ``/readyz`` answers 503 ``draining`` while requests are
    still served, for ``drain_delay_s`` — long enough for the load balancer's health check to take
    it out of rotation. Then uvicorn's own graceful shutdown: the listener closes, idle keep-alive
    connections close, in-flight requests and streams run to completion for at most
    ``shutdown_timeout_s``, and the app's shutdown drains the trace writer into the store (or the
    spill file). The process then exits 0. A second SIGTERM or SIGINT skips the drain.
    """

    def __init__(self, config: uvicorn.Config, components, drain_delay_s: float):
        super().__init__(config)
        self.components = components
        self.drain_delay_s = drain_delay_s
        self._drain_until: float | None = None

    def handle_exit(self, sig: int, frame) -> None:
        if sig == signal.SIGTERM and self._drain_until is None and not self.should_exit:
            self._drain_until = time.monotonic() + self.drain_delay_s
            self.components.draining = True
            log.warning(
                "draining: SIGTERM received; /readyz answers 503 for %.1f s while serving, then in-flight "
                "requests get at most %s s to finish",
                self.drain_delay_s,
                self.config.timeout_graceful_shutdown,
            )
            return  # not re-raised after shutdown: a drained replica exits 0
        super().handle_exit(sig, frame)

    async def on_tick(self, counter: int) -> bool:
        if self._drain_until is not None and time.monotonic() >= self._drain_until and not self.should_exit:
            log.warning("draining: closing the listener; finishing in-flight requests")
            self.should_exit = True
        return await super().on_tick(counter)


def uvicorn_config(app, host: str, port: int, *, log_level: str = "info", loop: str = "uvloop") -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        access_log=False,
        loop=loop,
        http=CoalescingHttpProtocol,
        timeout_graceful_shutdown=_shutdown_timeout(app),
        lifespan="on",
    )


def _shutdown_timeout(app) -> int:
    """``fleet.shutdown_timeout_s`` of the app's settings (uvicorn takes whole seconds)."""
    components = getattr(getattr(app, "state", None), "components", None)
    if components is None:
        return 15
    return max(1, round(components.settings.fleet.shutdown_timeout_s))
