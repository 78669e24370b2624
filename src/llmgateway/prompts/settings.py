"""The ``prompts:`` section of gateway.yaml (all optional)::

prompts:
  reload_interval_s: 2        # poll the prompts folder this often; 0 = no hot reload
  serve_unreleased: false     # true lets labels/refs point at versions not yet in prompts.lock (local dev)
  params_precedence: caller   # caller | prompt: whose temperature/max_tokens/… win on conflict
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..strict import StrictModel


class PromptSettings(StrictModel):
    """The ``prompts:`` section of gateway.yaml."""

    reload_interval_s: float = Field(default=2.0, ge=0)
    serve_unreleased: bool = False
    params_precedence: Literal["caller", "prompt"] = "caller"
