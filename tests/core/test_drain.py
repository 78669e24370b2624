"""SIGTERM drains a replica: /readyz says draining while it still serves, the stream in flight
finishes whole, its trace is stored, and `llmgateway serve` exits 0."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import httpx
import yaml

from ..conftest import ROOT, stub_config
from ..stub_upstream import free_port

WORDS = "one two three four five six seven eight"


def test_sigterm_drains_then_finishes_the_stream_in_flight(stub_upstream, tmp_path):
    stub_upstream.reply = WORDS
    stub_upstream.stream_interval = 0.3  # the answer takes a few seconds to stream
    config = stub_config(stub_upstream, fleet={"drain_delay_s": 1.0, "shutdown_timeout_s": 20})
    config["store"] = {"url": f"sqlite:///{tmp_path / 'gw.db'}"}
    (tmp_path / "gateway.yaml").write_text(yaml.safe_dump(config))
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-c", "from llmgateway.cli import main; main()", "serve"]
        + ["--config", str(tmp_path / "gateway.yaml"), "--port", str(port), "--log-level", "warning"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=tmp_path,
    )
    root = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if httpx.get(f"{root}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()
            time.sleep(0.2)

        got: dict = {}
        first_chunk = threading.Event()

        def stream() -> None:
            body = {"model": "chat", "stream": True, "messages": [{"role": "user", "content": "count"}]}
            with httpx.stream("POST", f"{root}/v1/chat/completions", json=body, timeout=60) as resp:
                got["trace_id"] = resp.headers["x-trace-id"]
                lines = []
                for line in resp.iter_lines():
                    lines.append(line)
                    first_chunk.set()
                got["lines"] = lines

        reader = threading.Thread(target=stream)
        reader.start()
        assert first_chunk.wait(30)
        proc.send_signal(signal.SIGTERM)
        ready = httpx.get(f"{root}/readyz", timeout=5)  # still serving, but out of rotation
        assert ready.status_code == 503 and ready.json()["status"] == "draining"
        reader.join(60)
        chunks = [json.loads(line[6:]) for line in got["lines"] if line.startswith("data: {")]
        text = "".join(c["delta"].get("content") or "" for chunk in chunks for c in chunk.get("choices", []))
        assert text.split() == WORDS.split() and [line for line in got["lines"] if line][-1] == "data: [DONE]"
        assert proc.wait(60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    logged = (tmp_path / "serve.log").read_text()
    assert "draining: SIGTERM received" in logged
    row = sqlite3.connect(tmp_path / "gw.db").execute(
        "SELECT status_code, response_text FROM traces WHERE trace_id = ?", (got["trace_id"],)
    )
    assert row.fetchone() == (200, WORDS)
