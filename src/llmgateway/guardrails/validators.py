"""A stage's rules as guardrails-ai ``Validator``s, run through one ``AsyncGuard``.

A ``RuleGuard`` is built once per (route policies, stage) and policy-set version. It holds one
``StageRules`` validator with every compiled rule that runs on the machine (phrases, regex,
semantic, pii, classifier), in the policy set's order, and, when a judge is configured, one
``LlmJudgeRules`` validator that awaits the judge beside it. One validator, not one per kind:
guardrails-ai sends each synchronous validator to its own executor thread, so five validators on
one answer cost five thread hand-offs and ran the rules concurrently on one shared ``Scan`` whose
lazily built views (lexical view, sentence and answer embeddings) are not locked — the output
check took ~22 ms of CPU against ~13 ms for the same rules in one validator (docs/guardrails.md,
"One validator per stage"), and the order of equal-span hits depended on which thread finished
first. Validators use ``on_fail=noop``: the gateway, not guardrails-ai, decides what a verdict
means (block, redact, disclose, review, log). Hits travel back through the call's ``metadata``
(guardrails-ai copies the dict shallowly, so the shared ``Scan`` and the ``hits`` list are the
same objects the validators see).

Nothing leaves the machine: ``telemetry_off()`` pins guardrails-ai's metrics off whatever
``~/.guardrailsrc`` says, disables its OTel spans, and no Hub validator is ever installed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import numpy as np

from .encoder import encoder_for
from .rules import CompiledRule, Hit, JudgeFn, Scan

log = logging.getLogger("llmgateway.guardrails")
_telemetry_pinned = False


def telemetry_off() -> None:
    """guardrails-ai reloads ``~/.guardrailsrc`` on every ``Guard.configure``; pin metrics off."""
    global _telemetry_pinned
    from guardrails.classes.rc import RC
    from guardrails.settings import settings
    from guardrails.utils.hub_telemetry_utils import HubTelemetry

    if not _telemetry_pinned:
        original = RC.load.__func__

        def load_without_metrics(cls, logger=None):
            rc = original(cls, logger)
            rc.enable_metrics = False
            rc.use_remote_inferencing = False
            return rc

        RC.load = classmethod(load_without_metrics)
        _telemetry_pinned = True
    settings.rc = RC.load()
    settings.disable_tracing = True
    HubTelemetry(enabled=False)._enabled = False


telemetry_off()

from guardrails.classes.validation.validation_result import ErrorSpan, FailResult, PassResult, ValidationResult  # noqa: E402
from guardrails.validator_base import Validator, register_validator  # noqa: E402

from guardrails import AsyncGuard, OnFailAction  # noqa: E402  (after telemetry is pinned off)


class _RuleValidator(Validator):
    """Runs its compiled rules, in order, on the shared ``Scan`` in ``metadata``."""

    def __init__(self, rules: list[CompiledRule], on_fail=OnFailAction.NOOP, **kwargs):
        super().__init__(on_fail=on_fail, **kwargs)
        self.rules = rules

    def _validate(self, value: Any, metadata: dict[str, Any]) -> ValidationResult:
        scan: Scan = metadata.get("scan") or Scan(str(value))
        hits = [hit for rule in self.rules for hit in rule.find(scan)]
        return self._result(hits, metadata)

    def _result(self, hits: list[Hit], metadata: dict[str, Any]) -> ValidationResult:
        if "hits" in metadata:
            metadata["hits"].extend(hits)
        if not hits:
            return PassResult()
        return FailResult(
            error_message="; ".join(sorted({f"{h.policy}/{h.rule.id}" for h in hits})),
            error_spans=[ErrorSpan(start=h.start, end=h.end, reason=f"{h.policy}/{h.rule.id}") for h in hits],
        )


@register_validator(name="llmgateway/rules", data_type="string")
class StageRules(_RuleValidator):
    """Every rule of a stage that runs on the machine: phrase lists and regular expressions (with
    negation/hedge/attribution exemptions), MiniLM similarity to a rule's examples, PII with
    checksums, and the trained classifier heads."""


@register_validator(name="llmgateway/llm_judge", data_type="string")
class LlmJudgeRules(_RuleValidator):
    """Asks the configured upstream model a yes/no question about the text (off by default)."""

    def __init__(self, rules: list[CompiledRule], judge_fn: JudgeFn, on_fail=OnFailAction.NOOP, **kwargs):
        super().__init__(rules, on_fail=on_fail, **kwargs)
        self.judge_fn = judge_fn

    def _validate(self, value: Any, metadata: dict[str, Any]) -> ValidationResult:
        raise RuntimeError("the LLM judge runs only through AsyncGuard")

    async def async_validate(self, value: Any, metadata: dict[str, Any]) -> ValidationResult:
        scan: Scan = metadata.get("scan") or Scan(str(value))
        results = await asyncio.gather(*(rule.judge(scan, self.judge_fn) for rule in self.rules))
        return self._result([hit for hits in results for hit in hits], metadata)


class RuleGuard:
    """The rules of some policies for one stage, as one ``AsyncGuard`` (see the module docstring)."""

    def __init__(
        self,
        rules: list[CompiledRule],
        *,
        embed: Callable[[list[str]], np.ndarray] | None = None,
        judge_fn: JudgeFn | None = None,
        stage: str | None = None,
        embedder=None,
    ):
        """``embedder``: the ``Embedder`` whose MiniLM the answer heads' single pass uses (default:
        the one ``embed`` belongs to)."""
        self.embed = embed
        self.embedder = embedder
        self.stage = stage
        self.rules = rules
        kinds = {rule.rule.kind for rule in rules}
        local = [rule for rule in rules if rule.rule.kind != "llm_judge"]
        if any(rule.needs_embedder for rule in local) and embed is None:
            raise RuntimeError("semantic and classifier rules need an embedder")
        for rule in local:
            if rule.rule.kind == "semantic" and embed is not None:  # (an embedder is required just above)
                rule.prepare_semantic(embed)
        validators: list[Validator] = [StageRules(local)] if local else []
        judged = [rule for rule in rules if rule.rule.kind == "llm_judge"]
        if judged and judge_fn is not None:
            validators.append(LlmJudgeRules(judged, judge_fn))
        self.kinds = sorted(kinds)
        self.rule_count = len(rules)
        self.guard: AsyncGuard | None = None
        if validators:
            self.guard = AsyncGuard(history_max_length=1).use(*validators)
            self.guard.configure(allow_metrics_collection=False)

    def warm(self) -> None:
        """Build the classifier heads' encoders now (a copy of MiniLM cut and quantised to int8, ~1 s)
        and run each once, so the first guarded request does not pay for it."""
        configs = {}
        for rule in self.rules:
            head = rule.head
            trunk = None if head is None or head.encoder else head.trunk  # answer heads: the shared trunk
            config = None if head is None else head.encoder or (trunk.encoder if trunk else None)
            if config is not None:  # with the trunk's fine-tuned updates: the encoder the answers will use
                configs[tuple(sorted(config.items()))] = (config, trunk.delta if trunk else None)
        for config, delta in configs.values():
            encoder_for(self.embedder or self.embed, config, delta).token_states("warm up")

    async def check(self, text: str) -> list[Hit]:
        if self.guard is None or not text.strip():
            return []
        hits: list[Hit] = []
        await self.guard.validate(
            text, metadata={"scan": Scan(text, self.embed, self.stage, self.embedder), "hits": hits}
        )
        return sorted(hits, key=lambda h: (h.start, h.end))
