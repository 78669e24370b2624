"""Checks that defer to the entailment model instead of rejecting (issue 11, round 17a).

Some strict checks judge words, not meaning: "a run of three content words the source never uses" (checks.py,
``check_novel_content``) is what a changed claim leaves behind on our own look-alikes, but on text nobody here
wrote it is mostly paraphrase — on ExpertQA's dev split (claims GPT-4 and Bing Chat wrote, judged by experts
against the evidence they cite) it was the first failing reason of 137 supported claims against 60
unsupported ones. A check named in ``scoring.factuality.deferred_checks`` no longer rejects a claim whose only
failing reasons are its own: the claim is scored as passing the checks, the entailment model always reads it
(whatever its probability, unless another claim of the answer is already surely unsupported), and the claim is
unsupported when the combined probability falls below the answer threshold — its verdict then gives the
check's reason and the model's probability. Without the entailment stage nothing is deferred.

Kinds (``DEFERRABLE``): ``wording`` — the novel-wording run of a claim longer than a short answer (a short
answer's unknown word, "'mortgage' (the answer) does not occur in the source", is never deferred).
"""

from __future__ import annotations

import re

DEFERRABLE = {
    "wording": re.compile(r"^'[^']*' is not stated in the source$"),
}


def deferrable(reasons: list[str], kinds: frozenset[str], short: bool) -> list[str]:
    """``reasons`` when every one of them is of a deferred kind (and the claim is not a short answer), else []."""
    if not reasons or not kinds or short:
        return []
    patterns = [DEFERRABLE[k] for k in kinds]
    return reasons if all(any(p.search(r) for p in patterns) for r in reasons) else []


def deferred_reads(verdicts: list, low: float) -> list[int]:
    """The claims of one answer whose check deferred to the entailment stage: read whatever their probability,
    unless a claim of the answer is already surely unsupported (below ``low``, the band's floor)."""
    if any(v.probability is not None and v.probability < low for v in verdicts):
        return []
    return [j for j, v in enumerate(verdicts) if v.deferred]
