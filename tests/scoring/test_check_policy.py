"""Checks narrowed where they rejected correct text nobody here wrote (issue 11, round 17a), through
POST /api/score/factuality on a real gateway.

* A sentence's capitalised first word that is an ordinary word — a connective or adverb ("Finally,"), an
  imperative or -ing form before a determiner — is not a name the source must print (main: "name 'Finally' does
  not occur in the source", the answer unsupported at 0.0). Real names stay checked, first word or not.
* The source's negation counts only against the verb it negates: "did not hurt margins" does not make "the margin
  widened" a negated statement (main: "the source negates 'margi…'"); "did not raise its dividend" still makes
  "raised its dividend" unsupported, and "Nobody was injured" now makes "Several workers were injured" unsupported
  for that reason (main caught it only because "Several" was taken for a name).
The passages are written for these tests in the manner of ExpertQA's model-written claims."""

from __future__ import annotations

import pytest

from .conftest import score_factuality

ETHICS = (
    "Accountants facing ethical dilemmas should seek advice from peers and from their professional body, and "
    "document the reasons for their decision. Firms should give staff regular training on the code of ethics."
)
ETHICS_Q = "How can accountants deal with ethical dilemmas at work?"
IRA = (
    "A Roth IRA is funded with after-tax dollars, so qualified withdrawals in retirement are tax-free. Contributions "
    "to a traditional IRA may be tax-deductible, but withdrawals are taxed as ordinary income."
)
IRA_Q = "What is the difference between a Roth IRA and a traditional IRA?"
MARGIN = "Higher deposit costs did not hurt margins at Corrin Bank: its net interest margin widened to 3.1% in 2023."
DIVIDEND = "Corrin Bank did not raise its dividend in 2023, citing higher capital requirements."
BANK_Q = "How did Corrin Bank do in 2023?"
SITE = (
    "Copperline Mining halted production at its Atacama site after a landslide damaged the access road. Nobody "
    "was injured, the company said, and it expects the site to reopen within three weeks."
)
SITE_Q = "What happened at Copperline's Atacama site?"


@pytest.mark.parametrize(
    ("source", "question", "answer", "label"),
    [
        (
            ETHICS,
            ETHICS_Q,
            "Finally, accountants should seek advice from peers and from their professional body when facing "
            "ethical dilemmas.",
            "supported",
        ),  # main: name 'Finally'
        (ETHICS, ETHICS_Q, "Finally, accountants should report the dilemma to the police.", "unsupported"),
        (IRA, IRA_Q, "Fidelity funds Roth IRAs with after-tax dollars.", "unsupported"),  # a name, first word
        (MARGIN, BANK_Q, "Corrin Bank's net interest margin widened to 3.1% in 2023.", "supported"),  # main: negation
        (MARGIN, BANK_Q, "Corrin Bank's net interest margin narrowed to 3.1% in 2023.", "unsupported"),
        (DIVIDEND, BANK_Q, "Corrin Bank raised its dividend in 2023.", "unsupported"),
        (DIVIDEND, BANK_Q, "Corrin Bank did not raise its dividend in 2023.", "supported"),
        (SITE, SITE_Q, "Several workers were injured in the landslide at Copperline's Atacama site.", "unsupported"),
        (SITE, SITE_Q, "Nobody was injured in the landslide at Copperline's Atacama site.", "supported"),
    ],
)
def test_check_policy_on_model_written_text(scoring_api_http, source, question, answer, label):
    body = score_factuality(scoring_api_http, [source], question, answer)
    assert body["label"] == label, body
    reasons = " ".join(c["reason"] or "" for c in body["claims"])
    if answer.startswith("Fidelity"):
        assert "name 'Fidelity'" in reasons, body
    if "raised its dividend" in answer:
        assert "the source negates 'raise" in reasons, body
    if answer.startswith("Several"):  # "Nobody was injured" negates the verb the claim states
        assert "the source negates 'injur" in reasons, body
    if label == "supported":
        assert "name 'Finally'" not in reasons and "negat" not in reasons, body
