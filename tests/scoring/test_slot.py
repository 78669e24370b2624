"""Is the short answer the entity the question asks for? Through POST /api/score/factuality on a real
gateway (issue 11 round 17b, scoring/slot.py).

An answer naming *another* entity of the same passage passes every strict check (each of its words is
printed, the passage is about the question), and the reader only overrules an answer it gives almost
nothing. The slot head compares how the passage ties the answer and its rival spans to the question's
words (and the reader's probability of each): the right entity stays supported, the rival is unsupported
with the tie in its reason. The head is opt-in (``scoring.factuality.slot: true``); without it (the default,
and main before this round) the rival passes.
"""

from __future__ import annotations

import pytest

from .conftest import score_factuality, scoring_api_client

FUND = (
    "The Kestrel Fund was launched in 2011 with $40 million of seed capital. Its assets reached $1.2 billion "
    "in 2019, when the fund closed to new investors."
)
BANK = (
    "Northwind Bank hired Tomas Berg as chief executive in 2018. He succeeded Ana Ruiz, who had led the bank "
    "since 2009 and later joined the board of Vale Capital."
)
PIPELINE = (
    "The Alder Energy pipeline was completed in 1998 by Halvorsen Engineering. Its expansion, designed by "
    "Brightline Partners, opened in 2007."
)
CASES = [
    (FUND, "When was the Kestrel Fund launched?", "2011", "2019"),
    (BANK, "Since when had Ana Ruiz led the bank?", "2009", "2018"),
    (PIPELINE, "Which firm built the Alder Energy pipeline?", "Halvorsen Engineering", "Brightline Partners"),
]


@pytest.mark.parametrize("source, question, right, rival", CASES)
def test_the_right_entity_is_supported_and_a_rival_of_the_same_passage_is_not(
    gateway, stub_upstream, embedder, source, question, right, rival
):
    with scoring_api_client(gateway, stub_upstream, embedder, {"slot": True}) as http:
        kept = score_factuality(http, [source], question, right)
        assert kept["label"] == "supported", kept
        caught = score_factuality(http, [source], question, rival)
    assert caught["label"] == "unsupported", caught
    reason = caught["claims"][0]["reason"]
    assert f"the passage ties '{rival}' to" in reason, caught
    assert "the question asks about" in reason, caught
    assert caught["claims"][0]["slot"] < kept["claims"][0]["slot"], (kept, caught)


def test_without_the_slot_head_the_rival_passes(gateway, stub_upstream, embedder):
    """The default (the head is opt-in, docs/scoring.md round 17b) and what main did before this round: every
    word of the rival is printed, so it passes."""
    source, question, _, rival = CASES[0]
    with scoring_api_client(gateway, stub_upstream, embedder) as http:
        result = score_factuality(http, [source], question, rival)
    assert result["label"] == "supported", result
    assert result["claims"][0]["slot"] is None, result
