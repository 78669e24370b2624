"""The entailment stage (scoring.factuality.entailment), through POST /api/score/factuality on a real
gateway with the committed model: a claim whose every name is in the source but whose relation is
not (the strict checks pass it), and which claims the default stage reads."""

from __future__ import annotations

import json

import pytest

from llmgateway.scoring.entailment import COMBINE_FILE, WEIGHTS_FILE, read_metadata

from .conftest import scoring_api_client

STAKE = (
    "Kestrel Capital sold its 12% stake in Orion Mining to Vale Partners for $410 million. Orion Mining shares "
    "rose 4% on the news."
)
SITE = (
    "Copperline Mining halted production at its Atacama site after a landslide damaged the access road. Nobody "
    "was injured, the company said, and it expects the site to reopen within three weeks."
)
# the relation-checking configuration: every claim naming two entities is read, whatever the verifier says
RELATIONAL = {"entailment_band": [0.0, 1.0], "entailment_weight": 1.0, "entailment_claims": "relational"}


def _client(gateway, stub_upstream, embedder, factuality: dict):
    return scoring_api_client(gateway, stub_upstream, embedder, factuality)


def _score(http, source: str, answer: str, question: str | None = None) -> dict:
    body = {"contexts": [source], "answer": answer} | ({"question": question} if question else {})
    resp = http.post("/api/score/factuality", json=body)
    assert resp.status_code == 200, resp.text
    return resp.json()


FAITHFUL = "Kestrel Capital sold its stake in Orion Mining to Vale Partners."
SWAPPED = "Vale Partners sold its stake in Orion Mining to Kestrel Capital."
# "transferred" is a verb the relation rule does not read: only the model can tell these two apart
MOVED = "Kestrel Capital transferred its stake in Orion Mining to Vale Partners."
MOVED_BACK = "Vale Partners transferred its stake in Orion Mining to Kestrel Capital."


def test_right_names_in_the_wrong_relation(gateway, stub_upstream, embedder):
    """Every name of the swapped sentences is in the source. With the stage off, the relation rule
    (relations.py) catches the swap it can parse ("sold … to") and cannot tell the "transferred" pair
    apart; with the stage on (every claim naming two entities read), the model tells that pair apart,
    and never reads — so never rescues — the claim the rule found swapped."""
    with _client(gateway, stub_upstream, embedder, {"entailment": False}) as http:
        before = [_score(http, STAKE, text) for text in (FAITHFUL, SWAPPED, MOVED, MOVED_BACK)]
    with _client(gateway, stub_upstream, embedder, RELATIONAL) as http:
        faithful, swapped, good, bad = [_score(http, STAKE, text) for text in (FAITHFUL, SWAPPED, MOVED, MOVED_BACK)]
    assert [r["label"] for r in before[:2]] == ["supported", "unsupported"]
    assert "swapped roles" in before[1]["claims"][0]["reason"]
    assert before[2]["score"] == before[3]["score"]
    assert faithful["label"] == "supported", faithful
    assert swapped["label"] == "unsupported" and swapped["claims"][0]["entailment"] is None, swapped
    assert good["label"] == "supported", good
    assert bad["label"] == "unsupported", bad
    assert bad["claims"][0]["entailment"] < 0.5 < good["claims"][0]["entailment"]


def test_default_stage_reads_only_unsure_claims(gateway, stub_upstream, embedder):
    """gateway.yaml's defaults: a claim the verifier is unsure of is read (its entailment is
    reported), a claim it already accepts is not; the stage off reads nothing."""
    # (round 17a: "Several workers were injured …" was this example; the source's "Nobody was injured" now makes it
    # surely unsupported by the negation check, so the verifier is no longer unsure of it)
    unsure = "Copperline Mining expects the Atacama site to stay closed for several months."
    sure = "Copperline Mining stopped work at the Atacama site because a landslide damaged the road."
    with _client(gateway, stub_upstream, embedder, {}) as http:
        read, skipped = _score(http, SITE, unsure), _score(http, SITE, sure)
    with _client(gateway, stub_upstream, embedder, {"entailment": False}) as http:
        off = _score(http, SITE, unsure)
    assert read["label"] == "unsupported", read
    assert read["claims"][0]["entailment"] is not None
    assert skipped["label"] == "supported" and skipped["claims"][0]["entailment"] is None
    assert off["claims"][0]["entailment"] is None


def test_band_is_validated(gateway, stub_upstream, embedder):
    with pytest.raises(Exception, match="entailment_band"):
        _client(gateway, stub_upstream, embedder, {"entailment_band": [0.9, 0.1]})


def test_committed_weights_record_how_they_were_made():
    meta = read_metadata(WEIGHTS_FILE)
    assert WEIGHTS_FILE.stat().st_size <= 50_000_000
    assert meta["reserved_sets_used"] == "none"
    assert "scripts/train_aligner.py" in meta["command"]
    assert meta["data_files_sha256"]
    # the serving encoder is built from these: the head was trained on exactly its vectors
    assert meta["encoder_int8"] is True and meta["encoder_layers"] == 4
    assert "train_seconds" not in meta  # no clock time: a rerun writes the same bytes


def test_learned_combination_is_opt_in(gateway, stub_upstream, embedder):
    """``entailment_combine: learned`` (round 18b) gives a read claim the learned head's probability instead of
    ``logit(p) + 3 × logit(entailment)``; the model reads the same claims with the same P(entailed). A known cost,
    written down rather than asserted away: this claim, which the source contradicts ("closed for several months"
    against "reopen within three weeks") and whose only check failure is its wording, scores 0.86 with the learned
    head (supported) and 0.30 with the fixed one (P(entailed) 0.44 either way) — the head learned on ExpertQA that
    wording failures mean little, and the entailment model does not read the contradiction (docs/scoring.md, round 18b: why it is opt-in)."""
    unsure = "Copperline Mining expects the Atacama site to stay closed for several months."
    with _client(gateway, stub_upstream, embedder, {}) as http:
        fixed = _score(http, SITE, unsure)["claims"][0]
    with _client(gateway, stub_upstream, embedder, {"entailment_combine": "learned"}) as http:
        learned = _score(http, SITE, unsure)
    claim = learned["claims"][0]
    assert claim["entailment"] == fixed["entailment"] is not None
    assert claim["probability"] != fixed["probability"]
    assert fixed["supported"] is False


def test_learned_combination_records_how_it_was_made():
    data = json.loads(COMBINE_FILE.read_text())
    assert data["provenance"]["reserved_sets_used"] == "none"
    assert data["provenance"]["splits_read"] == "dev only"
    assert "scripts/train_combine.py" in data["provenance"]["command"]
    assert len(data["weights"]) == len(data["inputs"]) == len(data["mean"]) == len(data["scale"])
