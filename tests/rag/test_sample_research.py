"""The sample corpus in examples/research, ingested as `make run` does, and a prompt-template route."""

from __future__ import annotations

import json
from pathlib import Path

from llmgateway.prompts.plugin import plugin as prompts_plugin
from llmgateway.retrieval.plugin import plugin as rag_plugin

from ..conftest import stub_config
from .conftest import run_ingest, write_config

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "examples" / "research"


def test_sample_corpus_is_ingested_and_answers_with_citations(gateway, stub_upstream, tmp_path, embedder):
    rag = {"chroma": {"path": str(tmp_path / "chroma")}}
    config = write_config(tmp_path / "cfg", rag)
    first = run_ingest(config, str(SAMPLES))  # the commands docs/rag.md gives `make run`
    assert first.exit_code == 0, first.output
    second = run_ingest(config, str(SAMPLES / "restricted"), "--entitlement", "mna-team")
    assert second.exit_code == 0 and "2 unchanged" in second.output, second.output  # front matter already said so
    files = [p for p in SAMPLES.rglob("*") if p.suffix in {".md", ".html", ".txt", ".pdf"}]
    assert 15 <= len(files) <= 30 and any(p.suffix == ".pdf" for p in files)
    assert f"{len(files)} added" in first.output

    listing = run_ingest(config, "--list").output
    restricted = [line for line in listing.splitlines() if "mna-team" in line]
    assert {line.split()[0] for line in restricted} == {"project-falcon", "calder-foods-wall-cross"}

    route = {"name": "advisor", "model": "stub", "prompt": "advisor_qa", "rag": {"top_k": 4}}
    gw = gateway(
        stub_config(stub_upstream, routes=[route], rag=rag, paths={"prompts": str(ROOT / "prompts")}),
        tmp_path / "gw",
        plugins=[prompts_plugin, rag_plugin],
        embedder=embedder,
    )
    completion = gw.client.chat.completions.create(
        model="advisor", messages=[{"role": "user", "content": "What is the price target for Novatra Semiconductors?"}]
    )
    citations = completion.model_extra["citations"]
    assert citations[0]["doc_id"].startswith("novatra-")
    sent = stub_upstream.requests[-1]["messages"]
    # the prompt template renders the sources; the rag stage adds no second system message
    assert sum(1 for m in sent if m["role"] == "system") == 1
    assert "Answer the question using only the numbered research sources" not in json.dumps(sent)
    rendered = json.dumps(sent)
    assert "[1]" in rendered and ("$155" in rendered or "$142" in rendered)

    completion = gw.client.chat.completions.create(
        model="advisor",
        messages=[{"role": "user", "content": "Is Novatra buying Kestrel's maintenance unit? Project Falcon?"}],
    )
    seen = json.dumps([completion.model_dump(), stub_upstream.requests], default=str)
    assert "Falcon" not in seen.replace("Project Falcon?", "") and "wall-crossed" not in seen
