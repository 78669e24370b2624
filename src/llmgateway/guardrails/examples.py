"""Run each rule's own ``examples`` through the real validators (``llmgateway policy test``).

A ``must_block`` example passes when *that rule* fires on it (any action: the rule "catches" it);
a ``must_pass`` example passes when that rule does not fire. Other rules are not consulted, so a
tax example that happens to contain an SSN still tests only the tax rule.
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

    @property
    def ok(self) -> bool:
        return not self.failures


def _describe(hits: list[Hit]) -> str:
    return "; ".join(f"{h.rule.id} on {h.span!r}" for h in hits) or "no hit"


async def run_examples(
    pset: PolicySet, embed: Callable[[list[str]], np.ndarray] | None = None, judge_fn=None
) -> list[RuleResult]:
    from .validators import RuleGuard

    if embed is None and any(r.rule.kind == "semantic" for rules in pset.compiled.values() for r in rules):
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
            guard = RuleGuard([crule], embed=embed, judge_fn=judge_fn)
            for expected, texts in (("caught", rule.examples.must_block), ("passed", rule.examples.must_pass)):
                for text in texts:
                    hits = [h for h in await guard.check(text) if not h.cleared_by(text)]
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
    return results
