"""The trace writer: the request path only enqueues; a background task writes in batches.

* ``submit(record)`` never waits: it puts the record on a bounded in-memory queue; when the queue
  is full the record goes straight to the spill file instead (nothing is dropped).
* The writer flushes when ``batch_size`` records are waiting or every ``flush_interval_ms``.
* If the database is unreachable the batch is appended to the spill file (JSON lines); once a
  write succeeds again the spill file is replayed (duplicates by ``trace_id`` are skipped) and
  removed. ``stop()`` drains the queue.
* A bad record is not a bad database. Text is made storable first (a NUL byte, which PostgreSQL
  text cannot hold, becomes U+FFFD; a string longer than its column is cut to fit). A batch that
  the store refuses for its data (``DataError``, ``IntegrityError``, a value no column takes) is
  split in halves until the refused records stand alone; those go to the quarantine
  (quarantine.py) and the rest is written — live batches and replays alike, so one record can never
  hold the spill file back.
* Token usage per key is added to ``api_keys.tokens_used`` in the same transaction.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

import orjson
from sqlalchemy import select, update
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError

from .bulk_insert import insert_traces
from .models import TRACE_COLUMNS, ApiKey, Trace
from .quarantine import Quarantine, describe

log = logging.getLogger("llmgateway.store")
_DATETIME_FIELDS = ("created_at", "scored_at")
_STOP: dict = {}  # queued by stop(): the loop writes what came before it and returns
_TICK: dict = {}  # queued by the idle ticker: replay the spill file even when no traffic comes
REPLAY_IDLE_S = 1.0


def refuses_record(exc: BaseException) -> bool:
    """True when the store refused the data rather than failed itself: worth isolating the records.
    A driver error about the data, or a value a column's processor could not convert."""
    if isinstance(exc, (DataError, IntegrityError)):
        return True
    return not isinstance(exc, (SQLAlchemyError, OSError))


def _encode(record: dict) -> bytes:
    return orjson.dumps(record, default=str)


def _decode(line: bytes) -> dict:
    record = orjson.loads(line)
    for key in _DATETIME_FIELDS:
        if isinstance(record.get(key), str):
            record[key] = datetime.fromisoformat(record[key])
    return record


class UnknownTraceColumn(ValueError):
    """A trace record names a column the ``traces`` table does not have (a misspelt or new key
    without its column and migration): refused at once instead of silently dropped."""


class TraceWriter:
    def __init__(
        self,
        store,
        spill_path: str | Path,
        *,
        queue_size: int = 10_000,
        batch_size: int = 256,
        flush_interval_ms: int = 100,
    ):
        self.store = store
        self.spill_path = Path(spill_path)
        self.batch_size = batch_size
        self.flush_interval = flush_interval_ms / 1000
        self.queue: asyncio.Queue | None = None
        self.queue_size = queue_size
        self._task: asyncio.Task | None = None
        self._ticker: asyncio.Task | None = None
        self._stopping = asyncio.Event()  # set by stop(): a batch still filling is written at once
        self._spill_lock = threading.Lock()
        self._overflow: BinaryIO | None = None  # open spill file for records that found the queue full
        self.on_tokens_flushed = None  # callback(dict key name → tokens) after they are committed
        self.on_batch = None  # callback(list of records) in the writer's thread, before they are stored
        self.written = 0
        self.spilled = 0
        self.db_ok = True
        self.last_error: str | None = None
        self.quarantine = Quarantine(self.spill_path.with_name("trace-quarantine.jsonl"))

    @property
    def quarantined(self) -> int:
        return self.quarantine.count

    # -- request path ---------------------------------------------------------------------
    def submit(self, record: dict) -> None:
        unknown = record.keys() - TRACE_COLUMNS
        if unknown:
            raise UnknownTraceColumn(
                f"trace record has no column {', '.join(sorted(unknown))}; add it to store.models.Trace "
                f"with a migration, or fix the key (columns: {', '.join(sorted(TRACE_COLUMNS))})"
            )
        if self.queue is None:  # not started (CLI, tests): write through
            self._write_or_spill([record])
            return
        try:
            self.queue.put_nowait(record)
        except asyncio.QueueFull:  # overloaded: to the spill file, buffered (the writer syncs it)
            with self._spill_lock:
                if self._overflow is None:
                    self.spill_path.parent.mkdir(parents=True, exist_ok=True)
                    self._overflow = open(self.spill_path, "ab")
                self._overflow.write(_encode(record) + b"\n")
            self.spilled += 1

    # -- lifecycle ------------------------------------------------------------------------
    async def start(self) -> None:
        await asyncio.to_thread(self.quarantine.load_count)
        leftover = self.spill_path.with_suffix(".replaying")
        if leftover.exists():  # a replay interrupted by a crash: put it back in front
            with self._spill_lock:
                tail = self.spill_path.read_bytes() if self.spill_path.exists() else b""
                self.spill_path.write_bytes(leftover.read_bytes() + tail)
                leftover.unlink()
        if self.spill_path.exists():
            await asyncio.to_thread(self.replay)
        self.queue = asyncio.Queue(maxsize=self.queue_size)
        self._stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        self._task = loop.create_task(self._run(), name="trace-writer")
        self._ticker = loop.create_task(self._idle_ticker(), name="trace-writer-idle")

    async def stop(self) -> None:
        """Write everything submitted so far, then stop. The loop is asked to finish (a marker at
        the end of the queue), never cancelled: a cancel would lose the batch in its hands."""
        if self._task is None:
            return
        if self._ticker is not None:
            self._ticker.cancel()
        if not self._task.done():
            assert self.queue is not None  # started
            self._stopping.set()
            await self.queue.put(_STOP)
            try:
                await self._task
            except Exception:  # the loop died; what is still queued is written below
                log.exception("trace writer loop failed; writing what is left")
        remaining = []
        while self.queue is not None and not self.queue.empty():
            record = self.queue.get_nowait()
            if record is not _STOP and record is not _TICK:
                remaining.append(record)
        if remaining:
            await asyncio.to_thread(self._write_or_spill, remaining)
        self._sync_overflow()
        if self.db_ok and self.spill_path.exists():
            await asyncio.to_thread(self.replay)
        self._task, self.queue = None, None

    async def flush(self) -> None:
        """Write everything queued now (tests and shutdown)."""
        batch = []
        while self.queue is not None and not self.queue.empty():
            record = self.queue.get_nowait()
            if record is _STOP:  # stopping: the loop must still see it
                self.queue.put_nowait(record)
                break
            if record is not _TICK:
                batch.append(record)
        if batch:
            await asyncio.to_thread(self._write_or_spill, batch)

    @property
    def pending(self) -> int:
        return self.queue.qsize() if self.queue is not None else 0

    async def _run(self) -> None:
        assert self.queue is not None  # started
        stopping = False
        while not stopping:
            first = await self.queue.get()
            if first is _STOP:
                return
            if first is _TICK:  # idle, and a spill file waits: PostgreSQL may be back
                await self._replay_when_idle()
                continue
            batch = [first]
            if self.queue.qsize() < self.batch_size:  # let the batch fill for one interval (or until stop())
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), self.flush_interval)
            # drain without an await per record: the request path shares this event loop
            while self.queue.qsize() and len(batch) < self.batch_size * 8:
                record = self.queue.get_nowait()
                if record is _STOP:
                    stopping = True
                    break
                if record is not _TICK:
                    batch.append(record)
            await asyncio.to_thread(self._write_or_spill, batch)
            if self._overflow is not None:
                await asyncio.to_thread(self._sync_overflow)
            # replay only when live traffic leaves slack, so a backlog never feeds on itself
            if not stopping and self.db_ok and self.spill_path.exists() and self.queue.qsize() < self.batch_size:
                try:
                    await asyncio.to_thread(self.replay)
                except Exception:  # keep writing new traces; the spill file stays for the next try
                    log.exception("replaying %s failed", self.spill_path)

    async def _idle_ticker(self) -> None:
        """Without traffic no batch is written, so nothing would notice that PostgreSQL is back:
        while a spill file exists, wake the loop every ``REPLAY_IDLE_S`` when it has nothing to do."""
        while True:
            await asyncio.sleep(REPLAY_IDLE_S)
            if self.queue is not None and self.queue.empty() and self.spill_path.exists():
                self.queue.put_nowait(_TICK)

    async def _replay_when_idle(self) -> None:
        def replay_if_reachable() -> None:
            if not self.db_ok:
                try:
                    self.store.ping()  # cheap; the spill file is read only once the store answers
                except Exception:  # still down: the next tick tries again
                    return
            self.replay()

        try:
            await asyncio.to_thread(replay_if_reachable)
        except Exception:  # keep the loop; the spill file stays for the next try
            log.exception("replaying %s failed", self.spill_path)

    def _sync_overflow(self) -> None:
        with self._spill_lock:
            self._close_overflow()

    def _close_overflow(self) -> None:
        """Flush, fsync and close the overflow handle; the caller holds ``_spill_lock``."""
        if self._overflow is not None:
            self._overflow.flush()
            os.fsync(self._overflow.fileno())
            self._overflow.close()
            self._overflow = None

    # -- database and spill file ------------------------------------------------------------
    def _write_or_spill(self, batch: list[dict]) -> None:
        if self.on_batch is not None:  # off the request path: /metrics counts calls here
            try:
                self.on_batch(batch)
            except Exception:  # a metrics fault must never cost a trace
                log.exception("trace batch observer failed")
        unwritten = self._store(batch)
        if unwritten:
            self._spill(unwritten)

    def _store(self, batch: list[dict], *, skip_existing: bool = False) -> list[dict]:
        """Write ``batch``; quarantine the records the store refuses; return the records left
        unwritten because the store itself failed (to spill, or to keep in the spill file)."""
        try:
            self._insert(batch, skip_existing=skip_existing)
        except Exception as exc:
            if not refuses_record(exc):
                self._store_failed(exc)
                return batch
            if len(batch) == 1:
                self.quarantine.add(exc, record=batch[0])
                return []
            middle = len(batch) // 2
            unwritten = self._store(batch[:middle], skip_existing=skip_existing)
            if unwritten:  # the store failed meanwhile: keep the untried half with it
                return unwritten + batch[middle:]
            return self._store(batch[middle:], skip_existing=skip_existing)
        if not self.db_ok:
            log.warning("evaluation store reachable again; replaying spilled traces")
        self.db_ok, self.last_error = True, None
        return []

    def _store_failed(self, exc: BaseException) -> None:
        if self.db_ok:
            log.error(
                "evaluation store unreachable (%s); spilling traces to %s", exc.__class__.__name__, self.spill_path
            )
        self.db_ok, self.last_error = False, describe(exc)

    def _insert(self, batch: list[dict], skip_existing: bool = False) -> None:
        tokens: dict[str, int] = defaultdict(int)
        with self.store.engine.begin() as conn:
            if skip_existing:
                ids = [r["trace_id"] for r in batch]
                existing = set(conn.execute(select(Trace.trace_id).where(Trace.trace_id.in_(ids))).scalars())
                batch = [r for r in batch if r["trace_id"] not in existing]
            if not batch:
                return
            insert_traces(conn, batch)
            written = len(batch)
            for r in batch:  # shadow calls (parent_trace_id) are the firm's cost, not the caller's
                if r.get("key_name") and not r.get("parent_trace_id"):
                    tokens[r["key_name"]] += (r.get("prompt_tokens") or 0) + (r.get("completion_tokens") or 0)
            for name, n in tokens.items():
                if n:
                    conn.execute(update(ApiKey).where(ApiKey.name == name).values(tokens_used=ApiKey.tokens_used + n))
        self.written += written
        if self.on_tokens_flushed is not None and tokens:
            self.on_tokens_flushed(dict(tokens))

    def _spill(self, batch: list[dict]) -> None:
        with self._spill_lock:
            self.spill_path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.spill_path, "ab") as fh:
                for record in batch:
                    fh.write(_encode(record) + b"\n")
                fh.flush()
                os.fsync(fh.fileno())
        self.spilled += len(batch)

    def replay(self) -> int:
        """Insert spilled records (skipping ones already stored); remove the file when done."""
        with self._spill_lock:
            self._close_overflow()  # records buffered for the spill file must be in it before the rename
            if not self.spill_path.exists():
                return 0
            replaying = self.spill_path.with_suffix(".replaying")
            os.replace(self.spill_path, replaying)
        records = []
        for line in replaying.read_bytes().splitlines():
            if line.strip():
                try:
                    records.append(_decode(line))
                except ValueError as exc:  # a line torn by a crash: kept, never retried
                    self.quarantine.add(exc, line=line)
        unwritten: list[dict] = []
        for start in range(0, len(records), 500):
            unwritten = self._store(records[start : start + 500], skip_existing=True)
            if unwritten:
                unwritten += records[start + 500 :]
                break
        if unwritten:
            log.error("replay stopped: the evaluation store failed (%s); keeping the spill file", self.last_error)
            with self._spill_lock:  # put them back in front of anything spilled meanwhile
                tail = self.spill_path.read_bytes() if self.spill_path.exists() else b""
                self.spill_path.write_bytes(b"".join(_encode(r) + b"\n" for r in unwritten) + tail)
                replaying.unlink()
            return 0
        replaying.unlink()
        log.info("replayed %d spilled traces into the evaluation store", len(records))
        return len(records)
