"""Every model is loaded and warmed before /readyz says ready, and never on the event loop.

The embedder here is the real MiniLM, loaded from scratch (not the session's warm one); the
subclass only notes, for every call, whether it ran on a thread with a running event loop.
"""

from __future__ import annotations

import asyncio
import shutil
import time

from llmgateway.embeddings import Embedder

from ..conftest import ROOT, stub_config


class WatchedEmbedder(Embedder):
    def __init__(self):
        super().__init__()
        self.on_event_loop: list[str] = []

    def embed(self, texts, **kwargs):
        try:
            asyncio.get_running_loop()
            self.on_event_loop.append(texts[0] if texts else "")
        except RuntimeError:
            pass
        return super().embed(texts, **kwargs)


def test_models_are_warm_before_ready_and_never_load_on_the_event_loop(gateway, stub_upstream, tmp_path):
    shutil.copytree(ROOT / "policies", tmp_path / "policies")
    embedder = WatchedEmbedder()
    config = stub_config(
        stub_upstream,
        routes=[{"name": "advisor", "model": "stub", "policies": ["prompt_injection", "client_pii"]}],
        paths={"policies": str(tmp_path / "policies")},
    )
    gw = gateway(config, tmp_path, embedder=embedder, warm=False)
    with gw.http as http:
        deadline = time.time() + 120
        while True:
            ready = http.get("/readyz")
            if ready.status_code == 200 or time.time() > deadline:
                break
            models = ready.json()["checks"]["models"]
            assert models["ok"] is False and "warming" in models["detail"]
            time.sleep(0.05)
        assert ready.status_code == 200, ready.text
        # ready means loaded: the model is in memory and the route's guards are built
        assert embedder.loaded
        assert ready.json()["checks"]["models"]["ok"] is True
        resp = http.post(
            "/v1/chat/completions",
            json={"model": "advisor", "messages": [{"role": "user", "content": "What is a bond ladder?"}]},
        )
        assert resp.status_code == 200, resp.text
        # a policy edit builds and warms the new set in the watcher's thread, not on a request
        path = tmp_path / "policies" / "prompt_injection.yaml"
        edited = path.read_text().replace("Ignore your previous instructions", "Ignore all your previous instructions")
        path.write_text(edited)
        deadline = time.time() + 30
        while http.get("/api/policies").json()["reloads"] == 0 and time.time() < deadline:
            time.sleep(0.1)
        resp = http.post(
            "/v1/chat/completions",
            json={"model": "advisor", "messages": [{"role": "user", "content": "And a barbell strategy?"}]},
        )
        assert resp.status_code == 200, resp.text
    assert embedder.on_event_loop == []
