"""The question-shape stages of rounds 14b/14c decide only on a sure reading (issue 11, round 15b), through POST
/api/score/factuality on a real gateway: where the comparison, attribute or bridge-entity pattern reads the
knowledge only in part, the answer is left to the verifier — a right answer is not marked unsupported for it —
while the sure readings of the earlier tests still decide. The passages are written for this test."""

from __future__ import annotations

import pytest

from .conftest import score_factuality


@pytest.fixture
def http(scoring_api_http):
    return scoring_api_http


def _decided(result: dict) -> bool:
    return any(
        "not what the question asks" in (c.get("reason") or "")
        or "contradicts the knowledge: comparison" in (c.get("reason") or "")
        or "comparison:" in (c.get("reason") or "")
        or "refers to" in (c.get("reason") or "")
        or any(d.startswith("comparison:") for d in c.get("derivations") or [])
        for c in result["claims"]
    )


PEOPLE = [
    "Lena Marsh is an American actress known for the Tidewater films.",
    "Owen Hale is a British actor and director from Bristol.",
    "The Quay Ledger was a literary periodical published in Hull.",
    "Ferry Lines is a British magazine about coastal travel.",
    "Priya Rao is a British and Indian actor.",
    "Anil Mehta is an Indian actor.",
]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Are Lena Marsh and Owen Hale both actors?", "Yes."),  # an actress is an actor
        ("Are The Quay Ledger and Ferry Lines both magazines?", "Yes."),  # a periodical may be a magazine
        ("Were Priya Rao and Anil Mehta of the same nationality?", "No."),  # two nationalities in one description
    ],
)
def test_an_attribute_read_in_part_does_not_mark_a_bare_verdict_wrong(http, question, answer):
    got = score_factuality(http, PEOPLE, question, answer)
    assert not _decided(got), got


def test_a_kind_of_another_group_still_decides(http):
    knowledge = [*PEOPLE, "The Kite Review is a British folk band from Leeds."]
    question = "Are Ferry Lines and The Kite Review both magazines?"
    right, wrong = (
        score_factuality(http, knowledge, question, "No."),
        score_factuality(http, knowledge, question, "Yes."),
    )
    assert right["label"] == "supported", right
    assert wrong["label"] == "unsupported", wrong


SPANS = [
    "The historians Ada Finch (1919–1980) and Tom Reyes (1920–1999) wrote on the guild system.",
    "The Leeds guild hall was opened in 1985 by the city council.",
]


@pytest.mark.parametrize(
    ("question", "right", "wrong"),
    [  # a death is the year closing a life span, the span after the name ("dying" was read as no event at all)
        ("Which happened first, Tom Reyes dying or the Leeds guild hall opening?", "The Leeds guild hall opening",
         "Tom Reyes dying"),
        ("Who died later, Ada Finch or Tom Reyes?", "Tom Reyes", "Ada Finch"),
    ],
)  # fmt: skip
def test_a_death_is_read_from_the_life_span_after_the_name(http, question, right, wrong):
    kept, caught = score_factuality(http, SPANS, question, right), score_factuality(http, SPANS, question, wrong)
    assert kept["label"] == "supported", kept
    assert caught["label"] == "unsupported", caught


def test_the_right_option_with_an_invented_detail_is_not_carried_by_the_comparison(http):
    question = "Which was opened first, the Leeds guild hall or the York guild hall?"
    knowledge = [*SPANS, "The York guild hall was opened in 1990."]
    got = score_factuality(http, knowledge, question, "The Leeds guild hall was opened first, in Pakistan.")
    assert got["label"] == "unsupported", got


def test_an_answer_naming_both_options_is_read_by_its_order_word(http):
    knowledge = [
        "Harrow & Vale Building Society was founded in 1849 by a group of Leeds mill workers.",
        "Kestrel Mutual Assurance, a Dublin insurer, was established in 1902.",
    ]
    question = "Which was founded first, Harrow & Vale Building Society or Kestrel Mutual Assurance?"
    right = "Kestrel Mutual Assurance was founded in 1902, after Harrow & Vale Building Society in 1849."
    got = score_factuality(http, knowledge, question, right)
    assert got["label"] == "supported", got


LABEL = ["Dax Orr, the founder of Kite Records, is an American rapper. He released Northern Lines in 2004."]


@pytest.mark.parametrize(
    "question",
    [
        "Which American rapper, the founder of Kite Records, released Northern Lines?",
        "What is the birth name of the founder of Kite Records?",
    ],
)
def test_a_question_asking_for_the_described_entity_itself_is_not_a_first_hop(http, question):
    got = score_factuality(http, LABEL, question, "Dax Orr")
    assert not any("refers to" in (c.get("reason") or "") for c in got["claims"]), got


def test_the_first_hop_entity_is_still_caught(http):
    got = score_factuality(
        http, LABEL, "In what year did the founder of Kite Records release Northern Lines?", "Dax Orr"
    )
    assert got["label"] == "unsupported", got
