"""What every deployment shares: the completion objects, the base class, and how an upstream's
errors become the gateway's (addresses and paths taken out of what the caller sees)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import orjson

from ..config import Deployment
from ..errors import GatewayError, InvalidRequest, RateLimited, UpstreamError, UpstreamTimeout

OPENAI_COMPATIBLE = {
    "openai",
    "hosted_vllm",
    "llamacpp",
    "llama_cpp",
    "vllm",
    "lm_studio",
    "openai_like",
    "custom_openai",
}


@dataclass
class Completion:
    text: str
    finish_reason: str | None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    response_model: str | None = None
    deployment: str | None = None
    tool_calls: list | None = None


@dataclass
class StreamDelta:
    text: str = ""
    finish_reason: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    response_model: str | None = None


class BaseDeployment:
    def __init__(self, spec: Deployment, default_timeout: float):
        self.spec = spec
        params = spec.litellm_params
        self.litellm_model = params.model
        self.provider, _, self.model_id = params.model.partition("/")
        if not self.model_id:
            self.provider, self.model_id = "openai", params.model
        self.api_base = (params.api_base or "").rstrip("/") or None
        self.api_key = secret(params.api_key)
        self.timeout = params.timeout or default_timeout
        self.stream_timeout = params.stream_timeout or self.timeout
        self.weight = params.weight
        self.in_flight = 0

    @property
    def label(self) -> str:
        """For the operator (logs, traces): the provider model and where it is served."""
        return f"{self.litellm_model}@{self.api_base or self.provider}"

    @property
    def name(self) -> str:
        """For the caller: the model group's name, never an address."""
        return repr(self.spec.model_name)


def secret(value: str | None) -> str | None:
    """LiteLLM's ``os.environ/NAME`` indirection for keys."""
    if value and value.startswith("os.environ/"):
        return os.environ.get(value.split("/", 1)[1])
    return value


def map_status(status: int, message: str, name: str, label: str) -> GatewayError:
    """A client error of the upstream keeps its message (the caller can act on it), with addresses
    and paths taken out; a server error says only which model group failed."""
    detail = f"{label}: HTTP {status}: {message}"
    if status == 400 or status == 422:
        return InvalidRequest(
            f"upstream {name} rejected the request: {public_text(message)}", code="upstream_bad_request", detail=detail
        )
    if status == 429:
        return RateLimited(
            f"upstream {name} rate limit: {public_text(message)}", code="upstream_rate_limited", detail=detail
        )
    if status in (408, 504):
        return UpstreamTimeout(f"upstream {name} timed out", detail=detail)
    return UpstreamError(f"upstream {name} returned HTTP {status}", detail=detail)


_ADDRESS = re.compile(
    r"\b[a-z][a-z0-9+.-]*://\S+"  # URLs
    r"|\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b|\blocalhost:\d+\b"  # hosts and ports
    r"|(?<![\w.])/(?:[\w.@-]+/)+[\w.@-]+",  # absolute file paths
    re.IGNORECASE,
)


def public_text(text: str) -> str:
    """``text`` without URLs, host addresses and file paths (a provider's message may carry them)."""
    return _ADDRESS.sub("[address withheld]", text)


def retryable(exc: GatewayError) -> bool:
    return isinstance(exc, (UpstreamError, RateLimited)) and not isinstance(exc, InvalidRequest)


def error_message(raw: bytes) -> str:
    try:
        data = orjson.loads(raw)
        err = data.get("error", data) if isinstance(data, dict) else data
        return str(err.get("message", err) if isinstance(err, dict) else err)[:500]
    except orjson.JSONDecodeError:
        return raw[:300].decode("utf-8", "replace")
