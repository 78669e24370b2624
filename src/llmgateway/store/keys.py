"""API keys: creation (printed once, stored as SHA-256), lookup cache, rate limit and token budget.

Keys are 32 random bytes, so a plain SHA-256 is a safe at-rest form (no dictionary to attack) and
costs ~1 µs per request. The gateway keeps an in-memory ``KeyRing`` refreshed from the store every
``refresh_s`` seconds, so a revocation by ``llmgateway keys revoke`` takes effect within that time
without a database round trip per request. Rate limits and budgets are checked by
``fleet.limits.Limiter`` (Redis, or per process); the ring keeps ``api_keys.tokens_used`` plus what
this process has spent since its last refresh, which the limiter reads.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..errors import AuthenticationError, ConfigError, StoreUnavailable
from ..fleet.propagation import notify_in
from ..pipeline import CallerKey
from .models import ApiKey

log = logging.getLogger("llmgateway.keys")
ROLES = ("client", "viewer", "admin")
MIN_RELOAD_S = 0.1  # unknown keys reload the key table at most this often
KEY_PREFIX = "lgw-"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_key(
    store,
    name: str,
    *,
    role: str = "client",
    routes: list[str] | None = None,
    rpm: int | None = None,
    token_budget: int | None = None,
    entitlements: list[str] | None = None,
    allow_prompt_override: bool = False,
) -> str:
    """Create a key and return it; only its hash is stored."""
    if role not in ROLES:
        raise ConfigError(f"role '{role}' is not allowed; allowed: {', '.join(ROLES)}", key="role")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(
        name=name,
        key_hash=hash_key(key),
        key_prefix=key[:10],
        role=role,
        routes=routes or None,
        rpm=rpm,
        token_budget=token_budget,
        entitlements=entitlements or [],
        allow_prompt_override=allow_prompt_override,
        tokens_used=0,
        created_at=datetime.now(UTC),
    )
    with store.session() as session:
        session.add(row)
        try:
            session.flush()
            notify_in(session, "keys")  # every replica reloads its keys when this commits
            session.commit()
        except IntegrityError:
            raise ConfigError(
                f"a key named '{name}' already exists; choose another name or revoke it first", key="name"
            ) from None
    return key


def list_keys(store) -> list[ApiKey]:
    with store.session() as session:
        return list(session.execute(select(ApiKey).order_by(ApiKey.name)).scalars())


def revoke_key(store, name: str) -> bool:
    with store.session() as session:
        row = session.execute(select(ApiKey).where(ApiKey.name == name)).scalar_one_or_none()
        if row is None or row.revoked_at is not None:
            return False
        row.revoked_at = datetime.now(UTC)
        notify_in(session, "keys")
        session.commit()
        return True


@dataclass
class _Entry:
    caller: CallerKey
    tokens_used: int


class KeyRing:
    """The cached key table. While the store is unreachable the cache keeps answering for
    ``ttl_s`` after the last good load (then 503: a revocation made meanwhile could not reach us
    for longer than that); it holds at most ``max_keys`` keys (the newest, loudly logged)."""

    def __init__(self, store, *, refresh_s: float = 2.0, ttl_s: float = 300.0, max_keys: int = 100_000):
        self.store = store
        self.refresh_s = refresh_s
        self.ttl_s = ttl_s
        self.max_keys = max_keys
        self.loaded_at = float("-inf")  # monotonic time of the last load that succeeded
        self.store_ok = True
        self._by_hash: dict[str, _Entry] = {}
        self._by_name: dict[str, _Entry] = {}
        self._spent: dict[str, int] = {}  # spent here and not yet committed by the trace writer
        self._lock = threading.Lock()
        self._task: asyncio.Task | None = None
        self._load_started = float("-inf")  # monotonic time the latest load began
        self._loading: asyncio.Future | None = None

    def load(self) -> None:
        self._load_started = time.monotonic()
        started = self._load_started
        query = select(ApiKey).where(ApiKey.revoked_at.is_(None)).order_by(ApiKey.id.desc()).limit(self.max_keys + 1)
        with self.store.session() as session:
            rows = list(session.execute(query).scalars())
        if len(rows) > self.max_keys:
            log.error(
                "more than fleet.key_cache_size=%d active API keys: only the newest %d authenticate; "
                "raise fleet.key_cache_size",
                self.max_keys,
                self.max_keys,
            )
            rows = rows[: self.max_keys]
        fresh = {r.key_hash: _Entry(self._caller(r), r.tokens_used or 0) for r in rows}
        with self._lock:
            self._by_hash = fresh
            self._by_name = {e.caller.name: e for e in fresh.values() if e.caller.name is not None}
        self.loaded_at = started
        if not self.store_ok:
            log.warning("API keys reloaded: the evaluation store is reachable again")
        self.store_ok = True

    @staticmethod
    def _caller(row: ApiKey) -> CallerKey:
        return CallerKey(
            name=row.name,
            role=row.role,
            routes=row.routes,
            entitlements=list(row.entitlements or []),
            allow_prompt_override=bool(row.allow_prompt_override),
            rpm=row.rpm,
            token_budget=row.token_budget,
        )

    async def start(self) -> None:
        await asyncio.to_thread(self.load)
        self._task = asyncio.get_running_loop().create_task(self._refresh_loop(), name="keyring-refresh")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()

    async def _refresh_loop(self) -> None:
        while True:
            await asyncio.sleep(self.refresh_s)
            try:
                await asyncio.to_thread(self.load)
            except Exception as exc:  # a store outage must not stop authentication with the cached keys
                if self.store_ok:
                    log.error(
                        "could not refresh API keys (%s); serving the cached set for at most %.0f s",
                        exc.__class__.__name__,
                        self.ttl_s,
                    )
                self.store_ok = False

    def by_name(self, name: str) -> CallerKey | None:
        """The live (not revoked) key of that name, as last loaded; for sessions that name a key."""
        entry = self._by_name.get(name)
        return entry.caller if entry is not None else None

    async def authenticate(self, authorization: str | None) -> CallerKey:
        if not authorization:
            raise AuthenticationError("missing API key: send 'Authorization: Bearer <key>'", code="missing_api_key")
        scheme, _, key = authorization.partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise AuthenticationError("malformed Authorization header: expected 'Bearer <key>'")
        digest = hash_key(key.strip())
        entry = self._by_hash.get(digest)
        if entry is None:  # maybe created since the last refresh
            try:
                await self._load_since(time.monotonic())
            except SQLAlchemyError as exc:  # the store is down: the cached keys still answer
                log.warning("API key not in the cache and the store is unreachable (%s)", exc.__class__.__name__)
            entry = self._by_hash.get(digest)
        if entry is None:
            raise AuthenticationError("invalid or revoked API key")
        if time.monotonic() - self.loaded_at > self.ttl_s:
            raise StoreUnavailable(
                f"API keys could not be re-read from the evaluation store for over {self.ttl_s:.0f} s "
                "(fleet.key_cache_ttl_s); retry when it is back (/readyz shows the store's state)"
            )
        return entry.caller

    async def _load_since(self, arrived: float) -> None:
        """Return once a load that began at or after ``arrived`` has finished. Unknown keys share
        one load at a time, at most one per ``MIN_RELOAD_S``: a flood of made-up keys costs the
        store a few reads a second, never one per request."""
        while self._load_started < arrived:
            if self._loading is None:
                wait = self._load_started + MIN_RELOAD_S - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                    continue
                self._loading = asyncio.ensure_future(asyncio.to_thread(self.load))
                self._loading.add_done_callback(self._load_done)
            await asyncio.shield(self._loading)

    def _load_done(self, future: asyncio.Future) -> None:
        self._loading = None
        if not future.cancelled():
            future.exception()  # retrieved here; each waiter sees it through the shield

    def stored_tokens(self, name: str) -> int:
        """``api_keys.tokens_used`` as last read or committed by this process."""
        entry = self._by_name.get(name)
        return entry.tokens_used if entry else 0

    def tokens_used(self, name: str) -> int:
        entry = self._by_name.get(name)
        return (entry.tokens_used if entry else 0) + self._spent.get(name, 0)

    def spend(self, name: str | None, tokens: int) -> None:
        if name and tokens:
            with self._lock:
                self._spent[name] = self._spent.get(name, 0) + tokens

    def flushed(self, tokens_by_key: dict[str, int]) -> None:
        """The trace writer committed these tokens to ``api_keys.tokens_used``: move them from the
        in-process count to the cached stored count, which the next refresh re-reads."""
        with self._lock:
            for name, n in tokens_by_key.items():
                if name in self._by_name:
                    self._by_name[name].tokens_used += n
                left = self._spent.get(name, 0) - n
                if left > 0:
                    self._spent[name] = left
                else:
                    self._spent.pop(name, None)
