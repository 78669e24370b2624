"""``StrictModel``: the one base of every model that validates a file users edit.

gateway.yaml and each capability's section of it, policy files and prompt files all derive from it:
an unknown key is an error (reported with its file and line by ``yamlfile.YamlDoc``), never ignored,
so a misspelt key cannot silently fall back to a default.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid")
