"""Validation of OpenAI chat-completion and embedding bodies, with errors naming the field.

Hand-written rather than a pydantic model on purpose: it runs on every request (a few µs), and
each error says which ``param`` is wrong and what is allowed, as OpenAI's API does.
"""

from __future__ import annotations

from typing import Any

import orjson

from ..errors import InvalidRequest

ROLES = {"system", "developer", "user", "assistant", "tool", "function"}
# Sampling and tool parameters forwarded upstream unchanged; everything else is the gateway's.
FORWARDED = {
    "temperature": (int, float),
    "top_p": (int, float),
    "max_tokens": int,
    "max_completion_tokens": int,
    "stop": (str, list),
    "presence_penalty": (int, float),
    "frequency_penalty": (int, float),
    "seed": int,
    "n": int,
    "logit_bias": dict,
    "response_format": dict,
    "tools": list,
    "tool_choice": (str, dict),
    "parallel_tool_calls": bool,
    "stream_options": dict,
    "logprobs": bool,
    "top_logprobs": int,
}
RANGES = {
    "temperature": (0, 2),
    "top_p": (0, 1),
    "max_tokens": (1, 1_000_000),
    "n": (1, 1),
    "presence_penalty": (-2, 2),
    "frequency_penalty": (-2, 2),
    "max_completion_tokens": (1, 1_000_000),
}
TYPE_NAMES = {
    int: "an integer",
    float: "a number",
    str: "a string",
    list: "an array",
    dict: "an object",
    bool: "a boolean",
}


def _type_name(expected) -> str:
    if isinstance(expected, tuple):
        names = {TYPE_NAMES[t] for t in expected}
        return "a number" if names == {"an integer", "a number"} else " or ".join(sorted(names))
    return TYPE_NAMES[expected]


def parse_json_body(raw: bytes) -> dict:
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise InvalidRequest(f"request body is not valid JSON: {exc}", code="invalid_json") from None
    if not isinstance(body, dict):
        raise InvalidRequest(f"request body must be a JSON object, found {type(body).__name__}")
    return body


def _require_type(body: dict, name: str, expected, *, required: bool = False) -> Any:
    if name not in body or body[name] is None:
        if required:
            raise InvalidRequest(f"missing required parameter '{name}'", param=name, code="missing_required_parameter")
        return None
    value = body[name]
    ok = isinstance(value, expected) and not (isinstance(value, bool) and expected in (int, (int, float)))
    if not ok:
        raise InvalidRequest(
            f"'{name}' must be {_type_name(expected)}, found {type(value).__name__} ({str(value)[:40]!r})",
            param=name,
            code="invalid_type",
        )
    return value


def validate_chat(body: dict) -> tuple[str, list[dict], dict, bool]:
    """Returns (model, messages, forwarded params, stream)."""
    model = _require_type(body, "model", str, required=True)
    messages = _require_type(body, "messages", list, required=True)
    if not messages:
        raise InvalidRequest("'messages' must contain at least one message", param="messages")
    for i, message in enumerate(messages):
        param = f"messages[{i}]"
        if not isinstance(message, dict):
            raise InvalidRequest(
                f"'{param}' must be an object with 'role' and 'content', found {type(message).__name__}",
                param=param,
                code="invalid_type",
            )
        role = message.get("role")
        if not isinstance(role, str) or role not in ROLES:
            raise InvalidRequest(
                f"'{param}.role' is {role!r}; allowed: {', '.join(sorted(ROLES))}",
                param=f"{param}.role",
                code="invalid_value",
            )
        content = message.get("content")
        if content is None and role not in ("assistant",):
            raise InvalidRequest(
                f"'{param}.content' is required for role '{role}'",
                param=f"{param}.content",
                code="missing_required_parameter",
            )
        if content is not None and not isinstance(content, (str, list)):
            raise InvalidRequest(
                f"'{param}.content' must be a string or an array of content parts, found {type(content).__name__}",
                param=f"{param}.content",
                code="invalid_type",
            )
        if isinstance(content, list):
            _validate_parts(content, f"{param}.content")
    stream = _require_type(body, "stream", bool) or False
    params: dict[str, Any] = {}
    for name, expected in FORWARDED.items():
        value = _require_type(body, name, expected)
        if value is None:
            continue
        if name in RANGES and isinstance(value, (int, float)):
            low, high = RANGES[name]
            if not low <= value <= high:
                raise InvalidRequest(f"'{name}' is {value}; allowed: {low} to {high}", param=name, code="invalid_value")
        params[name] = value
    if "stream_options" in params and not stream:
        raise InvalidRequest("'stream_options' is only allowed when 'stream' is true", param="stream_options")
    _require_type(body, "user", str)
    _require_type(body, "metadata", dict)
    return model, messages, params, stream


def _validate_parts(parts: list, param: str) -> None:
    """OpenAI content parts: objects with a string ``type``; a ``text`` part carries a string."""
    for j, part in enumerate(parts):
        where = f"{param}[{j}]"
        if not isinstance(part, dict) or not isinstance(part.get("type"), str):
            raise InvalidRequest(
                f"'{where}' must be a content part object with a string 'type' (e.g. {{\"type\": \"text\", "
                f'"text": "…"}}), found {str(part)[:40]!r}',
                param=where,
                code="invalid_type",
            )
        if part["type"] == "text" and not isinstance(part.get("text"), str):
            raise InvalidRequest(
                f"'{where}.text' must be a string, found {type(part.get('text')).__name__}",
                param=f"{where}.text",
                code="invalid_type",
            )


def validate_embeddings(body: dict) -> tuple[str, list[str]]:
    model = _require_type(body, "model", str, required=True)
    value = body.get("input")
    if value is None:
        raise InvalidRequest("missing required parameter 'input'", param="input", code="missing_required_parameter")
    inputs = [value] if isinstance(value, str) else value
    if not isinstance(inputs, list) or not inputs or not all(isinstance(x, str) for x in inputs):
        raise InvalidRequest(
            "'input' must be a string or a non-empty array of strings", param="input", code="invalid_type"
        )
    return model, inputs
