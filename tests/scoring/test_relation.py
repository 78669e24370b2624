"""Right entities in the wrong relation, through POST /api/score/factuality on a real gateway: every
name of the swapped sentence is in the passage, only who did what to whom is wrong."""

from __future__ import annotations

import pytest

from llmgateway.plugins import DEFAULT_PLUGINS, load_plugins

from ..conftest import stub_config

SCORING = "llmgateway.scoring.plugin"
PASSAGE = (
    "Harbour Logistics agreed to acquire Brightline Freight for $2.4 billion in cash, the companies said on "
    "Monday. Brightline's chief executive, Maria Olsen, will join the combined company's board."
)


@pytest.fixture
def http(gateway, stub_upstream, embedder):
    plugins = load_plugins([p for p in DEFAULT_PLUGINS if p != SCORING] + [SCORING])
    config = stub_config(stub_upstream, scoring={"worker": {"enabled": False}})
    with gateway(config, plugins=plugins, embedder=embedder).http as client:
        yield client


def _score(http, answer: str, question: str | None = None) -> dict:
    body = {"contexts": [PASSAGE], "answer": answer} | ({"question": question} if question else {})
    resp = http.post("/api/score/factuality", json=body)
    assert resp.status_code == 200, resp.text
    return resp.json()


def test_swapped_roles_in_a_sentence(http):
    faithful = _score(http, "Harbour Logistics agreed to acquire Brightline Freight for $2.4 billion.")
    swapped = _score(http, "Brightline Freight agreed to acquire Harbour Logistics for $2.4 billion.")
    assert faithful["label"] == "supported", faithful
    assert swapped["label"] == "unsupported", swapped
    assert "swapped roles" in swapped["claims"][0]["reason"]
