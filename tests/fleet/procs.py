"""Child processes of the fleet drills: a logged process, a private PostgreSQL cluster, polling.

Nothing here imports pytest (bench/bench_fleet.py and bench/soak.py use it too).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

PG_BIN = Path(os.environ.get("LLMGATEWAY_PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check: Callable[[], bool], timeout: float, what: str, proc: subprocess.Popen | None = None) -> None:
    deadline = time.time() + timeout
    while True:
        try:
            if check():
                return
        except (httpx.TransportError, OSError, subprocess.SubprocessError):
            pass  # not up yet: keep polling until the deadline
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what}: the process exited with {proc.returncode}")
        if time.time() > deadline:
            raise RuntimeError(f"{what}: not ready within {timeout:.0f}s")
        time.sleep(0.1)


class Proc:
    """A child process with its log file; ``stop()`` sends SIGTERM, then SIGKILL after ``grace``."""

    def __init__(self, name: str, argv: list[str], log: Path, env: dict | None = None, cwd: Path | None = None):
        self.name, self.argv, self.log_path = name, argv, log
        self._log = log.open("ab")
        self.proc = subprocess.Popen(argv, stdout=self._log, stderr=subprocess.STDOUT, env=env, cwd=cwd)

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def signal(self, sig: int) -> None:
        if self.alive:
            self.proc.send_signal(sig)

    def wait(self, timeout: float) -> int | None:
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self, grace: float = 10) -> int | None:
        self.signal(signal.SIGTERM)
        code = self.wait(grace)
        if code is None:
            self.proc.kill()
            code = self.wait(5)
        self._log.close()
        return code

    def tail(self, chars: int = 3000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:] if self.log_path.exists() else ""


class PrivatePostgres:
    """A throw-away PostgreSQL cluster this process may stop and start (initdb ~1 s)."""

    def __init__(self, port: int):
        # its own folder under /tmp: pytest's tmp folders are mode 0700 root, which user postgres cannot enter
        folder = Path(tempfile.mkdtemp(prefix="lgw-fleet-pg-"))
        self.folder, self.port = folder, port
        self.running = False
        self.data = folder / "pgdata"
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/fleet"
        self.dsn = f"postgresql://postgres@127.0.0.1:{port}/fleet"
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            shutil.chown(folder, "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8")
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "fleet")

    def _run(self, tool: str, *args: str) -> None:
        argv = [str(PG_BIN / tool), *args]
        if os.geteuid() == 0:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        result = subprocess.run(argv, capture_output=True, text=True, timeout=60, cwd="/")
        if result.returncode != 0:
            raise RuntimeError(f"{tool} failed: {result.stdout[-1500:]}{result.stderr[-1500:]}")

    def start(self) -> None:
        opts = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        self._run("pg_ctl", "-D", str(self.data), "-o", opts, "-l", str(self.folder / "pg.log"), "-w", "start")
        self.running = True

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        self.running = False

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.dsn, connect_timeout=5) as conn:
            return conn.execute(sql, params).fetchall()
