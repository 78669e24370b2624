"""``GET /api/policies``, ``GET /api/reviews``, ``GET|POST /api/reviews/{id}``.

Reading needs a viewer or admin key; deciding a review needs an admin key (any caller when auth
is disabled). A decision is ``{"decision": "approve"|"reject", "note": "..."}``; it is stored on
the review and appended to the audit log with the reviewer's key name.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from fastapi import APIRouter, Request

from ..api.auth import require_role
from ..api.http import json_response, read_json
from ..api.params import int_param
from ..api.schemas import REVIEW_DECISION, json_body
from ..errors import GatewayError, InvalidRequest, NotFound
from ..tracing.visibility import mask_restricted
from .reviews import DECISIONS, ReviewConflict, decide_review, get_review, list_reviews

if TYPE_CHECKING:  # pragma: no cover
    from ..components import Components
    from .runtime import GuardrailsRuntime

REVIEW_STATUSES = ("pending", "approved", "rejected")
MAX_ID = 2**31 - 1  # the largest id the store's integer column holds


class Conflict(GatewayError):
    status, type, code = 409, "invalid_request_error", "review_already_decided"


def policies_info(pset) -> list[dict]:
    """The loaded policies and their rules, as /api/policies and the UI's policies page show them."""
    return [
        {
            "name": name,
            "description": p.description,
            "version": p.version,
            "rules": [
                {
                    "id": r.id,
                    "kind": r.kind,
                    "stage": r.stage,
                    "action": r.action,
                    "severity": r.severity,
                    "citation": r.citation,
                    "enabled": r.enabled,
                }
                for r in p.rules
            ],
        }
        for name, p in sorted(pset.policies.items())
    ]


def build_router(components: Components, live_runtime: Callable[[], GuardrailsRuntime | None]) -> APIRouter:
    """``live_runtime()`` is the policy runtime, loaded on first use; None when no policies exist."""
    api = APIRouter()

    @api.get("/api/policies")
    async def policies(request: Request):
        await require_role(request, components, "viewer", "admin")
        runtime = live_runtime()
        if runtime is None:
            return json_response({"hash": None, "files": [], "last_error": None, "policies": []})
        body = runtime.status()
        body["policies"] = policies_info(runtime.current)
        body["routes"] = {r.name: r.policies for r in components.settings.routes if r.policies}
        return json_response(body)

    @api.get("/api/reviews")
    async def reviews(request: Request, status: str | None = None, limit: str = "100"):
        reader = await require_role(request, components, "viewer", "admin")
        if status is not None and status not in REVIEW_STATUSES:
            raise InvalidRequest(f"'status' is {status!r}; allowed: {', '.join(REVIEW_STATUSES)}", param="status")
        rows_wanted = int_param(limit, "limit", 1, 1000)
        rows = await asyncio.to_thread(list_reviews, components.store, status, rows_wanted)
        rows = [mask_restricted(r, reader.entitlements, reader=reader.name) for r in rows]
        return json_response({"object": "list", "data": rows, "count": len(rows)})

    @api.get("/api/reviews/{review_id}")
    async def review(request: Request, review_id: str):
        reader = await require_role(request, components, "viewer", "admin")
        row = await asyncio.to_thread(get_review, components.store, int_param(review_id, "review_id", 0, MAX_ID))
        if row is None:
            raise NotFound(f"review {review_id} not found", param="review_id")
        return json_response(mask_restricted(row, reader.entitlements, reader=reader.name))

    @api.post("/api/reviews/{review_id}", openapi_extra=json_body(REVIEW_DECISION))
    async def decide(request: Request, review_id: str):
        key = await require_role(request, components, "admin")
        review_number = int_param(review_id, "review_id", 0, MAX_ID)
        body = await read_json(request, components.settings.server.max_body_bytes, empty_is_object=True)
        decision = body.get("decision")
        if not isinstance(decision, str) or decision not in DECISIONS:
            raise InvalidRequest(f"'decision' is {decision!r}; allowed: {', '.join(DECISIONS)}", param="decision")
        note = body.get("note")
        if note is not None and not isinstance(note, str):
            raise InvalidRequest("'note' must be a string", param="note")
        reviewer = key.name or "anonymous"
        try:
            row = await asyncio.to_thread(decide_review, components.store, review_number, decision, reviewer, note)
        except ReviewConflict as exc:
            raise Conflict(str(exc), param="review_id") from None
        if row is None:
            raise NotFound(f"review {review_id} not found", param="review_id")
        return json_response(mask_restricted(row, key.entitlements, reader=key.name))

    return api
