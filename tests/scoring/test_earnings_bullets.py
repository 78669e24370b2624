"""Correct statements written the way news wires summarise an earnings call, through POST /api/score/factuality
on a real gateway (issue 11 round 13a): wire abbreviations ("bln", "pct", "Qtrly"), a guidance range with one
unit ("$2.1 to $2.2 bln"), a headline verb opening the sentence ("Sees …"), a passage that says "the quarter"
without naming it, a figure whose sentence shares few words with the claim. Each has a changed twin that must
stay unsupported. The call passages are written for this test."""

from __future__ import annotations

import pytest

CALL = [
    "Good morning, and welcome to Northwind Freight's third quarter 2021 earnings call. Third quarter revenue "
    "was $1.82 billion, up 5% from the third quarter of 2020, driven by higher volumes in our intermodal segment.",
    "Adjusted earnings per share for the quarter were $0.45, compared with $0.38 a year ago. Operating margin "
    "improved to 11.2%, and we generated $210 million of free cash flow.",
    "Turning to the outlook, for the full year 2021 we now expect revenue of $7.1 billion to $7.3 billion and "
    "adjusted earnings per share between $1.70 and $1.80. We continue to expect capital spending of about "
    "$400 million.",
    "Finally, on a GAAP basis we recorded a net loss of $12 million, or $0.06 per share, reflecting a "
    "$95 million impairment of our European brokerage unit.",
]
# (correct bullet, its changed twin): each twin changes one figure, period, scale or sign
BULLETS = [
    ("Sees FY 2021 revenue $7.1 bln to $7.3 bln.", "Sees FY 2021 revenue $7.6 bln to $7.9 bln."),
    ("Q3 revenue rose 5 pct to $1.82 bln.", "Q3 revenue rose 5 pct to $1.82 mln."),
    ("Qtrly adjusted earnings per share $0.45.", "Qtrly adjusted earnings per share $0.54."),
    ("Sees FY adjusted EPS $1.70 to $1.80.", "Sees FY adjusted EPS $1.90 to $2.10."),
    ("Q3 GAAP loss per share $0.06.", "Q3 GAAP earnings per share $0.06."),
]


@pytest.fixture
def http(scoring_api_http):
    return scoring_api_http


def _score(http, answer: str, question: str | None = None) -> dict:
    body = {"contexts": CALL, "answer": answer} | ({"question": question} if question else {})
    resp = http.post("/api/score/factuality", json=body)
    assert resp.status_code == 200, resp.text
    return resp.json()


@pytest.mark.parametrize(("right", "changed"), BULLETS)
def test_wire_bullets_and_their_changed_twins(http, right, changed):
    kept, caught = _score(http, right), _score(http, changed)
    assert kept["label"] == "supported", kept
    assert caught["label"] == "unsupported", caught


def test_a_quarter_the_passage_does_not_name_is_the_calls(http):
    """The EPS passage says "the quarter"; the other passages are about the third quarter (and mention 2020)."""
    question = "What did the company report for Q3 2021?"
    assert _score(http, "Q3 adjusted EPS $0.45.", question)["label"] == "supported"
    wrong = _score(http, "Q1 adjusted EPS $0.45.", question)
    assert wrong["label"] == "unsupported", wrong
    assert "date 'Q1'" in wrong["claims"][0]["reason"]


def test_the_sign_a_figure_is_given(http):
    result = _score(http, "Net income was $12 million in the third quarter.")
    assert result["label"] == "unsupported", result
    assert "other sign" in result["claims"][0]["reason"]
