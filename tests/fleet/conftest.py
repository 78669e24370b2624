"""The fleet drills' topology, started once for tests/fleet/ (topology.py has the pieces).

Real services only: a private redis-server, a private PostgreSQL cluster (the shared server on
5432 is never stopped), ``chroma run``, two ``llmgateway serve`` processes and HAProxy from
Debian's package (scripts/services.sh installs it). The paid-API edge is the stub upstream.
``LLMGATEWAY_FLEET_PORT_BASE=18500`` puts every port in 18500-18599 (default: free ports).
"""

from __future__ import annotations

import os
import time

import pytest

from ..stub_upstream import StubUpstream
from .procs import wait_until
from .topology import Fleet, missing_tools

RPM = 240  # the rate-limited key of the limits drill


@pytest.fixture(scope="package")
def fleet_stub():
    base = os.environ.get("LLMGATEWAY_FLEET_PORT_BASE")
    stub = StubUpstream(port=int(base) + 5 if base else None).start()
    yield stub
    stub.stop()


@pytest.fixture(scope="package")
def fleet(fleet_stub, tmp_path_factory):
    missing = missing_tools()
    if missing:
        pytest.skip(f"the fleet drills need {', '.join(missing)} (scripts/services.sh installs haproxy)")
    base = os.environ.get("LLMGATEWAY_FLEET_PORT_BASE")
    topology = Fleet(
        tmp_path_factory.mktemp("fleet"), replicas=2, upstream_url=fleet_stub.url, base_port=int(base) if base else None
    )
    try:
        topology.start(keys={"drill": None, "limited": RPM})
        print(f"\nfleet up: {topology.describe_timings()}")
    except BaseException:
        topology.close()
        raise
    yield topology
    topology.close()


@pytest.fixture
def healthy_fleet(fleet, fleet_stub):
    """The fleet as every drill expects to find it: PostgreSQL up, both replicas up in HAProxy
    (a replica an earlier drill stopped is started again)."""
    fleet_stub.reset()
    if not fleet.pg_running():
        fleet.pg.start()
    for i in range(fleet.n_replicas):
        proc = fleet.procs.get(f"replica{i + 1}")
        if proc is None or not proc.alive:
            fleet.start_replica(i)
            fleet.wait_replica_ready(i)
    wait_until(lambda: fleet.servers_up() == fleet.n_replicas, 30, "both replicas UP in HAProxy")
    return fleet


def missing_traces(fleet: Fleet, trace_ids: list[str], timeout: float = 30) -> list[str]:
    """Trace ids not in the shared store after waiting up to ``timeout`` for writers to flush."""
    wanted = set(trace_ids)
    deadline = time.time() + timeout
    while True:
        rows = fleet.pg.query("SELECT trace_id FROM traces WHERE trace_id = ANY(%s)", (list(wanted),))
        wanted -= {r[0] for r in rows}
        if not wanted or time.time() > deadline:
            return sorted(wanted)
        time.sleep(0.25)
