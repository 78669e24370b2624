"""Right entities in the wrong relation, through POST /api/score/factuality on a real gateway: every
name of the swapped sentence is in the passage, only who did what to whom is wrong."""

from __future__ import annotations

import pytest

from .conftest import scoring_api_client

PASSAGE = (
    "Harbour Logistics agreed to acquire Brightline Freight for $2.4 billion in cash, the companies said on "
    "Monday. Brightline's chief executive, Maria Olsen, will join the combined company's board."
)


@pytest.fixture
def http(scoring_api_http):
    return scoring_api_http


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


# (source, faithful claim, the same names in swapped roles): active and passive voice, transfers with
# their recipient, ownership; the faithful claims restate the source in other constructions
ROLES = [
    (
        "Brightline Freight was acquired by Harbour Logistics in 2023 for $2.4 billion. The deal closed in May.",
        "Harbour Logistics acquired Brightline Freight in 2023.",
        "Brightline Freight acquired Harbour Logistics in 2023.",
    ),
    (
        "Atlas Bank bought Orion Credit from Veridian Group for $90 million. Orion Credit keeps its brand.",
        "Veridian Group sold Orion Credit to Atlas Bank for $90 million.",
        "Atlas Bank sold Orion Credit to Veridian Group for $90 million.",
    ),
    (
        "Kestrel Capital sold its 12% stake in Orion Mining to Vale Partners for $410 million. Orion Mining "
        "shares rose 4% on the news.",
        "Vale Partners bought the 12% stake in Orion Mining from Kestrel Capital.",
        "Vale Partners sold its 12% stake in Orion Mining to Kestrel Capital.",
    ),
    (
        "Alder Energy lent $300 million to Northwind Bank under a three-year facility. The loan is secured.",
        "Northwind Bank borrowed $300 million from Alder Energy under a three-year facility.",
        "Northwind Bank lent $300 million to Alder Energy under a three-year facility.",
    ),
    (
        "Meridian Bank sued Quanta Systems over unpaid licence fees. Quanta Systems denies the claim.",
        "Quanta Systems was sued by Meridian Bank over unpaid licence fees.",
        "Quanta Systems sued Meridian Bank over unpaid licence fees.",
    ),
    (
        "Jane Park succeeded Tom Reyes as chief executive of Lumen Capital in May. Reyes remains an adviser.",
        "Tom Reyes was succeeded by Jane Park as chief executive of Lumen Capital.",
        "Tom Reyes succeeded Jane Park as chief executive of Lumen Capital.",
    ),
    (
        "Apex Foods beat Lumen Brands in the tender for the school contracts. The contracts run five years.",
        "Lumen Brands lost to Apex Foods in the tender for the school contracts.",
        "Lumen Brands beat Apex Foods in the tender for the school contracts.",
    ),
    (
        "Helix Insurance's subsidiary Kona Re wrote $2 billion of premiums in 2024. Helix reported record profits.",
        "Kona Re, a subsidiary of Helix Insurance, wrote $2 billion of premiums in 2024.",
        "Kona Re's subsidiary Helix Insurance wrote $2 billion of premiums in 2024.",
    ),
]


def test_swapped_roles_across_relations(gateway, stub_upstream, embedder):
    """Each swapped claim is unsupported and says which names swapped; each faithful restatement (another
    voice or the converse verb) stays supported — through the HTTP API with the default scorer."""
    wrong = []
    with scoring_api_client(gateway, stub_upstream, embedder) as http:
        for source, faithful, swapped in ROLES:
            good = http.post("/api/score/factuality", json={"contexts": [source], "answer": faithful}).json()
            bad = http.post("/api/score/factuality", json={"contexts": [source], "answer": swapped}).json()
            if good["label"] != "supported":
                wrong.append(("faithful", faithful, good["claims"][0]["reason"]))
            if bad["label"] != "unsupported" or "swapped roles" not in (bad["claims"][0]["reason"] or ""):
                wrong.append(("swapped", swapped, bad["claims"][0]["reason"]))
    assert not wrong, wrong
