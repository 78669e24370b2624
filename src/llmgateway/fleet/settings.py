"""The ``redis:`` and ``fleet:`` sections of gateway.yaml.

gateway.yaml::

    redis:
      url: redis://127.0.0.1:6379/0   # or LLMGATEWAY_REDIS__URL; unset = per-process limits
    fleet:
      size: 2                         # or LLMGATEWAY_FLEET__SIZE

``fleet.size`` matters only while Redis is down: each replica then enforces ``limit / size`` on its
own, so the fleet as a whole stays near the configured limit without a shared counter.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from ..strict import StrictModel


class RedisSettings(StrictModel):
    url: str | None = None
    prefix: str = Field(default="lgw", min_length=1, max_length=64)
    timeout_ms: int = Field(default=200, ge=5, le=60_000)
    probe_interval_s: float = Field(default=1.0, gt=0, le=60)

    @field_validator("url")
    @classmethod
    def _redis_scheme(cls, value: str | None) -> str | None:
        if value and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError(f"'{value}' is not a Redis URL; expected redis://host:6379/0, rediss://… or unix://…")
        return value or None


class FleetSettings(StrictModel):
    size: int = Field(default=1, ge=1, le=1000)
    replica: str | None = None  # default: host:port of this process
    drain_delay_s: float = Field(default=2.0, ge=0, le=300)
    shutdown_timeout_s: float = Field(default=20.0, gt=0, le=3600)
    key_refresh_s: float = Field(default=2.0, gt=0)  # re-read the key table (besides LISTEN/NOTIFY)
    key_cache_ttl_s: float = Field(default=300.0, gt=0)
    key_cache_size: int = Field(default=100_000, ge=1)
