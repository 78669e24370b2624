"""Trace records the evaluation store refused, kept for an operator instead of being lost.

A record that fails on its own — its neighbours in the batch were written, the database is up —
is a bad *record*, not a bad *database*: retrying it can only fail again and hold up every spilled
record behind it. The trace writer moves it here: one JSON line per record with the time, the
store's error and the record itself (or, for a spill-file line that could not even be read, the
raw line). Each quarantine is logged at ERROR and counted; the count, kept across restarts, is on
``/readyz``. To retry after fixing the cause, append the ``record`` objects to the spill file.
"""

from __future__ import annotations

import logging
import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

log = logging.getLogger("llmgateway.store")


class Quarantine:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.count = 0
        self._lock = threading.Lock()

    def load_count(self) -> int:
        """Count what earlier runs left (blocking: call from a thread)."""
        with self._lock:
            if self.path.exists():
                with open(self.path, "rb") as fh:
                    self.count = sum(1 for line in fh if line.strip())
        return self.count

    def add(self, error: BaseException | str, *, record: dict | None = None, line: bytes | None = None) -> None:
        reason = error if isinstance(error, str) else describe(error)
        entry: dict[str, Any] = {"quarantined_at": datetime.now(UTC).isoformat(), "error": reason}
        if record is not None:
            entry["record"] = record
        if line is not None:
            entry["line"] = line.decode("utf-8", "replace")
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "ab") as fh:
                fh.write(orjson.dumps(entry, default=str) + b"\n")
                fh.flush()
                os.fsync(fh.fileno())
            self.count += 1
        log.error(
            "trace %s refused by the evaluation store (%s); quarantined in %s (%d kept there)",
            (record or {}).get("trace_id", "<unreadable spill line>"),
            reason,
            self.path,
            self.count,
        )


def describe(exc: BaseException) -> str:
    """One line: the exception class and the first line of its message (no SQL, no parameters)."""
    message = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return f"{exc.__class__.__name__}: {message[0] if message else ''}".rstrip(": ")
