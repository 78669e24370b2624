"""Changes reach every replica at once: PostgreSQL LISTEN/NOTIFY on ``llmgateway_changes``.

Why PostgreSQL and not Redis pub/sub: keys live in PostgreSQL, and ``pg_notify`` sent inside the
transaction that creates or revokes a key is delivered exactly when that transaction commits —
never before the row is visible, never for a rolled-back change. It needs no second service (a
fleet without Redis still propagates), and while PostgreSQL is down no key can change anyway.

Payload: ``{"kind": "keys" | "prompts" | "policies", "origin": "<replica or cli>"}``.

* ``keys``: ``llmgateway keys create`` / ``revoke`` notify in their transaction; every replica
  reloads its key ring (revocation honoured in milliseconds, not at the next 2 s refresh).
* ``prompts`` / ``policies``: they are files (a shared volume or a git checkout per replica).
  ``llmgateway prompts label`` notifies after editing ``labels.yaml``, and a replica whose watcher
  swaps in a new registry or policy set notifies too; the others re-read their folders at once
  instead of at their next poll.

A lost connection (PostgreSQL restarting) is retried every second; after reconnecting the replica
reloads its keys, since notifications sent meanwhile are gone. SQLite (one node): no listener; the
key ring's 2 s refresh and the folder watchers' polls carry changes, as before.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from typing import Any

import orjson
from sqlalchemy import text

log = logging.getLogger("llmgateway.fleet")
CHANNEL = "llmgateway_changes"
KINDS = ("keys", "prompts", "policies")
WATCH_INTERVAL_S = 0.25  # how often a replica compares its served prompt registry / policy set


def payload(kind: str, origin: str) -> str:
    return orjson.dumps({"kind": kind, "origin": origin}).decode()


def notify_in(session_or_conn, kind: str, origin: str = "cli") -> None:
    """Queue a notification in an open PostgreSQL transaction (sent when it commits); no-op on SQLite."""
    if session_or_conn.get_bind().dialect.name == "postgresql":
        session_or_conn.execute(text("SELECT pg_notify(:c, :p)"), {"c": CHANNEL, "p": payload(kind, origin)})


def announce(store, kind: str, origin: str = "cli") -> None:
    """Notify every replica now (its own short transaction); no-op on SQLite."""
    if store.dialect != "postgresql":
        return
    with store.engine.begin() as conn:
        conn.execute(text("SELECT pg_notify(:c, :p)"), {"c": CHANNEL, "p": payload(kind, origin)})


def psycopg_dsn(store) -> str:
    """The store's SQLAlchemy URL as a libpq connection string."""
    url = store.engine.url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class Propagator:
    def __init__(self, components, replica: str):
        self.c = components
        # unique per process, so a replica ignores exactly its own messages even where two share a name
        self.replica = f"{replica}/{secrets.token_hex(4)}"
        self.connected = False
        self.received = 0
        self.last_error: str | None = None
        self._tasks: list[asyncio.Task] = []
        self._served: dict[str, Any] = {}

    @property
    def enabled(self) -> bool:
        return self.c.store is not None and self.c.store.dialect == "postgresql"

    async def start(self) -> None:
        if not self.enabled:
            return
        loop = asyncio.get_running_loop()
        self._tasks = [
            loop.create_task(self._listen_loop(), name="propagation-listen"),
            loop.create_task(self._watch_loop(), name="propagation-watch"),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        self._tasks = []

    def readiness(self) -> dict:
        if not self.enabled:
            return {"ok": True, "detail": "single node (SQLite): polling"}
        state = "listening" if self.connected else f"reconnecting ({self.last_error})"
        return {"ok": True, "detail": f"LISTEN {CHANNEL}: {state}; {self.received} received"}

    # -- receiving --------------------------------------------------------------------------
    async def _listen_loop(self) -> None:
        import psycopg

        dsn = psycopg_dsn(self.c.store)
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                    dsn, autocommit=True, connect_timeout=5, keepalives=1, keepalives_idle=5, keepalives_interval=2
                ) as conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    if not self.connected and self.last_error is not None:
                        log.warning("propagation: listening on %s again; reloading keys", CHANNEL)
                        await self._apply("keys")  # what was sent while we were away is gone
                    self.connected, self.last_error = True, None
                    async for note in conn.notifies():
                        await self._received(note.payload)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # PostgreSQL restarting or unreachable: retry, keep serving
                if self.connected or self.last_error is None:
                    log.warning("propagation: lost %s (%s); retrying every second", CHANNEL, exc.__class__.__name__)
                self.connected = False
                self.last_error = exc.__class__.__name__
            await asyncio.sleep(1.0)

    async def _received(self, raw: str) -> None:
        try:
            message = orjson.loads(raw)
            kind, origin = message["kind"], message.get("origin")
        except (ValueError, KeyError, TypeError):
            log.warning("propagation: ignoring malformed notification %r", raw[:200])
            return
        self.received += 1
        if origin == self.replica or kind not in KINDS:
            return
        try:
            await self._apply(kind)
        except Exception:  # one failed reload must not end propagation; the periodic refresh remains
            log.exception("propagation: applying a '%s' change failed", kind)

    async def _apply(self, kind: str) -> None:
        if kind == "keys":
            await asyncio.to_thread(self.c.keyring.load)
        elif kind == "prompts":
            watcher = self.c.find_service("prompts.watcher")
            if watcher is not None:
                await watcher.poll_once()
                self._served["prompts"] = self._current("prompts")
        elif kind == "policies":
            watcher = self.c.find_service("guardrails.watcher")
            if watcher is not None:
                await asyncio.to_thread(watcher.poll_once)
                self._served["policies"] = self._current("policies")

    # -- sending: this replica swapped in new prompts or policies ---------------------------------
    def _current(self, kind: str) -> Any:
        holder = self.c.find_service("prompts.registry" if kind == "prompts" else "guardrails.runtime")
        return getattr(holder, "current", None)

    async def _watch_loop(self) -> None:
        self._served = {k: self._current(k) for k in ("prompts", "policies")}
        while True:
            await asyncio.sleep(WATCH_INTERVAL_S)
            for kind in ("prompts", "policies"):
                now = self._current(kind)
                if now is not self._served.get(kind):
                    self._served[kind] = now
                    try:
                        await asyncio.to_thread(announce, self.c.store, kind, self.replica)
                    except Exception as exc:  # the others still poll their folders
                        log.warning("propagation: could not announce a %s change (%s)", kind, exc.__class__.__name__)
