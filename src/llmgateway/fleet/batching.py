"""One Lua script for many concurrent callers: the calls made in one event-loop tick go to Redis
as one pipeline of ``EVALSHA`` commands.

Why: redis-py's asyncio client spends ~100 µs of CPU per command (pool, packing, parsing) on this
machine, which is most of what a limit check costs. Measured with bench/bench_limits.py: one
EVALSHA per call sustains ~9k calls/s on one event loop; pipelines of 8 or more, ~38k/s. A
lone call still makes one round trip, so the sequential latency is unchanged.
"""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any

from redis.exceptions import NoScriptError


class ScriptBatcher:
    def __init__(self, redis, source: str):
        self.redis = redis
        self.source = source
        self.sha = hashlib.sha1(source.encode()).hexdigest()
        self._waiting: list[tuple[list, list, asyncio.Future]] = []
        self._scheduled = False
        self._tasks: set[asyncio.Task] = set()

    async def __call__(self, keys: list, args: list) -> Any:
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._waiting.append((keys, args, future))
        if not self._scheduled:
            self._scheduled = True
            loop.call_soon(self._send)
        return await future

    def _send(self) -> None:
        self._scheduled = False
        batch, self._waiting = self._waiting, []
        task = asyncio.get_running_loop().create_task(self._execute(batch))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _execute(self, batch: list[tuple[list, list, asyncio.Future]]) -> None:
        try:
            results = await self._pipeline(batch)
            if any(isinstance(r, NoScriptError) for r in results):  # a restarted Redis forgot the script
                await self.redis.script_load(self.source)
                results = await self._pipeline(batch)
        except BaseException as exc:  # connection refused, timeout: every caller in the batch hears it
            for _keys, _args, future in batch:
                if not future.done():
                    future.set_exception(exc if isinstance(exc, Exception) else ConnectionError(str(exc)))
            if not isinstance(exc, Exception):
                raise
            return
        for (_keys, _args, future), result in zip(batch, results):
            if future.done():  # the caller went away
                continue
            if isinstance(result, Exception):
                future.set_exception(result)
            else:
                future.set_result(result)

    async def _pipeline(self, batch: list[tuple[list, list, asyncio.Future]]) -> list:
        async with self.redis.pipeline(transaction=False) as pipe:
            for keys, args, _future in batch:
                pipe.evalsha(self.sha, len(keys), *keys, *args)
            return await pipe.execute(raise_on_error=False)
