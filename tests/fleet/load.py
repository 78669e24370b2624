"""Client load for the drills: threads calling the gateway with the official ``openai`` SDK.

``Load(url, key).start()`` keeps ``threads`` callers busy until ``stop()``, which returns every
call's ``Outcome``: HTTP status (0 when the connection itself failed), the ``x-trace-id`` the
gateway answered with, when the call started and ended, and the error text.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import openai


@dataclass
class Outcome:
    status: int
    trace_id: str | None
    started: float
    ended: float
    error: str = ""
    text: str = ""


def call(client: openai.OpenAI, route: str, content: str, *, stream: bool = False) -> Outcome:
    """One chat call; never raises (an error is an Outcome with the status and message)."""
    started = time.monotonic()
    messages = [{"role": "user", "content": content}]
    try:
        if stream:
            with client.chat.completions.with_streaming_response.create(
                model=route, messages=messages, stream=True
            ) as resp:
                text = "".join((chunk.choices[0].delta.content or "") for chunk in resp.parse() if chunk.choices)
                return Outcome(resp.status_code, resp.headers.get("x-trace-id"), started, time.monotonic(), text=text)
        raw = client.chat.completions.with_raw_response.create(model=route, messages=messages)
        completion = raw.parse()
        text = completion.choices[0].message.content or ""
        return Outcome(raw.status_code, raw.headers.get("x-trace-id"), started, time.monotonic(), text=text)
    except openai.APIStatusError as exc:
        trace_id = exc.response.headers.get("x-trace-id")
        return Outcome(exc.status_code, trace_id, started, time.monotonic(), error=str(exc)[:300])
    except openai.APIConnectionError as exc:
        return Outcome(0, None, started, time.monotonic(), error=f"{type(exc).__name__}: {exc}"[:300])


class Load:
    def __init__(
        self,
        base_url: str,
        key: str,
        *,
        threads: int = 4,
        route: str = "chat",
        content: str = "Summarise the quarter in one line.",
        stream_every: int = 0,
        pause: float = 0.0,
        limit: int | None = None,
    ):
        self.base_url, self.key, self.route, self.content = base_url, key, route, content
        self.n_threads, self.stream_every, self.pause, self.limit = threads, stream_every, pause, limit
        self.outcomes: list[Outcome] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._issued = 0

    def _take(self) -> int | None:
        with self._lock:
            if self._stop.is_set() or (self.limit is not None and self._issued >= self.limit):
                return None
            self._issued += 1
            return self._issued

    def _run(self) -> None:
        client = openai.OpenAI(base_url=f"{self.base_url}/v1", api_key=self.key, max_retries=0, timeout=60)
        while (n := self._take()) is not None:
            stream = bool(self.stream_every) and n % self.stream_every == 0
            outcome = call(client, self.route, f"{self.content} (call {n})", stream=stream)
            with self._lock:
                self.outcomes.append(outcome)
            if self.pause:
                time.sleep(self.pause)
        client.close()

    def start(self) -> Load:
        for i in range(self.n_threads):
            thread = threading.Thread(target=self._run, name=f"load-{i}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def count(self) -> int:
        with self._lock:
            return len(self.outcomes)

    def answered_since(self, t: float) -> int:
        """Calls started at or after monotonic time ``t`` and answered with 200."""
        with self._lock:
            return sum(1 for o in self.outcomes if o.started >= t and o.status == 200)

    def wait(self, timeout: float = 120) -> list[Outcome]:
        """Until ``limit`` calls were made (or ``stop()``)."""
        for thread in self._threads:
            thread.join(timeout)
        return list(self.outcomes)

    def stop(self) -> list[Outcome]:
        self._stop.set()
        return self.wait()

    @staticmethod
    def accepted(outcomes: list[Outcome]) -> list[str]:
        """Trace ids of the calls the fleet answered with 200."""
        return [o.trace_id for o in outcomes if o.status == 200 and o.trace_id]
