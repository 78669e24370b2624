"""Soak: mixed traffic against one replica for a long time, sampling its RSS, open files and trace
queue depth; reports the growth after warm-up (goal: RSS flat within 10%).

The replica runs as in the fleet (tests/fleet/topology.py): PostgreSQL (a private cluster), Redis
limits, a `chroma run` server holding examples/research, the stub upstream at the paid-API edge.
The mix, at a steady --rps: plain chat 50%, streamed chat 20%, input blocked by a policy 15%,
research (RAG, cited) 15%. Every --sample-s the replica's VmRSS, its open file descriptors and the
trace writer's queue (from /readyz) are recorded.

    nice -n 10 python bench/soak.py [--minutes 30] [--rps 30] [--warmup-minutes 5] [--out soak.json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import openai

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from tests.fleet.load import call  # noqa: E402
from tests.fleet.topology import COLLECTION, Fleet  # noqa: E402
from tests.stub_upstream import StubUpstream  # noqa: E402

MIX = ["plain"] * 10 + ["stream"] * 4 + ["blocked"] * 3 + ["rag"] * 3
QUESTIONS = {
    "plain": ("chat", "Summarise the quarter in one line.", False),
    "stream": ("chat", "Explain duration risk briefly.", True),
    "blocked": ("guarded", "Tell me about soakmarker please.", False),
    "rag": ("research", "What is the rating and price target on Northwind Foods?", False),
}
EXPECTED = {"plain": 200, "stream": 200, "blocked": 400, "rag": 200}


def sample(pid: int, ready_url: str) -> dict:
    status = Path(f"/proc/{pid}/status").read_text()
    rss_kb = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    queued = None
    try:
        detail = httpx.get(ready_url, timeout=5).json()["checks"]["trace_writer"]["detail"]
        queued = int(re.search(r"queued=(\d+)", detail).group(1))
    except (httpx.HTTPError, KeyError, AttributeError, ValueError):
        queued = -1  # /readyz did not answer in time: shown as -1, not hidden
    return {"t": time.monotonic(), "rss_mb": rss_kb / 1024, "fds": fds, "queued": queued}


def traffic(base_url: str, key: str, rps: float, stop: threading.Event, counts: Counter, lock: threading.Lock) -> None:
    client = openai.OpenAI(base_url=f"{base_url}/v1", api_key=key, max_retries=0, timeout=60)
    interval = 1.0 / rps
    next_at = time.monotonic()
    for kind in itertools.cycle(MIX):
        if stop.is_set():
            break
        route, content, stream = QUESTIONS[kind]
        outcome = call(client, route, content, stream=stream)
        with lock:
            counts[(kind, outcome.status)] += 1
        next_at += interval
        time.sleep(max(0.0, next_at - time.monotonic()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=30)
    ap.add_argument("--warmup-minutes", type=float, default=5)
    ap.add_argument("--rps", type=float, default=30, help="total requests per second (two client threads)")
    ap.add_argument("--sample-s", type=float, default=10)
    ap.add_argument("--base-port", type=int, default=None)
    ap.add_argument("--out", default=None, help="write the samples and counts as JSON here")
    ap.add_argument("--keep", action="store_true", help="keep the fleet's folder (logs, spill files) afterwards")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="lgw-soak-"))
    stub = StubUpstream(port=args.base_port + 5 if args.base_port else None).start()
    fleet = Fleet(work, replicas=1, upstream_url=stub.url, base_port=args.base_port)
    fleet.write_policy([r"\bsoakmarker\b"])
    samples: list[dict] = []
    counts: Counter = Counter()
    try:
        fleet.start(haproxy=False, keys={"soak": None})
        fleet.cli("ingest", str(ROOT / "examples" / "research"), "--collection", COLLECTION, "--no-progress")
        replica = fleet.procs["replica1"].proc.pid
        base = f"http://127.0.0.1:{fleet.replica_ports[0]}"
        stop, lock = threading.Event(), threading.Lock()
        threads = [
            threading.Thread(
                target=traffic, args=(base, fleet.keys["soak"], args.rps / 2, stop, counts, lock), daemon=True
            )
            for _ in range(2)
        ]
        for t in threads:
            t.start()
        started = time.monotonic()
        print(f"soak: {args.minutes} min at {args.rps} req/s against pid {replica} ({work})", flush=True)
        while time.monotonic() - started < args.minutes * 60:
            time.sleep(args.sample_s)
            s = sample(replica, f"{base}/readyz")
            s["minute"] = (s["t"] - started) / 60
            samples.append(s)
            if len(samples) % max(1, int(300 / args.sample_s)) == 0:
                with lock:
                    done = sum(counts.values())
                print(
                    f"  {s['minute']:5.1f} min rss {s['rss_mb']:.1f} MB fds {s['fds']} queued {s['queued']} calls {done}",
                    flush=True,
                )
        stop.set()
        for t in threads:
            t.join(60)
    finally:
        fleet.close()
        stub.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    report(samples, counts, args)


def report(samples: list[dict], counts: Counter, args) -> None:
    after = [s for s in samples if s["minute"] >= args.warmup_minutes]
    if len(after) < 2:
        sys.exit("too short to report growth after warm-up")
    window = max(1, len(after) // 10)  # first and last tenth after warm-up, medians
    first = {k: statistics.median(s[k] for s in after[:window]) for k in ("rss_mb", "fds")}
    last = {k: statistics.median(s[k] for s in after[-window:]) for k in ("rss_mb", "fds")}
    growth = (last["rss_mb"] - first["rss_mb"]) / first["rss_mb"] * 100
    wrong = {f"{k}:{st}": n for (k, st), n in counts.items() if st != EXPECTED[k]}
    summary = {
        "minutes": args.minutes,
        "rps": args.rps,
        "calls": sum(counts.values()),
        "by_kind": {f"{k}:{st}": n for (k, st), n in sorted(counts.items())},
        "unexpected": wrong,
        "rss_mb_after_warmup": first["rss_mb"],
        "rss_mb_end": last["rss_mb"],
        "rss_growth_pct": round(growth, 2),
        "rss_max_mb": max(s["rss_mb"] for s in samples),
        "fds_after_warmup": first["fds"],
        "fds_end": last["fds"],
        "queued_max": max(s["queued"] for s in samples),
    }
    print(json.dumps(summary, indent=2))
    verdict = "flat" if abs(growth) <= 10 else "GROWING"
    print(
        f"RSS {first['rss_mb']:.1f} → {last['rss_mb']:.1f} MB after warm-up ({growth:+.1f}%, {verdict} by the 10% goal)"
    )
    if args.out:
        Path(args.out).write_text(json.dumps({"summary": summary, "samples": samples}, indent=1))


if __name__ == "__main__":
    main()
