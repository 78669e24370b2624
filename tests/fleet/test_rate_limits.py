"""Drill: a key's rpm limit holds across both replicas (Redis token bucket) within ±2%.

The bucket holds ``rpm`` and refills at rpm/60 a second (fleet's contract), so a hammer of T seconds
from a full bucket is answered ``rpm + rpm·T/60`` times (±2%), whichever replicas HAProxy picks. With
per-process limits (no Redis) the same hammer gets about twice ``rpm`` through two replicas.
"""

from __future__ import annotations

import pytest

from .conftest import RPM
from .load import Load
from .topology import fleet_settings_available

pytestmark = pytest.mark.skipif(
    not fleet_settings_available(), reason="fleet-wide limits need the redis:/fleet: settings (issue 14, fleet's part)"
)


def test_key_rpm_holds_across_both_replicas(healthy_fleet):
    fleet = healthy_fleet
    replicas = [fleet.procs[f"replica{i + 1}"] for i in range(fleet.n_replicas)]
    logged = [len(r.tail(10**9)) for r in replicas]
    load = Load(fleet.lb_url, fleet.keys["limited"], threads=4, limit=int(RPM * 1.5)).start()
    outcomes = load.wait()
    fell_back = [r.name for r, n in zip(replicas, logged) if "RATE LIMITS DEGRADED" in r.tail(10**9)[n:]]
    assert not fell_back, f"{fell_back} lost Redis during the drill and enforced per-replica limits"
    ok = [o for o in outcomes if o.status == 200]
    limited = [o for o in outcomes if o.status == 429]
    assert len(ok) + len(limited) == len(outcomes), [o for o in outcomes if o.status not in (200, 429)][:3]
    assert all("rate_limit_exceeded" in o.error for o in limited), limited[:2]
    # The bucket refilled over the window in which the replicas saw the calls. The client can only
    # bound that window: at most first start → last end, at least first answer → last start (under
    # load the two differ by more than the 2% asked for).
    outer = max(o.ended for o in outcomes) - min(o.started for o in outcomes)
    inner = max(0.0, max(o.started for o in outcomes) - min(o.ended for o in outcomes))
    low, high = RPM + RPM * inner / 60, RPM + RPM * outer / 60
    print(f"\nrpm {RPM}: {len(ok)} of {len(outcomes)} answered in {outer:.2f}s (expected {low:.1f}–{high:.1f})")
    assert 0.98 * low <= len(ok) <= 1.02 * high, (len(ok), low, high)
