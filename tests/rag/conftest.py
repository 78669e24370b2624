"""[rag] fixtures: one MiniLM embedder per session, a real `chroma run` server, small corpora.

``chroma_backend`` is parametrized over the embedded client and the server, so every test that
uses it runs against both.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import typer
import yaml
from typer.testing import CliRunner

from llmgateway.retrieval.ingest import shared_embedder

from ..stub_upstream import free_port
from .pdfgen import encrypt_pdf, make_pdf

RESTRICTED_MARKER = "Project Osprey"  # appears only in the restricted document


@pytest.fixture(scope="session")
def embedder():
    model = shared_embedder(64)
    model.embed(["warm up"])
    return model


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """A real Chroma server (`chroma run`, the CLI chromadb installs) on a free port."""
    chroma = Path(sys.executable).parent / "chroma"
    if not chroma.exists():
        chroma = Path(shutil.which("chroma") or "chroma")
    path = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log = (path / "server.log").open("w")
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False", "CHROMA_TELEMETRY": "False"}
    proc = subprocess.Popen(
        [str(chroma), "run", "--path", str(path / "db"), "--port", str(port), "--host", "127.0.0.1"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    deadline = time.time() + 60
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            proc.kill()
            pytest.fail(f"chroma server did not start: {(path / 'server.log').read_text()[-2000:]}")
        time.sleep(0.2)
    yield {"host": "127.0.0.1", "port": port}
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


_collection_counter = iter(range(1_000_000))


@pytest.fixture(params=["embedded", "server"])
def chroma_backend(request, tmp_path):
    """``rag:`` settings for either backend; each test gets its own collection name."""
    collection = f"t{os.getpid()}x{next(_collection_counter)}"
    if request.param == "embedded":
        chroma = {"path": str(tmp_path / "chroma")}
    else:
        chroma = dict(request.getfixturevalue("chroma_server"))
    return {"chroma": chroma, "chunk_size": 400, "chunk_overlap": 60, "default_collection": collection}


def write_config(tmp_path: Path, rag: dict, extra: dict | None = None) -> Path:
    config = {"rag": rag, "paths": {"data": str(tmp_path / "data")}, **(extra or {})}
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "gateway.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def ingest_app() -> typer.Typer:
    """The `llmgateway` command as users run it."""
    from llmgateway import cli

    return cli.app


def run_ingest(config: Path, *args: str):
    result = CliRunner().invoke(ingest_app(), ["ingest", *args, "--config", str(config), "--no-progress"])
    return result


def make_corpus(root: Path) -> Path:
    """Four public documents (Markdown, HTML, text, PDF) and one restricted one."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "zephyr-mining.md").write_text(
        "---\ntitle: Zephyr Mining (ZPHM) initiation\npublished: 2026-01-15\ntickers: [ZPHM]\n---\n"
        "# Zephyr Mining (ZPHM): Buy\n\n## Summary\nWe rate Zephyr Mining Buy with a price target of $31. "
        "Lithium output doubles by 2027 at the Salar Blanco mine.\n\n## Risks\nLithium prices; permits in Chile.\n"
    )
    (root / "quill-insurance.html").write_text(
        "<html><head><title>Quill Insurance (QUIL): Hold</title><meta name='published' content='2026-03-02'>"
        "<meta name='tickers' content='QUIL'></head><body><h1>Quill Insurance (QUIL): Hold</h1>"
        "<p>Quill Insurance combined ratio rose to 101% after hurricane losses; price target $18.</p></body></html>"
    )
    (root / "rates-note.txt").write_text(
        "Rates note: the central bank pauses\nPublished: 2026-02-10\n\n"
        "We expect the policy rate to stay at 4% until the summer; ten-year yields at 3.8%.\n"
    )
    make_pdf(
        root / "orca-shipping.pdf",
        [
            ["Orca Shipping (ORCS) update", "Tickers: ORCS", "Orca Shipping tanker rates rose 20% this quarter."],
            ["Risks", "Orca Shipping faces a dry-dock schedule that removes 4 ships in 2027."],
        ],
        title="Orca Shipping (ORCS) update",
    )
    restricted = root / "restricted"
    restricted.mkdir(exist_ok=True)
    (restricted / "osprey.md").write_text(
        f"---\ntitle: {RESTRICTED_MARKER} deal memo\npublished: 2026-04-01\ntickers: [ZPHM]\n---\n"
        f"# {RESTRICTED_MARKER}: Zephyr Mining takeover\n\n{RESTRICTED_MARKER}: Zephyr Mining will receive a "
        f"takeover bid of $45 per share from Andes Copper next month. Price target implications for Zephyr "
        f"Mining lithium are confidential.\n"
    )
    return root


@pytest.fixture
def corpus(tmp_path) -> Path:
    return make_corpus(tmp_path / "corpus")


@pytest.fixture
def bad_files(tmp_path) -> dict[str, Path]:
    folder = tmp_path / "bad"
    folder.mkdir()
    good = make_pdf(folder / "plain.pdf", [["Plain PDF page about Heron Bank (HRNB) deposits."]])
    files = {
        "empty": folder / "empty.md",
        "encrypted": encrypt_pdf(good, folder / "locked.pdf"),
        "corrupt": folder / "corrupt.pdf",
        "binary": folder / "blob.txt",
    }
    files["empty"].write_text("   \n")
    files["corrupt"].write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    files["binary"].write_bytes(b"\x00\x01\x02 binary")
    good.unlink()
    return files
