"""Read API for the evaluation store: GET /api/traces and GET /api/traces/{trace_id}."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from fastapi import APIRouter, Request
from sqlalchemy import select

from ..components import Components
from ..errors import InvalidRequest, NotFound
from ..store.models import Trace
from ..tracing.visibility import mask_restricted
from .auth import require_role
from .http import json_response
from .params import int_param

LIST_FIELDS = (
    "trace_id",
    "created_at",
    "route",
    "key_name",
    "model",
    "status",
    "status_code",
    "finish_reason",
    "latency_ms",
    "prompt_tokens",
    "completion_tokens",
    "prompt_name",
    "prompt_version",
    "prompt_role",
    "parent_trace_id",
    "stream",
    "error",
    "scores",
    "restricted_groups",
)


def trace_dict(row: Trace, fields=None) -> dict:
    columns = fields or [c.name for c in Trace.__table__.columns if c.name != "id"]
    out = {}
    for name in columns:
        value = getattr(row, name)
        if isinstance(value, datetime):
            value = (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
        out[name] = value
    return out


def parse_since(value: str | None, param: str = "since") -> datetime | None:
    if not value:
        return None
    try:
        if value.isascii() and value.replace(".", "", 1).isdigit():
            return datetime.fromtimestamp(float(value), UTC)
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except (ValueError, OverflowError, OSError):  # OverflowError/OSError: an epoch past year 9999
        raise InvalidRequest(
            f"'{param}' is {value!r}; expected an ISO 8601 time (2026-11-30T09:00:00Z) or epoch seconds", param=param
        ) from None


def router(components: Components) -> APIRouter:
    api = APIRouter()
    store = components.store

    @api.get("/api/traces")
    async def list_traces(
        request: Request,
        route: str | None = None,
        status: str | None = None,
        since: str | None = None,
        limit: str = "50",
        key: str | None = None,
    ):
        reader = await require_role(request, components, "viewer", "admin")
        rows_wanted = int_param(limit, "limit", 1, 1000)
        since_dt = parse_since(since)

        def query():
            stmt = select(Trace).order_by(Trace.created_at.desc(), Trace.id.desc()).limit(rows_wanted)
            if route:
                stmt = stmt.where(Trace.route == route)
            if status:
                stmt = stmt.where(Trace.status == status)
            if key:
                stmt = stmt.where(Trace.key_name == key)
            if since_dt:
                stmt = stmt.where(Trace.created_at >= since_dt)
            with store.session() as session:
                return [
                    mask_restricted(trace_dict(r, LIST_FIELDS), reader.entitlements, reader=reader.name)
                    for r in session.execute(stmt).scalars()
                ]

        rows = await asyncio.to_thread(query)
        return json_response({"object": "list", "data": rows, "count": len(rows)})

    @api.get("/api/traces/{trace_id}")
    async def get_trace(request: Request, trace_id: str):
        reader = await require_role(request, components, "viewer", "admin")

        def query():
            with store.session() as session:
                row = session.execute(select(Trace).where(Trace.trace_id == trace_id)).scalar_one_or_none()
                return mask_restricted(trace_dict(row), reader.entitlements, reader=reader.name) if row else None

        row = await asyncio.to_thread(query)
        if row is None:
            pending = components.writer.pending if components.writer else 0
            raise NotFound(
                f"no trace with id '{trace_id}'"
                + (f" yet ({pending} records waiting to be written)" if pending else ""),
                param="trace_id",
            )
        return json_response(row)

    return api
