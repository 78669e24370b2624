"""Proxy overhead benchmark: llmgateway against a bare aiohttp forwarder and LiteLLM's proxy.

One run starts a fast OpenAI-compatible stub and measures, against that same stub and in the same
run (this machine is noisy, so only ratios within one run mean anything):

  direct      wrk → stub
  forwarder   wrk → bare aiohttp forwarder → stub         (the floor for a Python proxy)
  llmgateway  wrk → llmgateway pass-through route → stub  (auth on, traces to SQLite, OTel spans;
              the scorer runs as its own process, as at scale: scoring.worker.enabled false)
  llmgateway+scorer  the same with the default in-gateway scorer thread (capped at 20% busy)
  litellm     wrk → LiteLLM proxy → stub                  (litellm[proxy], installed here in its own venv)

For 4 and 32 connections it reports max requests/s and added latency p50/p99 (each target's
latency minus the direct latency at the same concurrency), and ratios to the forwarder.

    python bench/bench_proxy.py [--duration 10] [--skip-litellm]

Needs ``wrk`` (installed with apt-get when missing).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
BODY = json.dumps(
    {
        "model": "chat",
        "messages": [
            {"role": "system", "content": "You are an advisor assistant."},
            {"role": "user", "content": "Summarise Northwind Q3 revenue growth."},
        ],
        "max_tokens": 64,
    }
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on port {port} after {timeout}s")


def ensure_wrk() -> str:
    if shutil.which("wrk"):
        return "wrk"
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=False, capture_output=True)
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "update"], check=False, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True, capture_output=True)
    return "wrk"


def ensure_litellm_proxy(venv: Path) -> Path:
    exe = venv / "bin" / "litellm"
    if not exe.exists():
        print("installing litellm[proxy] into", venv, flush=True)
        subprocess.run([PY, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "litellm[proxy]==1.108.7"], check=True)
    return exe


def wrk(url: str, connections: int, duration: int, auth: str | None) -> dict:
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    headers = 'wrk.headers["Content-Type"] = "application/json"\n'
    if auth:
        headers += f'wrk.headers["Authorization"] = "Bearer {auth}"\n'
    script.write_text(f'wrk.method = "POST"\nwrk.body = [[{BODY}]]\n{headers}')
    out = subprocess.run(
        [
            "wrk",
            "-t",
            "1" if connections < 8 else "2",
            "-c",
            str(connections),
            "-d",
            f"{duration}s",
            "--latency",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    script.unlink()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    lat = {}
    for pct in ("50", "99"):
        m = re.search(rf"\s{pct}(?:\.000)?%\s+([\d.]+)(us|ms|s)", out)
        value, unit = float(m.group(1)), m.group(2)
        lat[pct] = value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    return {"rps": rps, "p50_ms": lat["50"], "p99_ms": lat["99"], "errors": int(non2xx.group(1)) if non2xx else 0}


class Proc:
    def __init__(self, cmd: list[str], port: int, env=None, log: Path | None = None):
        self.log = open(log, "wb") if log else subprocess.DEVNULL
        self.p = subprocess.Popen(cmd, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        wait_port(port)

    def stop(self):
        try:
            os.killpg(self.p.pid, signal.SIGTERM)
            self.p.wait(15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.p.pid, signal.SIGKILL)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", default="4,32")
    ap.add_argument("--skip-litellm", action="store_true")
    ap.add_argument(
        "--skip-in-gateway-scorer",
        action="store_true",
        help="skip the variant whose scorer runs inside the gateway process",
    )
    ap.add_argument("--litellm-venv", default=str(ROOT / "bench" / ".venv-litellm"))
    args = ap.parse_args()
    ensure_wrk()
    work = Path(tempfile.mkdtemp(prefix="lgw-bench-"))
    procs: list[Proc] = []
    results: dict[str, dict] = {}
    try:
        stub_port = free_port()
        procs.append(Proc([PY, str(HERE / "stub_server.py"), "--port", str(stub_port)], stub_port))
        stub = f"http://127.0.0.1:{stub_port}/v1"
        targets: dict[str, tuple[str, str | None]] = {"direct": (f"{stub}/chat/completions", None)}

        fwd_port = free_port()
        procs.append(Proc([PY, str(HERE / "bare_forwarder.py"), "--port", str(fwd_port), "--upstream", stub], fwd_port))
        targets["forwarder"] = (f"http://127.0.0.1:{fwd_port}/v1/chat/completions", None)

        gw_bin = str(Path(PY).parent / "llmgateway")
        variants = {"llmgateway": {"scoring": {"worker": {"enabled": False}}}}
        if not args.skip_in_gateway_scorer:
            variants["llmgateway+scorer"] = {}
        for name, extra in variants.items():
            gw_port, folder = free_port(), work / name
            folder.mkdir()
            cfg = {
                "models": [
                    {"model_name": "stub", "litellm_params": {"model": "openai/stub", "api_base": stub, "api_key": "x"}}
                ],
                "routes": [{"name": "chat", "model": "stub"}],
                "auth": {"required": True},
                "store": {"url": f"sqlite:///{folder / 'bench.db'}"},
                "server": {"port": gw_port},
                **extra,
            }
            (folder / "gateway.yaml").write_text(yaml.safe_dump(cfg))
            key = subprocess.run(
                [gw_bin, "keys", "create", "--name", "bench", "--config", str(folder / "gateway.yaml")],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            procs.append(
                Proc(
                    [gw_bin, "serve", "--config", str(folder / "gateway.yaml"), "--log-level", "warning"],
                    gw_port,
                    log=folder / "gateway.log",
                )
            )
            targets[name] = (f"http://127.0.0.1:{gw_port}/v1/chat/completions", key)

        if not args.skip_litellm:
            exe = ensure_litellm_proxy(Path(args.litellm_venv))
            lt_port = free_port()
            master_key = "sk-bench-" + os.urandom(16).hex()  # LiteLLM refuses to start without one
            (work / "litellm.yaml").write_text(
                yaml.safe_dump(
                    {
                        "model_list": [
                            {
                                "model_name": "chat",
                                "litellm_params": {"model": "openai/stub", "api_base": stub, "api_key": "x"},
                            }
                        ],
                        "general_settings": {"master_key": master_key},
                    }
                )
            )
            env = dict(os.environ, LITELLM_LOCAL_MODEL_COST_MAP="True", LITELLM_TELEMETRY="False")
            procs.append(
                Proc(
                    [str(exe), "--config", str(work / "litellm.yaml"), "--port", str(lt_port), "--num_workers", "1"],
                    lt_port,
                    env=env,
                    log=work / "litellm.log",
                )
            )
            targets["litellm"] = (f"http://127.0.0.1:{lt_port}/v1/chat/completions", master_key)

        for _name, (url, auth) in targets.items():  # warm up every target
            wrk(url, 4, 2, auth)
        for conns in [int(c) for c in args.connections.split(",")]:
            for name, (url, auth) in targets.items():
                results[f"{name}@{conns}"] = wrk(url, conns, args.duration, auth)
                print(f"{name:11} c={conns:<3} {results[f'{name}@{conns}']}", flush=True)
    finally:
        for proc in reversed(procs):
            proc.stop()
    report(results, [int(c) for c in args.connections.split(",")], list(targets))
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "proxy.json").write_text(json.dumps(results, indent=2))


def report(results: dict, conns: list[int], names: list[str]) -> None:
    print("\n| target | conns | req/s | × forwarder req/s | added p50 ms | added p99 ms | non-2xx |")
    print("|---|---|---|---|---|---|---|")
    for c in conns:
        base, fwd = results[f"direct@{c}"], results[f"forwarder@{c}"]
        for name in names:
            r = results[f"{name}@{c}"]
            added50 = "—" if name == "direct" else f"{r['p50_ms'] - base['p50_ms']:.2f}"
            added99 = "—" if name == "direct" else f"{r['p99_ms'] - base['p99_ms']:.2f}"
            print(
                f"| {name} | {c} | {r['rps']:,.0f} | {r['rps'] / fwd['rps']:.2f} | {added50} | {added99} | {r['errors']} |"
            )


if __name__ == "__main__":
    main()
