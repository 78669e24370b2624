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

import pytest

from llmgateway.tracing.visibility import WITHHELD

from .conftest import CARD, RESEARCH, SSN
from .test_ui_pages import signed_in

READERS = {"viewer": False, "admin": False, "entitled": True}  # role → holds the entitlement


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
