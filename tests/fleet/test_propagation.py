"""Drills: what one replica learns, every replica knows — a policy edit, a document ingested while serving.

Each replica is asked directly (not through HAProxy), so both are shown to have it. The time each
took is printed (`pytest -s`); the README's platform section reports it.
"""

from __future__ import annotations

import time
import uuid

import openai

from .load import Load, call
from .procs import wait_until
from .topology import COLLECTION, Fleet


def replica_client(fleet: Fleet, i: int, key: str) -> openai.OpenAI:
    return openai.OpenAI(
        base_url=f"http://127.0.0.1:{fleet.replica_ports[i]}/v1", api_key=key, max_retries=0, timeout=30
    )


def test_policy_edit_reaches_both_replicas(healthy_fleet):
    fleet = healthy_fleet
    marker = f"quokka{uuid.uuid4().hex[:8]}"
    clients = [replica_client(fleet, i, fleet.keys["drill"]) for i in range(fleet.n_replicas)]
    before = [call(c, "guarded", f"Tell me about {marker}.") for c in clients]
    assert [o.status for o in before] == [200] * fleet.n_replicas, before

    fleet.write_policy([rf"\b{marker}\b"])
    edited = time.monotonic()
    took: dict[int, float] = {}

    def blocked_everywhere() -> bool:
        for i, client in enumerate(clients):
            if i not in took and call(client, "guarded", f"Tell me about {marker}.").status == 400:
                took[i] = time.monotonic() - edited
        return len(took) == len(clients)

    wait_until(blocked_everywhere, 15, "the edited policy blocking on every replica")
    print(
        f"\npolicy edit → blocking on every replica: {', '.join(f'r{i + 1} {s:.2f}s' for i, s in sorted(took.items()))}"
    )
    refused = call(clients[0], "guarded", f"Tell me about {marker}.")
    assert refused.status == 400 and "content_filter" in refused.error, refused
    assert all(call(c, "guarded", "Tell me about bonds.").status == 200 for c in clients)


NOTE = """# Quillfeather Mining: initiation of coverage

Published: 2026-11-30

We initiate coverage of Quillfeather Mining (QFM) with an Outperform rating and a price target of
41 dollars. Lithium output from the Tarn Ridge project rises 22% in 2027 as the second crusher
comes online; the balance sheet carries no net debt.
"""


def test_document_ingested_while_serving_is_cited_by_both_replicas(healthy_fleet, tmp_path):
    fleet = healthy_fleet
    doc = tmp_path / "quillfeather-initiation.md"
    doc.write_text(NOTE)
    load = Load(fleet.lb_url, fleet.keys["drill"], threads=2, pause=0.05).start()  # serving meanwhile
    fleet.cli("ingest", str(doc), "--collection", COLLECTION, "--no-progress")
    ingested = time.monotonic()
    clients = [replica_client(fleet, i, fleet.keys["drill"]) for i in range(fleet.n_replicas)]
    took: dict[int, float] = {}

    def cited_everywhere() -> bool:
        for i, client in enumerate(clients):
            if i in took:
                continue
            completion = client.chat.completions.create(
                model="research",
                messages=[{"role": "user", "content": "What rating does the research give Quillfeather Mining?"}],
            )
            cited = {c["doc_id"] for c in (completion.model_extra or {}).get("citations") or []}
            if "quillfeather-initiation" in cited:
                took[i] = time.monotonic() - ingested
        return len(took) == len(clients)

    wait_until(cited_everywhere, 20, "the new document cited by every replica")
    outcomes = load.stop()
    print(f"\ningest → cited by every replica: {', '.join(f'r{i + 1} {s:.2f}s' for i, s in sorted(took.items()))}")
    assert outcomes and all(o.status == 200 for o in outcomes), [o for o in outcomes if o.status != 200][:3]
