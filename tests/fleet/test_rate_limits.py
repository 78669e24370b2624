"""Drill: a key's rpm limit holds across both replicas (Redis token bucket) within ±2%.

The bucket holds ``rpm`` and refills at rpm/60 a second (fleet's contract), so a hammer of T seconds
from a full bucket is answered ``rpm + rpm·T/60`` times, whichever replicas HAProxy picks. With
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
    load = Load(fleet.lb_url, fleet.keys["limited"], threads=4, limit=int(RPM * 1.5)).start()
    outcomes = load.wait()
    ok = [o for o in outcomes if o.status == 200]
    limited = [o for o in outcomes if o.status == 429]
    assert len(ok) + len(limited) == len(outcomes), [o for o in outcomes if o.status not in (200, 429)][:3]
    assert all("rate_limit_exceeded" in o.error for o in limited), limited[:2]
    seconds = max(o.ended for o in outcomes) - min(o.started for o in outcomes)
    expected = RPM + RPM * seconds / 60
    print(f"\nrpm {RPM}: {len(ok)} of {len(outcomes)} answered in {seconds:.2f}s (expected {expected:.1f})")
    assert abs(len(ok) - expected) <= 0.02 * expected, (len(ok), expected, seconds)
