"""``GET /api/experiments`` and ``GET /api/experiments/{id}`` (viewer or admin) for the UI."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request

from ..api.auth import require_role
from ..api.http import json_response
from ..api.traces import parse_since
from ..errors import InvalidRequest
from .experiments import get_experiment, list_experiments


def visible_experiment(store, experiment_id: str, reader) -> dict:
    """The experiment as ``reader`` may see it: a case whose call used restricted research shows its
    answer masked (tracing.visibility, the rule every trace reader follows)."""
    from sqlalchemy import select

    from ..store.models import Trace
    from ..tracing.visibility import mask_restricted

    experiment = get_experiment(store, experiment_id)
    with store.session() as session:
        groups = dict(
            session.execute(
                select(Trace.trace_id, Trace.restricted_groups).where(Trace.experiment_id == experiment_id)
            ).all()
        )
    experiment["results"] = [
        mask_restricted({**r, "restricted_groups": groups.get(r["trace_id"])}, reader.entitlements, reader=reader.name)
        for r in experiment["results"]
    ]
    return experiment


def build_router(components) -> APIRouter:
    api = APIRouter()
    store = components.store

    @api.get("/api/experiments")
    async def experiments(
        request: Request,
        set: str | None = None,  # noqa: A002 — the query parameter's name
        route: str | None = None,
        prompt_hash: str | None = None,
        since: str | None = None,
        limit: str = "50",
    ):
        await require_role(request, components, "viewer", "admin")
        if not limit.isdigit() or not 1 <= int(limit) <= 500:
            raise InvalidRequest(f"'limit' is {limit!r}; allowed: an integer from 1 to 500", param="limit")
        since_dt = parse_since(since)
        rows = await asyncio.to_thread(
            list_experiments,
            store,
            set_name=set,
            route=route,
            prompt_hash=prompt_hash,
            since=since_dt,
            status=None,
            limit=int(limit),
        )
        return json_response({"object": "list", "data": rows, "count": len(rows)})

    @api.get("/api/experiments/{experiment_id}")
    async def experiment(request: Request, experiment_id: str):
        reader = await require_role(request, components, "viewer", "admin")
        return json_response(await asyncio.to_thread(visible_experiment, store, experiment_id, reader))

    return api
