"""The ``guardrails:`` section of gateway.yaml.

gateway.yaml::

    guardrails:                  # all optional
      watch: true                # hot-reload policies/ (poll every poll_interval_s seconds)
      poll_interval_s: 1
      audit_decisions: true      # every block/redact/disclose/review verdict goes to the audit log
      llm_judge: {enabled: false, model: null}
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..strict import StrictModel

WITHHELD_MESSAGE = (
    "This answer was withheld because it did not meet our compliance policies. "
    "Please rephrase your question, or contact your advisor for help."
)
REVIEW_MESSAGE = (
    "This answer is being held for review by our compliance team before it can be shared. "
    "A reviewer will follow up with you."
)


class LlmJudgeSettings(StrictModel):
    enabled: bool = False
    model: str | None = None  # a model_name from gateway.yaml; default: the route's model
    timeout_s: float = Field(default=15.0, gt=0)


class GuardrailsSettings(StrictModel):
    """The ``guardrails:`` section of gateway.yaml."""

    watch: bool = True
    poll_interval_s: float = Field(default=1.0, gt=0, le=60)
    withheld_message: str = WITHHELD_MESSAGE
    review_message: str = REVIEW_MESSAGE
    audit_decisions: bool = True
    holdback: Literal["sentence"] = "sentence"
    # The most text (characters, all messages together) a guarded route's input rails scan. A
    # longer request is refused rather than scanned in part: scanning is linear but the semantic
    # rules embed every sentence, and an unscanned remainder would be an open door.
    max_scan_chars: int = Field(default=16_000, ge=1_000)
    llm_judge: LlmJudgeSettings = Field(default_factory=LlmJudgeSettings)
