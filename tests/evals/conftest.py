"""[evals] fixtures: the sample research ingested once, a gateway config whose advisor route is the
shipped one (prompt, policies, retrieval) on a stub upstream, and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from llmgateway.retrieval.ingest import shared_embedder

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "examples" / "research"
SHIPPED = yaml.safe_load((ROOT / "gateway.yaml").read_text())
ADVISOR = next(r for r in SHIPPED["routes"] if r["name"] == "advisor")


@pytest.fixture(scope="session")
def embedder():
    model = shared_embedder(64)
    model.embed(["warm up"])
    return model


@pytest.fixture(scope="session")
def research_chroma(tmp_path_factory) -> Path:
    """examples/research ingested as `make run` does (public + the restricted mna-team notes)."""
    from ..rag.conftest import run_ingest, write_config

    home = tmp_path_factory.mktemp("evals-chroma")
    config = write_config(home, {"chroma": {"path": str(home / "chroma")}})
    for args in ([str(SAMPLES)], [str(SAMPLES / "restricted"), "--entitlement", "mna-team"]):
        result = run_ingest(config, *args)
        assert result.exit_code == 0, result.output
    return home / "chroma"


@pytest.fixture
def eval_home(tmp_path, research_chroma, stub_upstream) -> Path:
    """tmp_path with gateway.yaml (stub upstream, the shipped advisor route), prompts/ and eval_sets/."""
    shutil.copytree(ROOT / "prompts", tmp_path / "prompts")
    shutil.copytree(ROOT / "eval_sets", tmp_path / "eval_sets")
    chroma = tmp_path / "chroma"
    shutil.copytree(research_chroma, chroma)
    route = {**ADVISOR, "model": "stub"}
    config = {
        "models": [
            {
                "model_name": "stub",
                "litellm_params": {
                    "model": "openai/stub",
                    "api_base": stub_upstream.url,
                    "api_key": "x",
                    "timeout": 10,
                },
            }
        ],
        "routes": [route],
        "rag": {"chroma": {"path": str(chroma)}},
        "store": {"url": f"sqlite:///{tmp_path / 'data' / 'gateway.db'}"},
        "auth": {"required": False},
        "paths": {
            "policies": str(ROOT / "policies"),
            "prompts": str(tmp_path / "prompts"),
            "eval_sets": str(tmp_path / "eval_sets"),
        },
        "scoring": {"ragas": {"enabled": False, "base_url": stub_upstream.url, "timeout_s": 5}},
    }
    (tmp_path / "gateway.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    return tmp_path


def invoke(*args: str):
    from llmgateway.cli import app

    return CliRunner().invoke(app, list(args))


def write_set(path: Path, cases: list[dict], **top) -> Path:
    path.write_text(yaml.safe_dump({"name": path.stem, "route": "advisor", **top, "cases": cases}, sort_keys=False))
    return path
