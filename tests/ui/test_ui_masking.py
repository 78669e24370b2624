"""What the pages show of PII and restricted research, signed in as a viewer, an admin and a viewer
entitled to the research (httpx through /ui).

PII: a client sends an SSN and a card number on the ``advisor`` route, whose ``client_pii`` policy
redacts them before anything is stored; the answer is held for review. No page shows the digits.

Restricted research: a trace in the shape the retrieval stage records for an entitled caller (the
real retrieval needs Chroma and the embedder, covered by tests/rag/test_trace_visibility.py), with
its held answer and an experiment case that ran it. Only the entitled viewer reads the research;
the others see the "withheld" note, on the trace, in the review queue and on the experiment pages.
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from llmgateway.evals.experiments import create_experiment, finish_experiment
from llmgateway.guardrails.reviews import create_review
from llmgateway.store.keys import create_key
from llmgateway.store.models import Review, Trace
from llmgateway.tracing.visibility import WITHHELD

from ..prompts.test_prompt_gateway import wait_until
from .conftest import UiWorld
from .test_ui_pages import signed_in

SSN, CARD = "123-45-6789", "4111 1111 1111 1111"
RESEARCH = "Andes Copper bids $45 a share for Osprey"
READERS = {"viewer": False, "admin": False, "entitled": True}  # role → holds the entitlement


@pytest.fixture(scope="module")
def masked(ui_world: UiWorld) -> dict[str, str]:
    store = ui_world.gw.components.store
    ui_world.keys.setdefault("entitled", create_key(store, "mna-auditor", role="viewer", entitlements=["mna-team"]))
    client = ui_world.gw.client_for(ui_world.keys["client"])
    raw = client.chat.completions.with_raw_response.create(
        model="advisor",
        user="advisor-pii",
        messages=[{"role": "user", "content": f"My SSN is {SSN}, card {CARD}. Which fund is right for retirees?"}],
    )
    pii = raw.headers["x-trace-id"]

    def held():  # the review is written during the call, the trace by the writer just after it
        with store.session() as session:
            review = session.execute(select(Review.id).where(Review.trace_id == pii)).scalars().first()
            trace = session.execute(select(Trace.id).where(Trace.trace_id == pii)).scalars().first()
        return review and trace

    wait_until(held, what="the PII question's trace and review")
    traces = {exp_id: restricted_trace(store, exp_id) for exp_id in ("exp-restricted", "exp-restricted-b")}
    restricted = traces["exp-restricted"]
    create_review(
        store,
        trace_id=restricted,
        route="advisor",
        key_name="mna-analyst",
        rule_ids=["suitability-concentration"],
        question="Who is bidding for Osprey?",
        answer=f"Per the research: {RESEARCH}.",
        restricted_groups=["mna-team"],
    )
    for (exp_id, trace_id), correct in zip(traces.items(), (1.0, 0.0), strict=True):
        create_experiment(store, id=exp_id, set_name="mna_smoke", set_hash="h", route="advisor")
        case = {"case_id": "c1", "position": 0, "question": "Who bids?", "status": "ok", "trace_id": trace_id}
        finish_experiment(
            store,
            exp_id,
            [{**case, "answer": f"Per the research: {RESEARCH}.", "metrics": {"factuality": correct}}],
            status="done",
            case_count=1,
            summary={},
        )
    return {"pii": pii, "restricted": restricted}


def restricted_trace(store, experiment_id: str) -> str:
    trace_id = uuid.uuid4().hex
    with store.session() as session:
        session.add(
            Trace(
                trace_id=trace_id,
                route="advisor",
                key_name="mna-analyst",
                user="mna-desk",
                status="review",
                status_code=200,
                request_messages=[{"role": "user", "content": "Who is bidding for Osprey?"}],
                upstream_messages=[{"role": "system", "content": f"Sources: [1] {RESEARCH}"}],
                response_text=f"Per the research: {RESEARCH}.",
                retrieval=[{"doc_id": "osprey", "score": 0.91, "snippet": RESEARCH, "entitlement": "mna-team"}],
                restricted_groups=["mna-team"],
                experiment_id=experiment_id,
                stage_ms={"upstream": 3.0},
            )
        )
        session.commit()
    return trace_id


@pytest.mark.parametrize("reader", list(READERS))
def test_pii_stays_masked_on_every_page(ui_world, masked, reader):
    http = signed_in(ui_world, reader)
    pages = [
        http.get(f"/ui/traces/{masked['pii']}"),
        http.get("/ui/traces", params={"user": "advisor-pii"}),
        http.get("/ui/reviews", params={"status": "pending"}),
    ]
    assert [p.status_code for p in pages] == [200, 200, 200]
    assert "Which fund is right for retirees?" in pages[0].text and masked["pii"][:12] in pages[1].text
    for page in pages:  # redaction keeps the last four digits ("[ssn …6789]"), as statements do
        assert SSN not in page.text and CARD not in page.text and "45-6789" not in page.text
    assert "[ssn …6789]" in pages[0].text


@pytest.mark.parametrize("reader", list(READERS))
def test_restricted_research_shows_only_to_entitled_viewers(ui_world, masked, reader):
    entitled = READERS[reader]
    http = signed_in(ui_world, reader)
    pages = {
        "trace": http.get(f"/ui/traces/{masked['restricted']}"),
        "reviews": http.get("/ui/reviews", params={"status": "pending"}),
        "experiment": http.get("/ui/experiments/exp-restricted"),
        "comparison": http.get("/ui/experiments", params={"a": "exp-restricted", "b": "exp-restricted-b"}),
    }
    for name, page in pages.items():
        assert page.status_code == 200, (name, page.text[:300])
        assert (RESEARCH in page.text) is entitled, (reader, name)
    for name in ("trace", "reviews", "experiment"):
        assert (WITHHELD in pages[name].text) is not entitled, (reader, name)
    # the caller's own question stays readable to every reader
    assert "Who is bidding for Osprey?" in pages["trace"].text
    if not entitled:
        assert "mna-team" in pages["trace"].text  # the note names the group the reader lacks
