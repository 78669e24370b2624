"""A small OpenAI-compatible stub server (the edge of the machine: a paid LLM API), in a thread.

``reply`` is the answer text or a callable ``(request_json) -> str``; ``status`` forces an HTTP
error; ``delay`` makes it slow (timeouts); ``cut_stream_after`` ends a stream after that many
words, with neither a ``finish_reason`` nor ``[DONE]`` (an upstream that died mid-answer);
``stream_interval`` waits that many seconds between streamed words;
``requests`` records every JSON body received.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time

import orjson
from aiohttp import web


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StubUpstream:
    def __init__(self, reply="The sources say revenue grew 8% [1].", port: int | None = None):
        self.reply = reply
        self.status = 200
        self.delay = 0.0
        self.cut_stream_after: int | None = None
        self.stream_interval = 0.0
        self.requests: list[dict] = []
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self._loop = None
        self._runner = None
        self._thread = None

    def reset(self) -> None:
        self.reply, self.status, self.delay = "The sources say revenue grew 8% [1].", 200, 0.0
        self.cut_stream_after, self.stream_interval = None, 0.0
        self.requests.clear()

    def _text(self, body: dict) -> str:
        return self.reply(body) if callable(self.reply) else self.reply

    async def _chat(self, request: web.Request):
        body = await request.json()
        self.requests.append(body)
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.status != 200:
            return web.json_response(
                {"error": {"message": f"stub failure {self.status}", "type": "server_error"}}, status=self.status
            )
        text = self._text(body)
        usage = {
            "prompt_tokens": 10,
            "completion_tokens": max(1, len(text.split())),
            "total_tokens": 10 + max(1, len(text.split())),
        }
        if not body.get("stream"):
            return web.json_response(
                {
                    "id": "stub-1",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": body.get("model"),
                    "choices": [
                        {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
                    ],
                    "usage": usage,
                }
            )
        resp = web.StreamResponse(headers={"content-type": "text/event-stream"})
        await resp.prepare(request)
        words = text.split(" ")
        for i, word in enumerate(words):
            piece = word if i == 0 else " " + word
            chunk = {
                "id": "stub-1",
                "object": "chat.completion.chunk",
                "model": body.get("model"),
                "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}],
            }
            await resp.write(b"data: " + orjson.dumps(chunk) + b"\n\n")
            if self.stream_interval:
                await asyncio.sleep(self.stream_interval)
            if self.cut_stream_after is not None and i + 1 >= self.cut_stream_after:
                return resp  # the body ends here: no finish_reason, no [DONE]
        final = {
            "id": "stub-1",
            "object": "chat.completion.chunk",
            "model": body.get("model"),
            "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
            "usage": usage,
        }
        await resp.write(b"data: " + orjson.dumps(final) + b"\n\ndata: [DONE]\n\n")
        return resp

    async def _models(self, request):
        return web.json_response({"object": "list", "data": [{"id": "stub", "object": "model"}]})

    async def _embeddings(self, request):
        body = await request.json()
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        return web.json_response(
            {
                "object": "list",
                "model": body.get("model"),
                "data": [
                    {"object": "embedding", "index": i, "embedding": [float(len(t)), 1.0, 0.0]}
                    for i, t in enumerate(inputs)
                ],
                "usage": {"prompt_tokens": 1, "total_tokens": 1},
            }
        )

    def start(self) -> StubUpstream:
        ready = threading.Event()

        def run():
            self._loop = asyncio.new_event_loop()
            app = web.Application()
            app.router.add_post("/v1/chat/completions", self._chat)
            app.router.add_get("/v1/models", self._models)
            app.router.add_post("/v1/embeddings", self._embeddings)
            self._runner = web.AppRunner(app, access_log=None)
            self._loop.run_until_complete(self._runner.setup())
            self._loop.run_until_complete(web.TCPSite(self._runner, "127.0.0.1", self.port).start())
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop:
            fut = asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop)
            fut.result(5)
            self._loop.call_soon_threadsafe(self._loop.stop)
