"""HTTP API of scoring.

* ``POST /api/score/factuality`` ``{"contexts": [...], "answer": "...", "question": "..."?}`` →
  ``{"score", "supported", "label", "claims": [{"text", "supported", "evidence", "reason", "probability", "entailment",
  "derivations"}]}``, synchronously, same scorer as the worker. Viewer or admin keys only.
* ``GET /api/drift?route=R&window=N`` → drift of queries and answers for the route.
* ``POST /api/drift/{route}/baseline`` ``{"size": N}`` (optional) → pin the route's most recent N
  traces as the drift reference.
* ``GET /api/scoring/status`` → lag (pending count, oldest pending age), alert states.
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from pydantic import Field

from ..api.auth import require_role
from ..api.http import json_response, read_model
from ..api.params import optional_int_param
from ..api.schemas import json_body
from ..errors import InvalidRequest, NotFound
from ..strict import StrictModel
from .service import scoring_service


class FactualityRequest(StrictModel):
    contexts: list[str] = Field(max_length=100)
    answer: str = Field(max_length=50_000)
    question: str | None = Field(default=None, max_length=20_000)  # gives a short answer its meaning


class BaselineRequest(StrictModel):
    size: int | None = Field(default=None, ge=10, le=10_000)


def router(components) -> list[APIRouter]:
    api = APIRouter()
    max_body = components.settings.server.max_body_bytes

    @api.post("/api/score/factuality", openapi_extra=json_body(FactualityRequest.model_json_schema()))
    async def score_factuality(request: Request):
        # evaluation, not serving: a client (app) key must not spend the scorer's CPU on arbitrary text
        await require_role(request, components, "viewer", "admin")
        body = await read_model(request, FactualityRequest, max_body)
        svc = scoring_service(components)
        result = await asyncio.to_thread(svc.factuality.score, body.contexts, body.answer, body.question)
        out = result.to_dict()
        keys = (
            "text", "supported", "evidence", "reason", "similarity", "probability", "entailment", "derivations",
            "error_kind", "judgement", "slot",
        )  # fmt: skip
        out["claims"] = [{k: c[k] for k in keys} for c in out["claims"]]
        return json_response(out)

    @api.get("/api/drift")
    async def drift(request: Request, route: str | None = None, window: str | None = None):
        await require_role(request, components, "viewer", "admin")
        if not route:
            raise InvalidRequest("'route' is required: GET /api/drift?route=NAME", param="route")
        if components.settings.route(route) is None:
            raise NotFound(
                f"unknown route '{route}'; allowed: {[r.name for r in components.settings.routes]}", param="route"
            )
        size = optional_int_param(window, "window", 10, 10_000)
        svc = scoring_service(components)
        report = await asyncio.to_thread(svc.drift.check, route, size)
        return json_response(report)

    @api.post(
        "/api/drift/{route}/baseline", openapi_extra=json_body(BaselineRequest.model_json_schema(), required=False)
    )
    async def pin_baseline(request: Request, route: str):
        key = await require_role(request, components, "admin")
        if components.settings.route(route) is None:
            raise NotFound(f"unknown route '{route}'", param="route")
        body = await read_model(request, BaselineRequest, max_body)
        svc = scoring_service(components)
        out = await asyncio.to_thread(svc.drift.pin_baseline, route, body.size, key.name)
        if out["size"] == 0:
            raise InvalidRequest(f"route '{route}' has no answered traces to pin as a baseline", param="route")
        return json_response(out)

    @api.get("/api/scoring/status")
    async def status(request: Request):
        await require_role(request, components, "viewer", "admin")
        svc = scoring_service(components)
        return json_response(await asyncio.to_thread(svc.status))

    return [api]
