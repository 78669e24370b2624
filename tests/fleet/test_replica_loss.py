"""Drill: one replica is stopped under load behind HAProxy; no accepted request loses its trace.

SIGTERM is how an orchestrator stops a replica (docker stop, a Kubernetes rollout): the replica
stops taking connections, finishes its in-flight calls and streams, flushes its trace queue to
PostgreSQL and exits 0. HAProxy hands the calls it could not deliver to the other replica.
"""

from __future__ import annotations

import signal

from .conftest import missing_traces
from .load import Load
from .procs import wait_until


def test_a_replica_drained_at_the_balancer_gets_no_new_calls(healthy_fleet):
    """The operator's drain (HAProxy admin socket) before maintenance: calls go elsewhere, none fail."""
    fleet = healthy_fleet
    fleet.haproxy_command("set server gateways/r2 state drain")
    try:
        wait_until(lambda: fleet.server_states()["r2"] == "DRAIN", 10, "r2 draining")
        before = int(fleet.server_stats()["r2"]["stot"])
        outcomes = Load(fleet.lb_url, fleet.keys["drill"], threads=2, limit=30).start().wait()
        assert [o.status for o in outcomes] == [200] * 30
        assert int(fleet.server_stats()["r2"]["stot"]) == before
    finally:
        fleet.haproxy_command("set server gateways/r2 state ready")


def test_sigterm_one_replica_under_load_loses_no_accepted_trace(healthy_fleet, fleet_stub):
    fleet = healthy_fleet
    fleet_stub.stream_interval = 0.02  # streams in flight while the replica is told to stop
    load = Load(fleet.lb_url, fleet.keys["drill"], threads=4, stream_every=3).start()
    wait_until(lambda: load.count() >= 40, 60, "load before the stop")
    stopping = fleet.procs["replica1"]
    stopping.signal(signal.SIGTERM)
    at_stop = load.count()
    exit_code = stopping.wait(60)
    wait_until(lambda: load.count() >= at_stop + 60, 60, "load after the stop")
    outcomes = load.stop()

    # 0, or uvicorn re-raising the SIGTERM it handled once its graceful shutdown is done
    assert exit_code in (0, -signal.SIGTERM), f"replica1 after SIGTERM: exit {exit_code}; log: {stopping.tail()}"
    failed = [o for o in outcomes if o.status != 200]
    assert not failed, f"{len(failed)} of {len(outcomes)} calls failed while a replica stopped: {failed[:5]}"
    accepted = Load.accepted(outcomes)
    assert len(accepted) == len(outcomes)
    lost = missing_traces(fleet, accepted)
    assert not lost, f"{len(lost)} of {len(accepted)} accepted calls have no trace: {lost[:5]}"
    # the streams finished whole (the stub answers a fixed sentence)
    assert all(o.text.endswith("[1].") for o in outcomes), [o.text for o in outcomes if not o.text.endswith("[1].")][:3]
    wait_until(lambda: fleet.server_states().get("r1") != "UP", 10, "HAProxy marks the stopped replica down")
