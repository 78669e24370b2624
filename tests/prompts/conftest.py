"""Fixtures for the prompt registry tests: a private copy of the shipped sample prompts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

SAMPLE_PROMPTS = Path(__file__).resolve().parents[2] / "prompts"


@pytest.fixture
def prompts_dir(tmp_path) -> Path:
    """tmp_path/prompts: the repo's prompts/ (advisor_qa v1, v2, labels, prompts.lock), editable."""
    target = tmp_path / "prompts"
    shutil.copytree(SAMPLE_PROMPTS, target)
    return target


def write_version(prompts_dir: Path, name: str, version: str, text: str) -> Path:
    folder = prompts_dir / name
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{version}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL_VERSION = """\
description: minimal test prompt
params: {{temperature: 0.5}}
messages:
  - role: system
    content: "You are test prompt {marker}."
  - role: user
    content: "Q: {{{{ question }}}}"
"""
