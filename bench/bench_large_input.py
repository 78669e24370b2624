"""What one large request costs, and whether it stalls everyone else (issue 9, defect 7).

    .venv/bin/python bench/bench_large_input.py [--repeat 5]

A real gateway (uvicorn in a thread, every plugin, the shipped policies) in front of the stub
upstream. For each body: its own latency, and /healthz latency measured from another connection
while the large requests run, as a ratio against /healthz on an idle gateway in the same run.
Bodies: a 1 MB message of ``123-45-6789 `` (the probe's worst case) on a pass-through route and on a
guarded route (refused above ``guardrails.max_scan_chars``), and a message just under that budget
on the guarded route (scanned in full: the most a guarded request can cost).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import yaml  # noqa: E402
from tests.conftest import GatewayHandle, stub_config  # noqa: E402
from tests.stub_upstream import StubUpstream, free_port  # noqa: E402

import llmgateway  # noqa: E402,F401  (telemetry off first)
from llmgateway.app import create_app  # noqa: E402
from llmgateway.config import load_settings  # noqa: E402

SSNS = "123-45-6789 "


def healthz_ms(root: str, stop: threading.Event, out: list[float]) -> None:
    with httpx.Client(base_url=root, timeout=60) as http:
        while not stop.is_set():
            t0 = time.perf_counter()
            http.get("/healthz")
            out.append((time.perf_counter() - t0) * 1000)
            time.sleep(0.005)


def measure(root: str, route: str, text: str, repeat: int) -> tuple[float, int, list[float]]:
    stop, probes = threading.Event(), []
    prober = threading.Thread(target=healthz_ms, args=(root, stop, probes))
    prober.start()
    latencies, status = [], 0
    with httpx.Client(base_url=root, timeout=120) as http:
        for _ in range(repeat):
            t0 = time.perf_counter()
            resp = http.post(
                "/v1/chat/completions", json={"model": route, "messages": [{"role": "user", "content": text}]}
            )
            latencies.append((time.perf_counter() - t0) * 1000)
            status = resp.status_code
    stop.set()
    prober.join()
    return statistics.median(latencies), status, probes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="bench-large-"))
    shutil.copytree(ROOT / "policies", base / "policies")
    stub = StubUpstream().start()
    policies = sorted(p.stem for p in (base / "policies").glob("*.yaml"))
    config = stub_config(
        stub,
        routes=[{"name": "chat", "model": "stub"}, {"name": "advisor", "model": "stub", "policies": policies}],
        store={"url": f"sqlite:///{base / 'gateway.db'}"},
        paths={"policies": str(base / "policies"), "data": str(base / "data")},
        scoring={"worker": {"enabled": False}},
    )
    (base / "gateway.yaml").write_text(yaml.safe_dump(config))
    settings = load_settings(str(base / "gateway.yaml"), environ={})
    app = create_app(settings)
    gw = GatewayHandle(app, settings, free_port(), None).start()
    if hasattr(gw, "wait_warm"):
        gw.wait_warm()
    # (getattr: the script also runs on a checkout from before the scan budget, for a baseline)
    budget = getattr(settings.guardrails, "max_scan_chars", 16_000)
    try:
        stop, idle = threading.Event(), []
        prober = threading.Thread(target=healthz_ms, args=(gw.root, stop, idle))
        prober.start()
        time.sleep(2)
        stop.set()
        prober.join()
        idle_p50 = statistics.median(idle)
        print(f"/healthz idle: p50 {idle_p50:.2f} ms, max {max(idle):.2f} ms")
        print("| body | route | status | latency p50 ms | /healthz p50 × idle | /healthz max ms |")
        print("|---|---|---|---|---|---|")
        one_mb = (SSNS * (1_000_000 // len(SSNS)))[:1_000_000]
        natural = ("The client holds a diversified portfolio of index funds and asks about rebalancing. " * 1000)[
            : budget - 100
        ]
        for label, route, text in (
            ("small question", "advisor", "What is a bond ladder?"),
            ("1 MB of SSNs", "chat", one_mb),
            ("1 MB of SSNs", "advisor", one_mb),
            (f"{len(natural):,} chars of prose (just under the scan budget)", "advisor", natural),
            (f"{budget - 100:,} chars of SSNs", "advisor", (SSNS * budget)[: budget - 100]),
        ):
            p50, status, probes = measure(gw.root, route, text, args.repeat)
            print(
                f"| {label} | {route} | {status} | {p50:.1f} | {statistics.median(probes) / idle_p50:.2f} "
                f"| {max(probes):.1f} |"
            )
    finally:
        gw.stop()
        stub.stop()


if __name__ == "__main__":
    main()
