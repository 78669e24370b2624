"""Refused requests leave a trace, and a flood of them costs a bounded amount.

Audit must see attempts, not only calls: a request refused before it became a call (bad key 401,
route not allowed 403, unknown route 404, body too large 413, rate limited 429, invalid 400) is
recorded as a trace with status ``refused`` (call_record.refusal_row; no body for 401 and 413).

A flood of refusals must not turn into a flood of writes: refusals take tokens from a bucket
(``rate`` a second, ``burst`` at once). Without a token a refusal is only counted; the counts go
out as one summary trace (status ``refused``, route ``(flood)``, ``extra.suppressed`` by status
code) at most once a second, and are logged — every refusal is accounted for, few are written.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import Counter
from datetime import UTC, datetime

from ..call_record import refusal_row
from ..errors import GatewayError

log = logging.getLogger("llmgateway.refusals")


class RefusalRecorder:
    def __init__(self, writer, *, rate: float = 50.0, burst: int = 200):
        self.writer = writer
        self.rate, self.burst = rate, burst
        self._tokens = float(burst)
        self._updated = time.monotonic()
        self._suppressed: Counter[int] = Counter()
        self._suppressed_since: float | None = None
        self._last_summary = 0.0
        self.recorded = 0
        self.suppressed_total = 0

    def refused(
        self,
        trace_id: str,
        *,
        path: str,
        error: GatewayError,
        key_name: str | None = None,
        body: dict | None = None,
        request_time: float,
        started: float,
    ) -> None:
        now = time.monotonic()
        self._tokens = min(float(self.burst), self._tokens + (now - self._updated) * self.rate)
        self._updated = now
        if self._tokens < 1.0:
            if not self._suppressed:
                self._suppressed_since = time.time()
            self._suppressed[error.status] += 1
            self.suppressed_total += 1
        else:
            self._tokens -= 1.0
            self.writer.submit(
                refusal_row(
                    trace_id,
                    path=path,
                    error=error,
                    key_name=key_name,
                    body=body,
                    request_time=request_time,
                    started=started,
                )
            )
            self.recorded += 1
        self.flush_summary(now)

    def flush_summary(self, now: float | None = None, *, force: bool = False) -> None:
        """One trace for the refusals counted but not written since the last summary."""
        now = time.monotonic() if now is None else now
        if not self._suppressed or (not force and now - self._last_summary < 1.0):
            return
        counts = {str(code): n for code, n in sorted(self._suppressed.items())}
        total = sum(self._suppressed.values())
        since = self._suppressed_since or time.time()
        self._suppressed.clear()
        self._last_summary = now
        log.warning("flood of refused requests: %d not traced one by one (%s)", total, counts)
        self.writer.submit(
            {
                "trace_id": uuid.uuid4().hex,
                "created_at": datetime.fromtimestamp(since, UTC),
                "route": "(flood)",
                "status": "refused",
                "status_code": 429 if set(counts) == {"429"} else int(max(counts, key=lambda code: counts[code])),
                "error": f"{total} refused requests were counted but not traced one by one (flood protection)",
                "extra": {"suppressed": counts, "since": datetime.fromtimestamp(since, UTC).isoformat()},
            }
        )
