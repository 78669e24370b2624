"""What a rate-limit check costs on the request path: per process against Redis (one EVALSHA).

Calls ``Limiter.check`` (the function the request path awaits) on uvloop, as the gateway does:

  none     a key with no limits             (no Redis call at all)
  local    key rpm, per-process buckets     (today's behaviour without ``redis.url``)
  redis    key rpm + route rpm + budget     (one EVALSHA round trip to a real redis-server)

Sequential calls give the added latency per request (p50/p99); 32 concurrent callers give the
checks/s one event loop sustains. The redis-server is started here on ``--port`` (never the
machine's shared one) and stopped at the end.

    python bench/bench_limits.py [--port 18411] [--n 5000]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from llmgateway.fleet.limits import Limiter  # noqa: E402
from llmgateway.fleet.settings import RedisSettings  # noqa: E402
from llmgateway.pipeline import CallerKey  # noqa: E402


class Ring:
    """The two numbers the limiter reads from the key ring (the store's token counts)."""

    def stored_tokens(self, name: str) -> int:
        return 0

    def tokens_used(self, name: str) -> int:
        return 0

    def spend(self, name: str, tokens: int) -> None:
        return None


class Route:
    name, rpm, rpm_per_key = "chat", 10**9, None


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


async def sequential(limiter: Limiter, caller: CallerKey, route, n: int) -> list[float]:
    for _ in range(200):  # warm: connection pool, script cache
        await limiter.check(caller, route)
    out = []
    for _ in range(n):
        t = time.perf_counter()
        await limiter.check(caller, route)
        out.append((time.perf_counter() - t) * 1e6)
    return out


async def concurrent(limiter: Limiter, caller: CallerKey, route, n: int, width: int = 32) -> float:
    async def worker(k: int) -> None:
        for _ in range(k):
            await limiter.check(caller, route)

    t = time.perf_counter()
    await asyncio.gather(*(worker(n // width) for _ in range(width)))
    return (n // width) * width / (time.perf_counter() - t)


async def run(port: int, n: int) -> None:
    huge = 10**9  # limits that never refuse: we time the check, not the 429
    cases = [
        ("none", Limiter(Ring()), CallerKey(name="k", role="client"), None),
        ("local", Limiter(Ring()), CallerKey(name="k", role="client", rpm=huge), None),
    ]
    redis_limiter = Limiter(Ring(), RedisSettings(url=f"redis://127.0.0.1:{port}/0"), 2)
    await redis_limiter.start()
    cases.append(("redis", redis_limiter, CallerKey(name="k", role="client", rpm=huge, token_budget=huge), Route()))
    print(f"{'case':8} {'p50 µs':>8} {'p99 µs':>8} {'mean µs':>8} {'checks/s (32 conc.)':>20}")
    for name, limiter, caller, route in cases:
        lat = await sequential(limiter, caller, route, n)
        rate = await concurrent(limiter, caller, route, n)
        print(f"{name:8} {pct(lat, 0.5):8.1f} {pct(lat, 0.99):8.1f} {statistics.mean(lat):8.1f} {rate:20,.0f}")
    assert not redis_limiter.degraded, redis_limiter.last_error
    await redis_limiter.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=18411)
    parser.add_argument("--n", type=int, default=5000)
    args = parser.parse_args()
    exe = shutil.which("redis-server")
    if exe is None:
        sys.exit("redis-server not found (apt-get install redis-server)")
    server = subprocess.Popen(
        [exe, "--port", str(args.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.5)
        import uvloop

        uvloop.run(run(args.port, args.n))
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
