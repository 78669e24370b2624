"""HTTP plumbing every router shares: JSON responses, OpenAI-shaped errors, and the one reader of
request bodies, which enforces ``server.max_body_bytes`` (413 as soon as the size is known)."""

from __future__ import annotations

from typing import TypeVar

import orjson
from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError

from ..errors import GatewayError, InvalidRequest, PayloadTooLarge
from .requests import parse_json_body

M = TypeVar("M", bound=BaseModel)


def json_response(body: dict, status: int = 200, trace_id: str | None = None) -> Response:
    headers = {"x-trace-id": trace_id} if trace_id else None
    return Response(orjson.dumps(body), status_code=status, media_type="application/json", headers=headers)


def error_response(exc: GatewayError, trace_id: str | None = None) -> Response:
    response = json_response(exc.to_body(), exc.status, trace_id)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def read_json(request: Request, max_bytes: int, *, empty_is_object: bool = False) -> dict:
    """The body as a JSON object. ``empty_is_object``: an empty body means ``{}`` (``/api`` actions
    whose fields are all optional)."""
    length = request.headers.get("content-length")
    if length and length.isascii() and length.isdigit() and int(length) > max_bytes:
        raise PayloadTooLarge(f"request body is {length} bytes; the limit is {max_bytes} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise PayloadTooLarge(f"request body exceeds the limit of {max_bytes} bytes")
        chunks.append(chunk)
    raw = b"".join(chunks)
    if not raw.strip() and empty_is_object:
        return {}
    return parse_json_body(raw)


async def read_model(request: Request, model: type[M], max_bytes: int) -> M:
    """The body validated by ``model`` (an empty body is ``{}``); the first problem names its field."""
    body = await read_json(request, max_bytes, empty_is_object=True)
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        err = exc.errors()[0]
        param = ".".join(str(p) for p in err["loc"]) or None
        raise InvalidRequest(f"invalid body: {param or 'body'}: {err['msg']}", param=param) from None
