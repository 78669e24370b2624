"""The fleet as processes on one machine: what docker-compose.yml runs, without a Docker daemon.

``Fleet`` starts, in a folder of its own: a private ``redis-server``, a private PostgreSQL cluster
(``initdb`` + ``pg_ctl``, so a drill can stop and start it without touching the shared server on
5432), a ``chroma run`` server, N ``llmgateway serve`` replicas (real processes, one data folder
each, so each has its own spill file) and HAProxy in front of them with health checks on
``/readyz``. Used by the drills (tests/fleet/) and the benchmarks (bench/bench_fleet.py,
bench/soak.py); nothing here imports pytest.

Ports: ``base_port`` + a fixed offset per service when ``base_port`` is given (an operator's port
range), else free ports.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import yaml

from .procs import PG_BIN, PrivatePostgres, Proc, free_port, wait_until

ROOT = Path(__file__).resolve().parents[2]
COLLECTION = "fleetdocs"
GATEWAY = [sys.executable, "-c", "from llmgateway.cli import main; main()"]


def fleet_settings_available() -> bool:
    """Whether this gateway has the ``redis:`` and ``fleet:`` settings (fleet's side of issue 14)."""
    from llmgateway.config import Settings

    return "redis" in Settings.model_fields and "fleet" in Settings.model_fields


def missing_tools() -> list[str]:
    """What this machine lacks to run the fleet (the drills skip naming it)."""
    missing = [t for t in ("redis-server", "haproxy") if not shutil.which(t)]
    if not (PG_BIN / "initdb").exists():
        missing.append(f"{PG_BIN}/initdb (PostgreSQL server binaries)")
    if not chroma_binary().exists():
        missing.append("chroma (chromadb's CLI)")
    return missing


def chroma_binary() -> Path:
    local = Path(sys.executable).parent / "chroma"
    return local if local.exists() else Path(shutil.which("chroma") or "chroma")


class Fleet:
    """The whole topology; ``start()`` brings it up, ``close()`` takes everything down."""

    def __init__(
        self,
        folder: Path,
        *,
        replicas: int = 2,
        upstream_url: str,
        base_port: int | None = None,
        routes: list[dict] | None = None,
    ):
        self.folder = folder
        self.routes = routes
        self.chroma = True  # start() with chroma=False: no Chroma server, no rag settings
        self.n_replicas = replicas
        self.upstream_url = upstream_url
        offsets = {"lb": 0, "redis": 1, "pg": 2, "chroma": 3, "lb_stats": 4}
        self.ports = {k: (base_port + v if base_port else free_port()) for k, v in offsets.items()}
        # the replicas behind HAProxy, then spare ports for gateways outside it (bench_fleet's no-Redis one)
        self.replica_ports = [(base_port + 10 + i if base_port else free_port()) for i in range(replicas + 2)]
        self.procs: dict[str, Proc] = {}
        self.keys: dict[str, str] = {}
        self.timings: list[tuple[str, float]] = []  # (step, monotonic time) of start(), for the log
        self.pg: PrivatePostgres | None = None
        self.config_path = folder / "gateway.yaml"
        self.policies = folder / "policies"
        self.lb_url = f"http://127.0.0.1:{self.ports['lb']}"
        self.redis_url = f"redis://127.0.0.1:{self.ports['redis']}/0"

    # -- configuration -------------------------------------------------------------------------
    def gateway_config(self) -> dict:
        """One gateway.yaml for every replica (replica-specific values come from the environment)."""
        return {
            "models": [
                {
                    "model_name": "stub",
                    "litellm_params": {
                        "model": "openai/stub",
                        "api_base": self.upstream_url,
                        "api_key": "x",
                        "timeout": 10,
                    },
                }
            ],
            "routes": self.routes
            or [
                {"name": "chat", "model": "stub"},
                {"name": "guarded", "model": "stub", "policies": ["fleet_drill"]},
                {"name": "research", "model": "stub", "rag": {"collection": COLLECTION, "top_k": 3}},
            ],
            "store": {"url": self.pg.url if self.pg else None},
            **({"rag": {"chroma": {"host": "127.0.0.1", "port": self.ports["chroma"]}}} if self.chroma else {}),
            "auth": {"required": True},
            "paths": {"policies": str(self.policies), "prompts": str(self.folder / "prompts")},
            "scoring": {"worker": {"enabled": False}},  # scorers run as their own processes at scale
        }

    def write_policy(self, patterns: list[str]) -> None:
        """The drills' policy file: one input rule blocking ``patterns`` (shared by every replica)."""
        self.policies.mkdir(parents=True, exist_ok=True)
        policy = {
            "description": "Fleet drill policy: blocks the drill's marker words.",
            "version": 1,
            "owner": "drill@firm.example",
            "rules": [
                {
                    "id": "drill-marker",
                    "description": "A marker word only the drills use.",
                    "kind": "regex",
                    "stage": "input",
                    "severity": "high",
                    "action": "block",
                    "patterns": patterns,
                }
            ],
        }
        tmp = self.policies / "fleet_drill.yaml.tmp"
        tmp.write_text(yaml.safe_dump(policy, sort_keys=False))
        tmp.rename(self.policies / "fleet_drill.yaml")  # atomic: a watcher never reads half a file

    def env(self, *, redis: bool = True, **extra: str) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("LLMGATEWAY_")}
        env.update({"PYTHONPATH": str(ROOT / "src"), "ANONYMIZED_TELEMETRY": "False"})
        env["LLMGATEWAY_CONFIG"] = str(self.config_path)
        if redis and fleet_settings_available():
            env.update({"LLMGATEWAY_REDIS__URL": self.redis_url, "LLMGATEWAY_FLEET__SIZE": str(self.n_replicas)})
            # The drills share 2 cores with whatever else runs: an event loop stalled past the 200 ms
            # default would trip the per-replica fallback (tests/core/test_shared_limits.py tests it), which is
            # not what the rpm drill measures.
            env["LLMGATEWAY_REDIS__TIMEOUT_MS"] = "2000"
        env.update(extra)
        return env

    def cli(self, *args: str, env: dict | None = None, timeout: float = 120) -> str:
        result = subprocess.run(
            [*GATEWAY, *args], capture_output=True, text=True, timeout=timeout, env=env or self.env(), cwd=self.folder
        )
        if result.returncode != 0:
            raise RuntimeError(f"llmgateway {' '.join(args)} failed: {result.stderr[-2000:]}")
        return result.stdout

    # -- services ------------------------------------------------------------------------------
    def _mark(self, what: str) -> None:
        self.timings.append((what, time.monotonic()))

    def start_redis(self) -> None:
        argv = ["redis-server", "--port", str(self.ports["redis"]), "--bind", "127.0.0.1", "--save", ""]
        argv += ["--appendonly", "no", "--dir", str(self.folder)]
        self.procs["redis"] = Proc("redis", argv, self.folder / "redis.log")
        wait_until(self._redis_ping, 20, "redis-server", self.procs["redis"].proc)

    def _redis_ping(self) -> bool:
        with socket.create_connection(("127.0.0.1", self.ports["redis"]), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")

    def start_chroma(self) -> None:
        port = self.ports["chroma"]
        argv = [str(chroma_binary()), "run", "--path", str(self.folder / "chroma"), "--port", str(port)]
        argv += ["--host", "127.0.0.1"]
        env = {**os.environ, "ANONYMIZED_TELEMETRY": "False", "CHROMA_TELEMETRY": "False"}
        self.procs["chroma"] = Proc("chroma", argv, self.folder / "chroma.log", env=env)

    def wait_chroma(self) -> None:
        port = self.ports["chroma"]
        url = f"http://127.0.0.1:{port}/api/v2/heartbeat"
        wait_until(lambda: httpx.get(url, timeout=1).status_code == 200, 90, "chroma run", self.procs["chroma"].proc)
        # the research collection exists, empty, before the replicas start (as `llmgateway ingest` makes it)
        import chromadb

        client = chromadb.HttpClient(host="127.0.0.1", port=port)
        client.get_or_create_collection(name=COLLECTION, embedding_function=None, metadata={"hnsw:space": "cosine"})

    def start_replica(self, i: int, *, redis: bool = True) -> Proc:
        """Replica ``i`` (r1 is 0); ``redis=False``: a gateway with per-process limits."""
        port = self.replica_ports[i]
        data = self.folder / f"replica{i + 1}"
        data.mkdir(exist_ok=True)
        env = self.env(redis=redis, LLMGATEWAY_PATHS__DATA=str(data))
        if redis and fleet_settings_available():
            env["LLMGATEWAY_FLEET__REPLICA"] = f"r{i + 1}"
        argv = [*GATEWAY, "serve", "--port", str(port), "--log-level", "warning"]
        proc = self.procs[f"replica{i + 1}"] = Proc(f"replica{i + 1}", argv, data / "gateway.log", env=env)
        return proc

    def wait_replica_ready(self, i: int, timeout: float = 180) -> None:
        proc = self.procs[f"replica{i + 1}"]
        url = f"http://127.0.0.1:{self.replica_ports[i]}/readyz"
        try:
            wait_until(lambda: httpx.get(url, timeout=2).status_code == 200, timeout, proc.name, proc.proc)
        except RuntimeError as exc:
            raise RuntimeError(f"{exc}; log: {proc.tail()}") from None

    def haproxy_config(self) -> str:
        servers = "\n".join(f"    server r{i + 1} 127.0.0.1:{port} check" for i, port in enumerate(self.replica_ports))
        template = (ROOT / "deploy" / "haproxy.cfg").read_text()
        local = template.split("# --- servers ---")[0]
        return (
            local.replace("/var/lib/haproxy/admin.sock", str(self.folder / "haproxy.sock"))
            .replace("bind :8000", f"bind 127.0.0.1:{self.ports['lb']}")
            .replace("bind :8404", f"bind 127.0.0.1:{self.ports['lb_stats']}")
            + servers
            + "\n"
        )

    def start_haproxy(self) -> None:
        cfg = self.folder / "haproxy.cfg"
        cfg.write_text(self.haproxy_config())
        check = subprocess.run(["haproxy", "-c", "-f", str(cfg)], capture_output=True, text=True, timeout=30)
        if check.returncode != 0:
            raise RuntimeError(f"haproxy -c: {check.stdout}{check.stderr}")
        self.procs["haproxy"] = Proc("haproxy", ["haproxy", "-db", "-f", str(cfg)], self.folder / "haproxy.log")
        wait_until(lambda: self.servers_up() == self.n_replicas, 30, "haproxy backends up", self.procs["haproxy"].proc)

    def haproxy_command(self, command: str) -> str:
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(5)
            s.connect(str(self.folder / "haproxy.sock"))
            s.sendall(command.encode() + b"\n")
            chunks = []
            while chunk := s.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def server_stats(self) -> dict[str, dict[str, str]]:
        """HAProxy's ``show stat`` row of each replica (``status``, ``stot`` sessions so far, …)."""
        lines = self.haproxy_command("show stat").splitlines()
        header = lines[0].lstrip("# ").split(",")
        stats = {}
        for line in lines[1:]:
            row = dict(zip(header, line.split(","), strict=False))
            if row.get("pxname") == "gateways" and row.get("svname", "").startswith("r"):
                stats[row["svname"]] = row
        return stats

    def server_states(self) -> dict[str, str]:
        """HAProxy's view of each replica: ``{"r1": "UP", "r2": "DOWN", …}`` (a drained one is "DRAIN")."""
        return {name: row["status"] for name, row in self.server_stats().items()}

    def pg_running(self) -> bool:
        return self.pg is not None and self.pg.running

    def servers_up(self) -> int:
        return sum(1 for s in self.server_states().values() if s == "UP")

    def create_key(self, name: str, rpm: int | None = None) -> str:
        """What ``llmgateway keys create`` does, in process (a CLI start costs seconds here)."""
        from llmgateway.store.db import EvaluationStore
        from llmgateway.store.keys import create_key

        assert self.pg is not None
        store = EvaluationStore(self.pg.url)
        try:
            return create_key(store, name, rpm=rpm)
        finally:
            store.close()

    def start(self, *, haproxy: bool = True, chroma: bool = True, keys: dict[str, int | None] | None = None) -> Fleet:
        """Everything up, slow starts overlapped: Chroma and the replicas boot while the rest is set up."""
        keys = {"drill": None} if keys is None else keys
        self.folder.mkdir(parents=True, exist_ok=True)
        self._mark("start")
        self.chroma = chroma
        if chroma:
            self.start_chroma()
        self.start_redis()
        self.pg = PrivatePostgres(self.ports["pg"])
        self._mark("redis+postgres")
        if not (self.policies / "fleet_drill.yaml").exists():
            self.write_policy([r"\bnever-matches-anything-xyzzy\b"])
        (self.folder / "prompts").mkdir(exist_ok=True)
        self.config_path.write_text(yaml.safe_dump(self.gateway_config(), sort_keys=False))
        for name, rpm in keys.items():  # also creates the schema once, before replicas race for it
            self.keys[name] = self.create_key(name, rpm)
        self._mark("keys")
        for i in range(self.n_replicas):
            self.start_replica(i)
        if chroma:
            self.wait_chroma()
            self._mark("chroma")
        for i in range(self.n_replicas):
            self.wait_replica_ready(i)
        self._mark("replicas ready")
        if haproxy:
            self.start_haproxy()
            self._mark("haproxy")
        return self

    def describe_timings(self) -> str:
        steps = [f"{what} +{t - self.timings[i][1]:.1f}s" for i, (what, t) in enumerate(self.timings[1:])]
        return ", ".join(steps)

    def close(self) -> None:
        order = ["haproxy", *sorted(n for n in self.procs if n.startswith("replica")), "chroma", "redis"]
        for name in order:
            proc = self.procs.pop(name, None)
            if proc is not None:
                proc.stop()
        if self.pg is not None and self.pg.running:
            try:
                self.pg.stop()
            except RuntimeError as exc:  # already stopped by a drill that failed half-way
                print(f"fleet: pg_ctl stop: {exc}", file=sys.stderr)
        if self.pg is not None:
            shutil.rmtree(self.pg.folder, ignore_errors=True)
