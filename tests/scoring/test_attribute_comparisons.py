"""Polar questions over an attribute of two entities and number comparisons, through POST /api/score/factuality
on a real gateway (issue 11 round 14c): "Are A and B both American?", "Were A and B of the same nationality?",
"Are A and B both magazines?" — a bare "Yes."/"No." is judged on what the knowledge says each entity is — and
"Which has more members, A or B?", whose wrong answer is the other option (printed in the knowledge). The
passages are written for this test."""

from __future__ import annotations

import pytest

from .conftest import score_factuality

KNOWLEDGE = [
    "Thrift Weekly is an American consumer finance magazine published by Harcourt Media.",
    "Northgate Review was a British literary magazine published in London from 1844 to 1846.",
    "The Ledger Kites are an American folk band formed in Ohio in 1990.",
]


@pytest.fixture
def http(scoring_api_http):
    return scoring_api_http


@pytest.mark.parametrize(
    ("question", "right", "wrong"),
    [
        ("Are Thrift Weekly and Northgate Review both American?", "No.", "Yes."),
        ("Are Thrift Weekly and The Ledger Kites both American?", "Yes.", "No."),
        ("Were Thrift Weekly and Northgate Review of the same nationality?", "No.", "Yes."),
        ("Are Thrift Weekly and Northgate Review both magazines?", "Yes.", "No."),
        ("Are Thrift Weekly and The Ledger Kites both magazines?", "No.", "Yes."),
    ],
)
def test_a_bare_yes_or_no_on_two_entities_attribute_is_judged(http, question, right, wrong):
    kept, caught = (
        score_factuality(http, KNOWLEDGE, question, right),
        score_factuality(http, KNOWLEDGE, question, wrong),
    )
    assert kept["label"] == "supported", kept
    assert caught["label"] == "unsupported", caught
    assert caught["claims"][0]["error_kind"] == "verdict"
    assert any(d.startswith("comparison:") for d in kept["claims"][0]["derivations"])


def test_an_attribute_the_knowledge_does_not_state_decides_nothing(http):
    """ "Harrow Bank was founded in 1950" says no nationality: the answer is not marked wrong for it."""
    knowledge = [*KNOWLEDGE, "Harrow Bank was founded in 1950 in Leeds."]
    got = score_factuality(http, knowledge, "Are Thrift Weekly and Harrow Bank both American?", "No.")
    assert got["label"] != "unsupported", got
    assert not any(d.startswith("comparison:") for c in got["claims"] for d in c["derivations"])


MEMBERS = [
    "Harrow & Vale Building Society has 1.2 million members and 310 branches across northern England.",
    "Kestrel Mutual Assurance, founded in 1902, has 450,000 members and 2,900 staff.",
]


@pytest.mark.parametrize(
    ("question", "right", "wrong"),
    [
        (
            "Which has more members, Harrow & Vale Building Society or Kestrel Mutual Assurance?",
            "Harrow & Vale Building Society",
            "Kestrel Mutual Assurance",
        ),  # fmt: skip
        (
            "Which has fewer members, Harrow & Vale Building Society or Kestrel Mutual Assurance?",
            "Kestrel Mutual Assurance has fewer members.",
            "Harrow & Vale Building Society has fewer members.",
        ),  # fmt: skip
    ],
)
def test_the_other_option_of_a_number_comparison_is_caught(http, question, right, wrong):
    kept, caught = score_factuality(http, MEMBERS, question, right), score_factuality(http, MEMBERS, question, wrong)
    assert kept["label"] == "supported", kept
    assert caught["label"] == "unsupported", caught
    assert "is not what the question asks" in caught["claims"][0]["reason"]


def test_an_adjective_is_not_read_as_a_kind(http):
    """ "both profitable" asks about performance, not what the entities are: no comparison is made of the words
    after "is a" ("a lender"), the answer goes to the ordinary checks."""
    knowledge = ["Harrow Bank is a regional lender that was profitable in 2024.", "Kestrel Bank is a mutual lender."]
    got = score_factuality(http, knowledge, "Are Harrow Bank and Kestrel Bank both profitable?", "No.")
    assert not any(d.startswith("comparison:") for c in got["claims"] for d in c["derivations"]), got


# Nationalities are read from a fixed list of demonyms (scoring/demonyms.py), not a suffix pattern.
@pytest.mark.parametrize(
    "knowledge",
    [
        ["Harrow Chapel is a Roman Catholic chapel in Leeds.", "Vale Priory is a Roman Catholic priory in Turin."],
        ["Castle Brede is a Norman castle in Kent.", "Vale Priory is a Norman priory in Sicily."],
    ],
)
def test_a_kind_word_is_not_read_as_a_nationality(http, knowledge):
    """ "a Roman Catholic chapel" / "a Norman castle" say no nationality: "No." is not marked wrong."""
    first = knowledge[0].split(" is ")[0]
    question = f"Were {first} and Vale Priory of the same nationality?"
    got = score_factuality(http, knowledge, question, "No.")
    assert got["label"] != "unsupported", got
    assert not any(d.startswith("comparison:") for c in got["claims"] for d in c["derivations"])


@pytest.mark.parametrize(
    ("extra", "question"),
    [
        ("Alexius Komnenos was a Byzantine general.", "Are Alexius Komnenos and Thrift Weekly both American?"),
        ("Kyrenia Trust is a Cypriot bank.", "Were Kyrenia Trust and Thrift Weekly of the same nationality?"),
    ],
)
def test_a_nationality_outside_the_suffix_pattern_is_read(http, extra, question):
    knowledge = [*KNOWLEDGE, extra]
    kept, caught = (
        score_factuality(http, knowledge, question, "No."),
        score_factuality(http, knowledge, question, "Yes."),
    )
    assert kept["label"] == "supported", kept
    assert caught["label"] == "unsupported", caught
    assert caught["claims"][0]["error_kind"] == "verdict"


def test_a_union_and_its_part_decide_nothing(http):
    """A British magazine and a Scottish band may share a nationality: "Yes." is not marked wrong."""
    knowledge = [*KNOWLEDGE, "The Clyde Ravens are a Scottish folk band formed in Glasgow in 1971."]
    question = "Were Northgate Review and The Clyde Ravens of the same nationality?"
    got = score_factuality(http, knowledge, question, "Yes.")
    assert got["label"] != "unsupported", got
    assert not any(d.startswith("comparison:") for c in got["claims"] for d in c["derivations"])
