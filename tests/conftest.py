"""Shared fixtures: a stub upstream, a real gateway server in a thread, PostgreSQL, llama.cpp.

``gateway(config_dict, tmp_path, **create_app_kwargs)`` writes ``config_dict`` as gateway.yaml in
``tmp_path`` (store, data and folders default there), starts uvicorn on a free port with every
default plugin loaded, waits until its models are warm (``warm=False``: not) and returns a ``GatewayHandle`` (``base_url`` ending in /v1, ``client`` —
an ``openai.OpenAI`` — , ``api_key``, ``settings``, ``components``, ``spans`` (in-memory OTel
exporter), ``http`` (an httpx.Client on the gateway root), ``stop()``).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import httpx
import openai
import pytest
import uvicorn
import yaml
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

import llmgateway  # noqa: F401  (telemetry off before anything else)
from llmgateway.app import create_app
from llmgateway.config import load_settings

from .stub_upstream import StubUpstream, free_port

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("LLMGATEWAY_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/llmgateway_test")


class GatewayHandle:
    def __init__(self, app, settings, port: int, spans: InMemorySpanExporter):
        self.app, self.settings, self.port, self.spans = app, settings, port, spans
        self.components = app.state.components
        self.root = f"http://127.0.0.1:{port}"
        self.base_url = f"{self.root}/v1"
        self.api_key = "no-key-needed"
        from llmgateway.server import uvicorn_config

        self._server = uvicorn.Server(uvicorn_config(app, "127.0.0.1", port, log_level="warning", loop="asyncio"))
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def start(self) -> GatewayHandle:
        self._thread.start()
        deadline = time.time() + 30
        while not self._server.started:
            if time.time() > deadline or not self._thread.is_alive():
                raise RuntimeError("gateway did not start")
            time.sleep(0.02)
        return self

    def wait_warm(self, timeout: float = 120) -> GatewayHandle:
        """Until the models are warm (as a deployment waits for /readyz); tests of warm-up itself
        pass ``warm=False`` to the fixture and watch it happen."""
        deadline = time.time() + timeout
        warmup = self.components.warmup
        while not warmup.done and warmup.error is None:
            if time.time() > deadline:
                raise RuntimeError("gateway models did not warm up")
            time.sleep(0.02)
        return self

    @property
    def client(self) -> openai.OpenAI:
        return openai.OpenAI(base_url=self.base_url, api_key=self.api_key, max_retries=0, timeout=60)

    def client_for(self, key: str) -> openai.OpenAI:
        return openai.OpenAI(base_url=self.base_url, api_key=key, max_retries=0, timeout=60)

    @property
    def http(self) -> httpx.Client:
        return httpx.Client(base_url=self.root, timeout=60)

    def wait_for_trace(self, trace_id: str, headers: dict | None = None, timeout: float = 10) -> dict:
        deadline = time.time() + timeout
        with self.http as http:
            while time.time() < deadline:
                resp = http.get(f"/api/traces/{trace_id}", headers=headers or {})
                if resp.status_code == 200:
                    return resp.json()
                time.sleep(0.05)
        raise AssertionError(f"trace {trace_id} was not stored within {timeout}s: {resp.status_code} {resp.text}")

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(30)


@pytest.fixture
def stub_upstream():
    stub = StubUpstream().start()
    yield stub
    stub.stop()


@pytest.fixture(scope="session")
def session_embedder():
    """One MiniLM per test session for every gateway that does not bring its own (warm-up loads
    the model before a gateway is ready; loading it per gateway would cost seconds each)."""
    from llmgateway.embeddings import Embedder

    return Embedder()


@pytest.fixture
def gateway(tmp_path, session_embedder):
    handles: list[GatewayHandle] = []

    def start(config: dict, path: Path | None = None, warm: bool = True, **kwargs) -> GatewayHandle:
        base = Path(path or tmp_path)
        base.mkdir(parents=True, exist_ok=True)
        config = dict(config)
        config.setdefault("store", {"url": f"sqlite:///{base / 'data' / 'gateway.db'}"})
        cfg_file = base / "gateway.yaml"
        cfg_file.write_text(yaml.safe_dump(config, sort_keys=False))
        settings = load_settings(str(cfg_file), environ={})
        spans = InMemorySpanExporter()
        kwargs.setdefault("embedder", session_embedder)
        app = create_app(settings, span_exporter=spans, **kwargs)
        handle = GatewayHandle(app, settings, free_port(), spans).start()
        handles.append(handle)
        return handle.wait_warm() if warm else handle

    yield start
    for handle in handles:
        handle.stop()


def stub_config(stub: StubUpstream, **extra) -> dict:
    """A minimal config: one stub deployment named 'stub', a pass-through route 'chat', auth off."""
    config = {
        "models": [
            {
                "model_name": "stub",
                "litellm_params": {"model": "openai/stub", "api_base": stub.url, "api_key": "x", "timeout": 5},
            }
        ],
        "routes": [{"name": "chat", "model": "stub"}],
        "auth": {"required": False},
    }
    config.update(extra)
    return config


def postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_URL.replace("postgresql+psycopg://", "postgresql://"), connect_timeout=3):
            return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def pg_url():
    if not postgres_available():
        pytest.skip(f"PostgreSQL not reachable at {PG_URL} (scripts/services.sh starts it)")
    return PG_URL


@pytest.fixture(scope="session")
def llama_server():
    """The real llama.cpp server with SmolLM2, started once per test session."""
    import asyncio

    from llmgateway.config import LocalModelConfig
    from llmgateway.localmodel import LocalModelServer

    port = free_port()
    cfg = LocalModelConfig(enabled=True, port=port, n_ctx=2048)
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"llama-test-{port}.log"
    server = LocalModelServer(cfg, log)
    asyncio.run(server.start())
    if not server.ready:
        pytest.fail(
            f"llama.cpp server did not start: {server.error}; log: {log.read_text()[-2000:] if log.exists() else ''}"
        )
    yield server
    server.stop()


class RedisServer:
    """A real ``redis-server`` of our own (never the machine's shared one): ``stop()`` and
    ``start()`` again on the same port simulate an outage."""

    def __init__(self, port: int):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.proc = None

    def start(self) -> RedisServer:
        import shutil
        import subprocess

        exe = shutil.which("redis-server")
        if exe is None:
            pytest.skip("redis-server not installed (scripts/services.sh installs it)")
        self.proc = subprocess.Popen(
            [exe, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import socket

        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None


@pytest.fixture
def redis_server():
    """A fresh redis-server per test, on ``$LLMGATEWAY_TEST_REDIS_PORT`` or a free port."""
    port = int(os.environ.get("LLMGATEWAY_TEST_REDIS_PORT") or free_port())
    server = RedisServer(port).start()
    yield server
    server.stop()
