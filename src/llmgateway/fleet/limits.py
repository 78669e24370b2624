"""Rate limits and token budgets: fleet-wide in Redis, per process without it.

Every limit is a token bucket of capacity ``rpm`` refilled at ``rpm/60`` per second. Three kinds
apply to a call: the key's ``rpm`` (``keys create --rpm``), the route's ``rpm`` (all callers) and
the route's ``rpm_per_key``. With ``redis.url`` set, one Lua script (one ``EVALSHA`` round trip)
checks every bucket of a call and the key's token budget, then takes a token from each bucket only
if all of them have one — atomically, on Redis's clock, so N replicas enforce exactly one limit.

Token budgets: ``{prefix}:tok:{key}`` counts tokens spent fleet-wide (``INCRBY`` batched every
``SPEND_FLUSH_S``). It is reconciled to PostgreSQL on every check: the script takes
``max(counter, api_keys.tokens_used)`` (the latter as the key ring last read it), so a Redis that
restarted empty picks the durable count back up at once.

Redis down (connection refused, timeout): the call is checked by local buckets holding
``limit // fleet.size`` (at least 1), logged once per transition, and ``/readyz`` reports
``degraded``; a probe pings Redis every ``probe_interval_s`` and switches back when it answers.
Budgets then use the stored count plus this process's unflushed spend, as without Redis.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

from ..errors import RateLimited
from ..pipeline import CallerKey
from .batching import ScriptBatcher

log = logging.getLogger("llmgateway.fleet")
SPEND_FLUSH_S = 0.05

# KEYS: n bucket keys, then the budget counter.  ARGV: n, rpm_1..rpm_n, budget (-1: none), stored_used.
# Returns {0} when allowed, {-1, used} over budget, {i, wait_s} when bucket i is empty.
LIMIT_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local n = tonumber(ARGV[1])
local budget = tonumber(ARGV[n + 2])
if budget >= 0 then
  local stored = tonumber(ARGV[n + 3])
  local used = tonumber(redis.call('GET', KEYS[n + 1]) or '0')
  if stored > used then
    redis.call('SET', KEYS[n + 1], stored)
    used = stored
  end
  if used >= budget then return {-1, tostring(used)} end
end
local left = {}
for i = 1, n do
  local rpm = tonumber(ARGV[i + 1])
  local v = redis.call('HMGET', KEYS[i], 't', 'ts')
  local tokens = tonumber(v[1]) or rpm
  local ts = tonumber(v[2]) or now
  tokens = math.min(rpm, tokens + math.max(0, now - ts) * rpm / 60)
  if tokens < 1 then return {i, tostring((1 - tokens) * 60 / rpm)} end
  left[i] = tokens - 1
end
for i = 1, n do
  redis.call('HSET', KEYS[i], 't', tostring(left[i]), 'ts', tostring(now))
  redis.call('EXPIRE', KEYS[i], 120)
end
return {0}
"""


@dataclass(frozen=True)
class Bucket:
    key: str  # Redis key suffix and local bucket name: "key:<name>", "route:<r>", "kr:<r>:<name>"
    rpm: int
    what: str  # for the 429 message


def buckets_for(caller: CallerKey, route) -> list[Bucket]:
    """The buckets a call draws from: the key's, the route's, and the key's on this route."""
    out = []
    if caller.name is not None and caller.rpm:
        out.append(Bucket(f"key:{caller.name}", caller.rpm, f"key '{caller.name}'"))
    if route is not None:
        if getattr(route, "rpm", None):
            out.append(Bucket(f"route:{route.name}", route.rpm, f"route '{route.name}'"))
        if caller.name is not None and getattr(route, "rpm_per_key", None):
            out.append(
                Bucket(
                    f"kr:{route.name}:{caller.name}",
                    route.rpm_per_key,
                    f"key '{caller.name}' on route '{route.name}'",
                )
            )
    return out


def rate_limited(bucket: Bucket, rpm: int, wait: float) -> RateLimited:
    return RateLimited(
        f"rate limit of {rpm} requests per minute exceeded for {bucket.what}; retry in {wait:.1f}s", retry_after=wait
    )


def over_budget(caller: CallerKey, used: int) -> RateLimited:
    return RateLimited(
        f"token budget of {caller.token_budget} exhausted for key '{caller.name}' ({used} used)",
        code="insufficient_quota",
        type="insufficient_quota",
    )


class LocalBuckets:
    """Token buckets in this process; ``divisor`` shares a limit among the replicas of a fleet."""

    def __init__(self) -> None:
        self._buckets: dict[str, tuple[float, float]] = {}  # name → (tokens, updated)

    def reset(self) -> None:
        self._buckets.clear()

    def take(self, buckets: list[Bucket], divisor: int = 1) -> None:
        now = time.monotonic()
        left = []
        for b in buckets:
            rpm = max(1, b.rpm // divisor)
            tokens, updated = self._buckets.get(b.key, (float(rpm), now))
            tokens = min(float(rpm), tokens + (now - updated) * rpm / 60.0)
            if tokens < 1.0:
                raise rate_limited(b, rpm, (1.0 - tokens) * 60.0 / rpm)
            left.append(tokens - 1.0)
        for b, tokens in zip(buckets, left):
            self._buckets[b.key] = (tokens, now)


class Limiter:
    """What the request path calls: ``await check(caller, route)`` and ``spend(name, tokens)``."""

    def __init__(self, keyring, redis_settings=None, fleet_size: int = 1):
        self.keyring = keyring
        self.fleet_size = fleet_size
        self.settings = redis_settings
        self.local = LocalBuckets()
        self.redis = None
        self.degraded = False
        self.last_error: str | None = None
        self._script: ScriptBatcher | None = None
        self._pending: dict[str, int] = {}
        self._tasks: list[asyncio.Task] = []
        self._prefix = f"{redis_settings.prefix}:" if redis_settings is not None else ""
        if redis_settings is not None and redis_settings.url:
            import redis.asyncio as aioredis

            timeout = redis_settings.timeout_ms / 1000
            self.redis = aioredis.Redis.from_url(
                redis_settings.url, socket_timeout=timeout, socket_connect_timeout=timeout
            )
            self._script = ScriptBatcher(self.redis, LIMIT_SCRIPT)

    @property
    def shared(self) -> bool:
        return self.redis is not None

    @property
    def url(self) -> str:
        return _safe_url(self.settings.url) if self.settings is not None and self.settings.url else ""

    async def start(self) -> None:
        if self.redis is None:
            return
        try:
            await self.redis.ping()
            log.info("rate limits and token budgets are fleet-wide in Redis %s", self.url)
        except Exception as exc:  # Redis may come up after us: start degraded, the probe recovers
            self._went_down(exc)
        loop = asyncio.get_running_loop()
        self._tasks = [
            loop.create_task(self._probe_loop(), name="redis-probe"),
            loop.create_task(self._spend_loop(), name="redis-spend"),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        if self.redis is not None:
            if not self.degraded:
                await self._flush_spend()
            await self.redis.aclose()

    # -- the request path -----------------------------------------------------------------
    async def check(self, caller: CallerKey, route=None) -> None:
        buckets = buckets_for(caller, route)
        budget = caller.token_budget if caller.name is not None else None
        if not buckets and budget is None:
            return
        if self._script is not None and not self.degraded:
            try:
                result = await self._script(
                    keys=[self._prefix + "rl:" + b.key for b in buckets]
                    + [self._prefix + "tok:" + (caller.name or "")],
                    args=[
                        len(buckets),
                        *(b.rpm for b in buckets),
                        -1 if budget is None else budget,
                        self.keyring.stored_tokens(caller.name) if budget is not None else 0,
                    ],
                )
            except Exception as exc:  # connection refused, timeout, Redis restarting: go local
                self._went_down(exc)
            else:
                code = int(result[0])
                if code == 0:
                    return
                if code < 0:
                    raise over_budget(caller, int(float(result[1])))
                bucket = buckets[code - 1]
                raise rate_limited(bucket, bucket.rpm, float(result[1]))
        if budget is not None and caller.name is not None:
            used = self.keyring.tokens_used(caller.name)
            if used >= budget:
                raise over_budget(caller, used)
        self.local.take(buckets, self.fleet_size if self.redis is not None else 1)

    def spend(self, name: str | None, tokens: int) -> None:
        if not name or not tokens:
            return
        self.keyring.spend(name, tokens)
        if self.redis is not None and not self.degraded:
            self._pending[name] = self._pending.get(name, 0) + tokens

    # -- background ---------------------------------------------------------------------
    async def _spend_loop(self) -> None:
        while True:
            await asyncio.sleep(SPEND_FLUSH_S)
            if self._pending and not self.degraded:
                await self._flush_spend()

    async def _flush_spend(self) -> None:
        pending, self._pending = self._pending, {}
        if not pending or self.redis is None:
            return
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                for name, tokens in pending.items():
                    pipe.incrby(self._prefix + "tok:" + name, tokens)
                await pipe.execute()
        except Exception as exc:  # the stored count (PostgreSQL) still has these tokens
            self._went_down(exc)

    async def _probe_loop(self) -> None:
        assert self.settings is not None and self.redis is not None
        while True:
            await asyncio.sleep(self.settings.probe_interval_s)
            if not self.degraded:
                continue
            try:
                await self.redis.ping()
            except Exception as exc:
                self.last_error = _describe(exc)
                continue
            self.degraded = False
            self.last_error = None
            log.warning("rate limits restored: Redis %s reachable again; fleet-wide limits enforced", self.url)

    def _went_down(self, exc: BaseException) -> None:
        self.last_error = _describe(exc)
        self._pending.clear()
        if self.degraded:
            return
        self.degraded = True
        self.local.reset()
        log.error(
            "RATE LIMITS DEGRADED: Redis %s unreachable (%s); enforcing per-replica limits "
            "(limit / fleet.size=%d) until it returns",
            self.url,
            self.last_error,
            self.fleet_size,
        )

    def readiness(self) -> dict:
        if self.redis is None:
            return {"ok": True, "degraded": False, "detail": "not configured: per-process limits"}
        if self.degraded:
            return {
                "ok": True,
                "degraded": True,
                "detail": f"redis {self.url} unreachable ({self.last_error}); "
                f"per-replica limits (limit / fleet.size={self.fleet_size})",
            }
        return {"ok": True, "degraded": False, "detail": f"redis {self.url}"}


def _describe(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__


def _safe_url(url: str) -> str:
    """The URL without a password, for logs and /readyz."""
    scheme, sep, rest = url.partition("://")
    if "@" in rest:
        rest = "***@" + rest.rsplit("@", 1)[1]
    return scheme + sep + rest
