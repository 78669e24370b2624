"""A fast OpenAI-compatible stub upstream for the benchmarks (fixed answer, no work)."""

import argparse

from aiohttp import web

BODY = (
    b'{"id":"stub","object":"chat.completion","created":0,"model":"stub","choices":[{"index":0,'
    b'"message":{"role":"assistant","content":"Revenue grew 8% year on year [1]."},"finish_reason":"stop"}],'
    b'"usage":{"prompt_tokens":12,"completion_tokens":9,"total_tokens":21}}'
)


async def chat(request: web.Request) -> web.Response:
    await request.read()
    return web.Response(body=BODY, content_type="application/json")


async def models(request):
    return web.json_response({"object": "list", "data": [{"id": "stub", "object": "model"}]})


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    app = web.Application()
    app.router.add_post("/v1/chat/completions", chat)
    app.router.add_get("/v1/models", models)
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    web.run_app(app, host="127.0.0.1", port=args.port, access_log=None, print=None)
