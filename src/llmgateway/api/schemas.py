"""Request bodies as /openapi.json documents them.

The handlers read their bodies themselves (api/requests.py validates with errors naming the
field, in OpenAI's shape), so FastAPI cannot infer the schemas; each route attaches its schema
with ``openapi_extra=json_body(SCHEMA)``. The documents are what a client generator or a fuzzer
(tests/core/test_api_fuzz.py, schemathesis) needs to reach every body; the handlers stay the
authority on what is accepted.
"""

from __future__ import annotations

from typing import Any

_TEXT_PART = {
    "type": "object",
    "properties": {"type": {"type": "string", "enum": ["text"]}, "text": {"type": "string"}},
    "required": ["type", "text"],
}
_MESSAGE = {
    "type": "object",
    "properties": {
        "role": {"type": "string", "enum": ["system", "developer", "user", "assistant", "tool", "function"]},
        "content": {
            "anyOf": [{"type": "string"}, {"type": "array", "items": _TEXT_PART}, {"type": "null"}],
            "description": "Required except on assistant messages that carry tool_calls.",
        },
        "name": {"type": "string"},
        "tool_calls": {"type": "array", "items": {"type": "object"}},
        "tool_call_id": {"type": "string"},
    },
    "required": ["role"],
}

CHAT_COMPLETION_REQUEST: dict[str, Any] = {
    "title": "ChatCompletionRequest",
    "type": "object",
    "description": "OpenAI's chat completion request; `model` is a route name (GET /v1/models).",
    "properties": {
        "model": {"type": "string"},
        "messages": {"type": "array", "items": _MESSAGE, "minItems": 1},
        "stream": {"type": "boolean"},
        "stream_options": {"type": "object", "properties": {"include_usage": {"type": "boolean"}}},
        "temperature": {"type": "number", "minimum": 0, "maximum": 2},
        "top_p": {"type": "number", "minimum": 0, "maximum": 1},
        "max_tokens": {"type": "integer", "minimum": 1, "maximum": 1_000_000},
        "max_completion_tokens": {"type": "integer", "minimum": 1, "maximum": 1_000_000},
        "stop": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "presence_penalty": {"type": "number", "minimum": -2, "maximum": 2},
        "frequency_penalty": {"type": "number", "minimum": -2, "maximum": 2},
        "seed": {"type": "integer"},
        "n": {"type": "integer", "minimum": 1, "maximum": 1},
        "logit_bias": {"type": "object"},
        "response_format": {"type": "object"},
        "tools": {"type": "array", "items": {"type": "object"}},
        "tool_choice": {"anyOf": [{"type": "string"}, {"type": "object"}]},
        "parallel_tool_calls": {"type": "boolean"},
        "logprobs": {"type": "boolean"},
        "top_logprobs": {"type": "integer"},
        "user": {"type": "string", "description": "The end user: sticky canary bucket, rate limits, audit."},
        "metadata": {
            "type": "object",
            "description": "prompt (override, if the key may), as_of (YYYY-MM-DD), tickers.",
        },
    },
    "required": ["model", "messages"],
}

EMBEDDINGS_REQUEST: dict[str, Any] = {
    "title": "EmbeddingsRequest",
    "type": "object",
    "properties": {
        "model": {"type": "string", "description": "all-MiniLM-L6-v2 (local) or a route name"},
        "input": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]},
    },
    "required": ["model", "input"],
}

REVIEW_DECISION: dict[str, Any] = {
    "title": "ReviewDecision",
    "type": "object",
    "properties": {"decision": {"type": "string", "enum": ["approve", "reject"]}, "note": {"type": "string"}},
    "required": ["decision"],
}


def json_body(schema: dict[str, Any], *, required: bool = True) -> dict[str, Any]:
    """``openapi_extra`` documenting a JSON request body with ``schema``."""
    return {"requestBody": {"required": required, "content": {"application/json": {"schema": schema}}}}
