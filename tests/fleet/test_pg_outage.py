"""Drill: PostgreSQL stops for 15 s under load; the fleet keeps answering and loses no trace.

While the store is down each replica spills its traces to its own spill file and serves keys from
its cache; when PostgreSQL is back the writers replay the spill files (duplicates skipped).
"""

from __future__ import annotations

import time

import httpx
import pytest

from .conftest import missing_traces
from .load import Load
from .procs import wait_until

OUTAGE_S = 15.0


def test_postgres_down_15s_under_load_loses_no_trace(healthy_fleet):
    fleet = healthy_fleet
    load = Load(fleet.lb_url, fleet.keys["drill"], threads=3, pause=0.02, stream_every=4).start()
    wait_until(lambda: load.count() >= 30, 60, "load before the outage")
    fleet.pg.stop()
    down_at = time.monotonic()
    time.sleep(OUTAGE_S / 2)
    readiness = httpx.get(f"http://127.0.0.1:{fleet.replica_ports[0]}/readyz", timeout=10)
    time.sleep(down_at + OUTAGE_S - time.monotonic())
    fleet.pg.start()
    up_at = time.monotonic()
    # the writers replay their spill files once they write again: wait for answered calls after the restart
    wait_until(lambda: load.answered_since(up_at) >= 60, 90, "calls answered after PostgreSQL is back")
    outcomes = load.stop()

    during = [o for o in outcomes if down_at <= o.started and o.ended <= up_at]
    assert during, "no call was made while PostgreSQL was down"
    accepted = Load.accepted(outcomes)
    lost = missing_traces(fleet, accepted, timeout=60)
    assert not lost, f"{len(lost)} of {len(accepted)} accepted calls have no trace after the replay: {lost[:5]}"
    spills = [p for p in fleet.folder.glob("replica*/trace-spill.jsonl") if p.stat().st_size]
    assert not spills, f"spill files not replayed: {spills}"

    failed = [o for o in outcomes if o.status != 200]
    report = readiness.json()
    if failed and readiness.status_code == 503 and not report["checks"]["store"]["ok"]:
        pytest.xfail(
            "the replicas report not-ready while PostgreSQL is down, so HAProxy takes both out "
            f"({len(failed)} of {len(outcomes)} calls got 503); /readyz 'degraded' is fleet's part of issue 14"
        )
    assert readiness.status_code == 200 and report["status"] == "degraded", report
    assert not failed, f"{len(failed)} of {len(outcomes)} calls failed ({len(during)} during the outage): {failed[:3]}"
