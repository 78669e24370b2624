"""How the gateway is served: uvicorn (uvloop + httptools) with one write per small response.

uvicorn writes a response's header block and its body with two ``send()`` calls. On this kind of VM
a loopback ``send()`` costs more than building the whole response, so ``CoalescingHttpProtocol``
holds the header block until the body arrives in the same event-loop tick and sends both at once.
Anything not followed by a body in that tick (a streamed response waiting for its first token, a
``100 Continue``) is flushed by a ``call_soon`` callback, so nothing is ever delayed past the tick.
"""

from __future__ import annotations

import asyncio

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


def uvicorn_config(app, host: str, port: int, *, log_level: str = "info", loop: str = "uvloop") -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        access_log=False,
        loop=loop,
        http=CoalescingHttpProtocol,
        timeout_graceful_shutdown=15,
        lifespan="on",
    )
