"""Fleet benchmark: requests/s and p50/p99 through HAProxy with 1 and 2 replicas, and the cost of
fleet-wide (Redis) rate limits per request.

One run starts the fleet topology of the drills (tests/fleet/topology.py: private redis-server and
PostgreSQL cluster, two `llmgateway serve` replicas sharing them, HAProxy with /readyz checks) in
front of the fast stub upstream (bench/stub_server.py, its own process), plus a third gateway
outside HAProxy with per-process limits (no Redis). Every call uses a key with an rpm limit too
high to bite, so the limiter runs on every request. Measured with wrk, in the same run:

  stub           wrk → stub                       (the floor)
  replica        wrk → r1 directly                 (Redis limits)
  lb×1           wrk → HAProxy → r1                (r2 in maintenance)
  lb×2           wrk → HAProxy → r1 + r2
  redis / local  p50 at 1 connection, r1 (Redis limits) against the no-Redis gateway, alternated
                 --rounds times; the difference is what a Redis limit adds to a request

    python bench/bench_fleet.py [--duration 10] [--connections 16] [--rounds 3] [--base-port 18500]

This machine has 2 cores shared by everything above (wrk, HAProxy, the stub, the replicas), so two
replicas cannot double the throughput here; the ratio says what the balancer and the shared state
cost, not what a second machine would add.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

from bench_proxy import ensure_wrk, wrk  # noqa: E402
from tests.fleet.procs import Proc, free_port, wait_until  # noqa: E402
from tests.fleet.topology import Fleet, fleet_settings_available  # noqa: E402

PY = sys.executable


def measure(targets: dict[str, tuple[str, str | None]], connections: int, duration: int) -> dict[str, dict]:
    results = {}
    for name, (url, key) in targets.items():
        wrk(url, connections, 2, key)  # warm the connections and caches
        results[name] = wrk(url, connections, duration, key)
        print(f"  {name:10} {json.dumps(results[name])}", flush=True)
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--rounds", type=int, default=3, help="alternations of the Redis-cost measurement")
    ap.add_argument("--base-port", type=int, default=None, help="ports base..base+20 (default: free ports)")
    ap.add_argument("--keep", action="store_true", help="keep the fleet's folder (logs, spill files) afterwards")
    args = ap.parse_args()
    shared_limits = fleet_settings_available()
    if not shared_limits:
        print("this gateway has no redis:/fleet: settings: per-process limits, no Redis-cost figure", flush=True)
    ensure_wrk()
    work = Path(tempfile.mkdtemp(prefix="lgw-bench-fleet-"))
    stub_port = args.base_port + 5 if args.base_port else free_port()
    stub = Proc("stub", [PY, str(HERE / "stub_server.py"), "--port", str(stub_port)], work / "stub.log")
    stub_url = f"http://127.0.0.1:{stub_port}/v1"
    wait_until(
        lambda: subprocess.run(["curl", "-fs", f"{stub_url}/models"], capture_output=True).returncode == 0, 30, "stub"
    )
    fleet = Fleet(
        work / "fleet",
        replicas=2,
        upstream_url=stub_url,
        base_port=args.base_port,
        routes=[{"name": "chat", "model": "stub"}],
    )
    try:
        fleet.start(keys={"bench": 1_000_000_000}, chroma=False)
        if shared_limits:
            fleet.start_replica(2, redis=False)  # outside HAProxy: per-process limits
            fleet.wait_replica_ready(2)
        key = fleet.keys["bench"]
        chat = "/v1/chat/completions"
        r1 = f"http://127.0.0.1:{fleet.replica_ports[0]}{chat}"
        local = f"http://127.0.0.1:{fleet.replica_ports[2]}{chat}"
        print(f"fleet up in {work}; {args.connections} connections, {args.duration}s each", flush=True)
        results = measure(
            {"stub": (f"{stub_url}/chat/completions", None), "replica": (r1, key)}, args.connections, args.duration
        )
        fleet.haproxy_command("set server gateways/r2 state maint")
        wait_until(lambda: fleet.server_states()["r2"] == "MAINT", 10, f"r2 in maintenance ({fleet.server_states()})")
        results |= measure({"lb×1": (fleet.lb_url + chat, key)}, args.connections, args.duration)
        fleet.haproxy_command("set server gateways/r2 state ready")
        wait_until(lambda: fleet.servers_up() == 2, 30, f"both replicas up ({fleet.server_states()})")
        time.sleep(6)  # slowstart 5s: r2 takes its full share
        results |= measure({"lb×2": (fleet.lb_url + chat, key)}, args.connections, args.duration)
        p50s: dict[str, list[float]] = {"redis": [], "local": []}
        for _ in range(args.rounds if shared_limits else 0):
            for name, url in (("redis", r1), ("local", local)):
                p50s[name].append(wrk(url, 1, max(3, args.duration // 2), key)["p50_ms"])
        print(f"  p50 at 1 connection: {json.dumps(p50s)}", flush=True)
    finally:
        fleet.close()
        stub.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    report(results, p50s, args)


def report(results: dict[str, dict], p50s: dict[str, list[float]], args) -> None:
    base = results["replica"]["rps"]
    print(f"\n| target | req/s | × one replica direct | p50 ms | p99 ms | non-2xx |  ({args.connections} connections)")
    print("|---|---|---|---|---|---|")
    for name, r in results.items():
        print(
            f"| {name} | {r['rps']:,.0f} | {r['rps'] / base:.2f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {r['errors']} |"
        )
    scale = results["lb×2"]["rps"] / results["lb×1"]["rps"]
    print(f"\n2 replicas / 1 replica through HAProxy: {scale:.2f}×")
    if p50s["redis"]:
        redis, local = statistics.median(p50s["redis"]), statistics.median(p50s["local"])
        print(
            f"Redis rate limit: p50 {redis:.3f} ms vs {local:.3f} ms per-process → {redis - local:+.3f} ms per request"
        )
    print(json.dumps({"results": results, "p50_at_1_connection": p50s, "scale_2_over_1": scale}))


if __name__ == "__main__":
    main()
