"""Multi-hop questions over two short passages, through POST /api/score/factuality on a real gateway (issue 11
round 14b): comparison questions ("Which was founded first, A or B?", "Was A founded before B?") whose wrong
answer is the *other* option — printed in the knowledge, so every word check passes it — and bridge questions
whose wrong answer is the entity the question's description points to. Each right answer must stay
supported. The passages are written for this test."""

from __future__ import annotations

import pytest

from .conftest import score_factuality

KNOWLEDGE = [
    "Harrow & Vale Building Society was founded in 1849 by a group of Leeds mill workers. It became a bank in 1997.",
    "Kestrel Mutual Assurance, a Dublin insurer, was established in 1902 and was listed in 1988.",
]
FIRST = "Which was founded first, Harrow & Vale Building Society or Kestrel Mutual Assurance?"
LATER = "Which was founded later, Harrow & Vale Building Society or Kestrel Mutual Assurance?"


@pytest.fixture
def http(scoring_api_http):
    return scoring_api_http


def _label(http, question: str, answer: str, knowledge: list[str] = KNOWLEDGE) -> dict:
    return score_factuality(http, knowledge, question, answer)


@pytest.mark.parametrize(
    ("question", "right", "wrong"),
    [
        (FIRST, "Harrow & Vale Building Society", "Kestrel Mutual Assurance"),
        (FIRST, "Harrow & Vale Building Society was founded first.", "Kestrel Mutual Assurance was founded first."),
        (LATER, "Kestrel Mutual Assurance", "Harrow & Vale Building Society"),
        (
            FIRST,
            "Harrow & Vale Building Society was founded in 1849, before Kestrel Mutual Assurance in 1902.",
            "Kestrel Mutual Assurance was founded in 1902, before Harrow & Vale Building Society in 1849.",
        ),
    ],
)
def test_the_other_option_of_a_comparison_is_caught(http, question, right, wrong):
    kept, caught = _label(http, question, right), _label(http, question, wrong)
    assert kept["label"] == "supported", kept
    assert caught["label"] == "unsupported", caught
    if "," not in wrong:
        assert "is not what the question asks" in caught["claims"][0]["reason"]
        assert any(d.startswith("comparison:") for d in kept["claims"][0]["derivations"])


def test_a_yes_no_comparison_is_judged_on_the_years(http):
    question = "Was Kestrel Mutual Assurance established before Harrow & Vale Building Society?"
    no, yes = _label(http, question, "No."), _label(http, question, "Yes.")
    assert no["label"] == "supported", no
    assert yes["label"] == "unsupported", yes
    assert yes["claims"][0]["error_kind"] == "verdict"
    explained = "No. Kestrel Mutual Assurance was established in 1902, after Harrow & Vale Building Society in 1849."
    assert _label(http, question, explained)["label"] == "supported"


def test_a_filing_question_between_two_years_is_not_a_comparison_of_entities(http):
    """ "2019 or 2018" are a table's years: the comparison stays out (the table checks decide)."""
    page = ["Net sales were $1,345 million in 2019 and $1,197 million in 2018."]
    got = _label(http, "Which year had higher net sales, 2019 or 2018?", "2019", page)
    assert not any(d.startswith("comparison:") for c in got["claims"] for d in c["derivations"])


BRIDGE = [  # one knowledge string of two supporting sentences, as multi-hop QA sets give it
    "Corvane Holdings is the parent company of Tessellate Bank, the largest lender in Moravia. "
    "Tessellate Bank is headquartered in Brno and was led by Ilse Maren from 2011 to 2019."
]


def test_a_bridge_answer_naming_the_entity_the_question_describes_is_caught(http):
    question = "In which city is the largest lender in Moravia headquartered?"
    assert _label(http, question, "Brno", BRIDGE)["label"] == "supported"
    hop = _label(http, question, "Tessellate Bank", BRIDGE)
    assert hop["label"] == "unsupported", hop
    assert "refers to" in hop["claims"][0]["reason"]
    # asking what the description is, the entity is the right answer
    assert _label(http, "What is the largest lender in Moravia?", "Tessellate Bank", BRIDGE)["label"] == "supported"


def test_an_order_word_its_own_years_contradict(http):
    """In any answer: "A became a bank in 1997, before B was listed in 1988" orders its own years wrongly."""
    knowledge = [" ".join(KNOWLEDGE)]
    question = "What happened to Harrow & Vale Building Society and Kestrel Mutual Assurance later?"
    answer = "Harrow & Vale Building Society became a bank in 1997, after Kestrel Mutual Assurance was listed in 1988."
    assert _label(http, question, answer, knowledge)["label"] == "supported"
    got = _label(http, question, answer.replace("after", "before"), knowledge)
    assert got["label"] == "unsupported", got
    assert "date order" in got["claims"][0]["reason"]


def test_a_year_in_the_sentence_after_the_name(http):
    """Supporting sentences often name the entity first and date it in the next sentence ("The magazine …")."""
    knowledge = [
        "Northgate Review (1844–1846) was an American literary periodical published in Philadelphia.",
        "Thrift Weekly is a consumer finance magazine published by Harcourt Media. The magazine was started in 1989.",
    ]
    question = "Which magazine was started first, Northgate Review or Thrift Weekly?"
    assert _label(http, question, "Northgate Review", knowledge)["label"] == "supported"
    assert _label(http, question, "Thrift Weekly", knowledge)["label"] == "unsupported"


def test_the_year_of_the_event_the_question_asks_about(http):
    """A sentence printing two years of one option: the comparison takes the one next to the question's event
    ("established"), and for "died" the year that closes a life span."""
    knowledge = [
        "Kestrel Mutual Assurance was listed in 1988, long after it was established in 1902. "
        "Harrow Bank was founded in 1950 in Leeds."
    ]
    question = "Which was established first, Kestrel Mutual Assurance or Harrow Bank?"
    assert _label(http, question, "Kestrel Mutual Assurance", knowledge)["label"] == "supported"
    assert _label(http, question, "Harrow Bank", knowledge)["label"] == "unsupported"
    people = ["Anna Berg (1862–1938) was a Swedish banker. Lars Holm (1870–1921) was a Danish economist."]
    assert _label(http, "Who died first, Anna Berg or Lars Holm?", "Lars Holm", people)["label"] == "supported"
    assert _label(http, "Who was born first, Anna Berg or Lars Holm?", "Lars Holm", people)["label"] == "unsupported"
