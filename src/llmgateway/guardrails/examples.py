"""Run each rule's own ``examples`` through the real validators (``llmgateway policy test``).

A ``must_block`` example passes when *that rule* fires on it (any action: the rule "catches" it);
a ``must_pass`` example passes when that rule does not fire. Other rules are not consulted, so a
tax example that happens to contain an SSN still tests only the tax rule.

A rule with a classifier must also reach its stated ``min_precision`` / ``min_recall`` on the
held-out split of its training data (measured by ``policy train``, recorded in the model; the
model cannot drift from its data: a stale model does not load).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .loader import PolicySet
from .rules import Hit


@dataclass
class RuleResult:
    policy: str
    rule_id: str
    kind: str
    stage: str
    action: str
    skipped: bool = False
    blocked_ok: int = 0
    blocked_total: int = 0
    passed_ok: int = 0
    passed_total: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (expected, text, found)
    details: list[str] = field(default_factory=list)
    classifier: dict = field(default_factory=dict)  # held-out figures of the rule's trained head

    @property
    def ok(self) -> bool:
        return not self.failures


def _describe(hits: list[Hit]) -> str:
    return "; ".join(f"{h.rule.id} on {h.span!r}" for h in hits) or "no hit"


async def run_examples(
    pset: PolicySet, embed: Callable[[list[str]], np.ndarray] | None = None, judge_fn=None
) -> list[RuleResult]:
    from .validators import RuleGuard

    if embed is None and any(r.needs_embedder for rules in pset.compiled.values() for r in rules):
        from ..embeddings import Embedder

        embed = Embedder().embed
    results: list[RuleResult] = []
    for name, compiled in sorted(pset.compiled.items()):
        for crule in compiled:
            rule = crule.rule
            result = RuleResult(name, rule.id, rule.kind, rule.stage, rule.action)
            results.append(result)
            if rule.kind == "llm_judge" and judge_fn is None:
                result.skipped = True
                continue
            guard = RuleGuard(
                [crule], embed=embed, judge_fn=judge_fn, stage="input" if rule.stage == "input" else "output"
            )
            for expected, texts in (("caught", rule.examples.must_block), ("passed", rule.examples.must_pass)):
                for text in texts:
                    hits = [h for h in await guard.check(text) if not h.cleared_by(text) and _enforced(crule, h)]
                    caught = bool(hits)
                    good = caught if expected == "caught" else not caught
                    if expected == "caught":
                        result.blocked_total += 1
                        result.blocked_ok += good
                    else:
                        result.passed_total += 1
                        result.passed_ok += good
                    found = _describe(hits)
                    result.details.append(f"{'ok ' if good else 'BAD'} expected {expected}: {text!r} -> {found}")
                    if not good:
                        result.failures.append((expected, text, found))
            _check_stated_figures(crule, result)
    return results


def _enforced(crule, hit: Hit) -> bool:
    """A shadow head's finding is recorded, not enforced: it neither catches nor fails an example."""
    return hit.rule is crule.rule


def _check_stated_figures(crule, result: RuleResult) -> None:
    spec = crule.rule.classifier
    if spec is None or crule.head is None:
        return
    held = crule.head.metrics.get("heldout") or {}
    result.classifier = held
    for name, minimum in (("precision", spec.min_precision), ("recall", spec.min_recall)):
        value = held.get(name)
        if minimum and (value is None or value < minimum):
            result.failures.append(
                (f"held-out {name} >= {minimum}", "policies/training (split: heldout)", f"{name} {value}")
            )
