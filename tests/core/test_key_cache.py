"""PostgreSQL down: keys are served from the cache for fleet.key_cache_ttl_s, then refused with a
503 (not a 401: the key may be fine), and served again once the store answers."""

from __future__ import annotations

import time

from llmgateway.store.db import EvaluationStore
from llmgateway.store.keys import create_key

from ..conftest import stub_config
from ..tcp_proxy import TcpProxy
from .test_errors import assert_openai_error
from .test_store import _proxied, fresh_pg_db  # noqa: F401  (fixture)


def test_cached_keys_answer_for_the_ttl_then_503_then_again(gateway, stub_upstream, fresh_pg_db):  # noqa: F811
    store = EvaluationStore(fresh_pg_db)
    key = create_key(store, "cached-app")
    store.close()
    proxy = TcpProxy("127.0.0.1", 5432).start()
    config = stub_config(
        stub_upstream,
        auth={"required": True},
        store={"url": _proxied(fresh_pg_db, proxy)},
        fleet={"key_refresh_s": 0.2, "key_cache_ttl_s": 5},
    )
    gw = gateway(config)

    def chat(http):
        return http.post(
            "/v1/chat/completions",
            headers={"authorization": f"Bearer {key}"},
            json={"model": "chat", "messages": [{"role": "user", "content": "hi"}]},
        )

    try:
        with gw.http as http:
            assert chat(http).status_code == 200
            proxy.cut()
            assert chat(http).status_code == 200  # from the cache
            deadline = time.time() + 30
            while time.time() < deadline and chat(http).status_code == 200:
                time.sleep(0.2)
            error = assert_openai_error(chat(http), 503, "store_unavailable")
            assert "fleet.key_cache_ttl_s" in error["message"]
            proxy.restore()
            deadline = time.time() + 30
            while time.time() < deadline and chat(http).status_code != 200:
                time.sleep(0.2)
            assert chat(http).status_code == 200
    finally:
        gw.stop()
        proxy.cut()
