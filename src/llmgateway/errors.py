"""Errors a caller or operator can act on.

Every error raised on the request path is a ``GatewayError``; the API layer renders it in
OpenAI's error shape ``{"error": {"message", "type", "param", "code"}}`` with ``status``.
``message`` is what the caller reads; ``detail`` is for the operator only (the log and the trace:
upstream URLs, file paths, a library's own text) and never leaves in a response.
"""

from __future__ import annotations

import math


class GatewayError(Exception):
    status: int = 500
    type: str = "api_error"
    code: str | None = None
    headers: dict[str, str] | None = None  # extra response headers (Retry-After on a 429)

    def __init__(
        self,
        message: str,
        *,
        param: str | None = None,
        code: str | None = None,
        status: int | None = None,
        type: str | None = None,
        detail: str | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.detail = detail
        self.param = param
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        if type is not None:
            self.type = type

    @property
    def operator_text(self) -> str:
        """The message with the operator-only detail, for logs and traces."""
        return f"{self.message} ({self.detail})" if self.detail else self.message

    def to_body(self) -> dict:
        return {"error": {"message": self.message, "type": self.type, "param": self.param, "code": self.code}}


class InvalidRequest(GatewayError):
    status, type, code = 400, "invalid_request_error", "invalid_request"


class PolicyViolation(GatewayError):
    """An input blocked by a guardrail (Azure OpenAI content-filter convention)."""

    status, type, code = 400, "invalid_request_error", "content_filter"


class AuthenticationError(GatewayError):
    status, type, code = 401, "authentication_error", "invalid_api_key"


class PermissionDenied(GatewayError):
    status, type, code = 403, "permission_error", "route_not_allowed"


class NotFound(GatewayError):
    status, type, code = 404, "invalid_request_error", "not_found"


class RouteNotFound(NotFound):
    code = "model_not_found"


class PromptNotFound(GatewayError):
    status, type, code = 400, "invalid_request_error", "prompt_not_found"


class PayloadTooLarge(GatewayError):
    status, type, code = 413, "invalid_request_error", "request_too_large"


class RateLimited(GatewayError):
    status, type, code = 429, "rate_limit_error", "rate_limit_exceeded"

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs):
        super().__init__(message, **kwargs)
        if retry_after is not None:  # whole seconds, rounded up: the OpenAI SDKs wait that long and retry
            self.headers = {"retry-after": str(max(1, math.ceil(retry_after)))}


class UpstreamError(GatewayError):
    status, type, code = 502, "upstream_error", "upstream_error"


class UpstreamTimeout(UpstreamError):
    status, code = 504, "upstream_timeout"


class ClientClosed(GatewayError):
    """The caller went away mid-stream (nginx's 499): recorded on the trace, never sent."""

    status, type, code = 499, "invalid_request_error", "client_closed_request"


class StreamCutOff(UpstreamError):
    """The upstream's stream ended with neither a ``finish_reason`` nor ``[DONE]``: the answer is
    incomplete, whatever it looks like, and must not be passed off as finished."""

    def __init__(self, upstream: str, detail: str | None = None):
        super().__init__(
            f"upstream {upstream} ended the stream before it was complete (no finish_reason, no [DONE]); "
            "the answer is incomplete",
            detail=detail,
        )


class StoreUnavailable(GatewayError):
    """The evaluation store cannot be reached: a read of /api/* waits for it (503, retry later)."""

    status, type, code = 503, "api_error", "store_unavailable"


class InternalError(GatewayError):
    """A bug or an unexpected fault: the caller gets the trace id to quote, the log has the rest."""

    status, type, code = 500, "api_error", "internal_error"

    def __init__(self, trace_id: str):
        super().__init__(
            f"internal error in the gateway; quote trace id {trace_id} to the operator (the details are in its log)"
        )
        self.trace_id = trace_id


class ConfigError(Exception):
    """A configuration file is invalid: names the file, the key, what was found, what is allowed."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None, key: str | None = None):
        where = file or "<config>"
        if line is not None:
            where = f"{where}:{line}"
        prefix = f"{where}: " + (f"{key}: " if key else "")
        super().__init__(prefix + message)
        self.file, self.line, self.key = file, line, key
