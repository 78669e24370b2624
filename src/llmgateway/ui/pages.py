"""The UI's routes: sign-in, the trace list and detail, the review queue, static files.

Dashboards, prompts and policies live in insights.py. Every page needs a viewer or admin session
(access.py); deciding a review needs an admin and a valid CSRF token.
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from ..components import Components
from ..errors import InvalidRequest
from ..guardrails.reviews import DECISIONS, ReviewConflict, decide_review, list_reviews
from ..tracing.visibility import restricted_groups
from .access import Access, form_data, visible
from .queries import STATUSES, TraceFilter, list_traces, load_trace

REVIEW_STATUSES = ("pending", "approved", "rejected")


def build_router(components: Components, access: Access) -> APIRouter:
    api = APIRouter(include_in_schema=False)
    store, renderer, page_size = components.store, access.renderer, access.settings.page_size

    render = access.render

    @api.get("/ui")
    @api.get("/ui/")
    async def home() -> Response:
        return RedirectResponse("/ui/traces", status_code=303)

    @api.get("/ui/static/{name}")
    async def static(name: str) -> Response:
        found = renderer.static_file(name)
        return found if found is not None else Response("not found", status_code=404, media_type="text/plain")

    @api.get("/ui/login")
    async def login_page(request: Request) -> Response:
        if access.viewer(request) is not None and access.auth_required:
            return RedirectResponse("/ui/traces", status_code=303)
        return access.login_page(request)

    @api.post("/ui/login")
    async def login(request: Request) -> Response:
        return await access.login(request)

    @api.post("/ui/logout")
    async def logout(request: Request) -> Response:
        return await access.logout(request)

    @api.get("/ui/traces")
    async def traces(request: Request) -> Response:
        viewer = access.viewer(request)
        if viewer is None:
            return access.to_login(request)
        error, cursor, status = None, None, 200
        rows: list[dict] = []
        try:
            flt = TraceFilter.from_params(request.query_params)
            rows, cursor = await asyncio.to_thread(
                list_traces, store, flt, after=request.query_params.get("after"), limit=page_size
            )
        except InvalidRequest as exc:
            flt, error, status = TraceFilter(), exc.message, 400
        if flt.q:
            # A free-text match on a trace the viewer may not read would reveal what its restricted
            # research says (an oracle), so such traces are left out of text searches entirely.
            held = set(viewer.key.entitlements or [])
            rows = [r for r in rows if restricted_groups(r) <= held]
        rows = [visible(r, viewer) for r in rows]
        partial = request.headers.get("hx-request") == "true" and request.query_params.get("after")
        return render(
            "traces_rows.html" if partial else "traces.html",
            viewer,
            status=status,
            rows=rows,
            cursor=cursor,
            flt=flt,
            query=flt.active(),
            statuses=STATUSES,
            routes=[r.name for r in components.settings.routes],
            error=error,
        )

    @api.get("/ui/traces/{trace_id}")
    async def trace(request: Request, trace_id: str) -> Response:
        viewer = access.viewer(request)
        if viewer is None:
            return access.to_login(request)
        found = await asyncio.to_thread(load_trace, store, trace_id)
        if found is None:
            return render(
                "error.html", viewer, status=404, title="No such trace", message=f"No trace with id {trace_id}."
            )
        review = found.pop("review")
        return render(
            "trace.html",
            viewer,
            t=visible(found, viewer),
            review=visible(review, viewer) if review else None,
            stages=waterfall(found),
        )

    @api.get("/ui/reviews")
    async def reviews(request: Request) -> Response:
        viewer = access.viewer(request)
        if viewer is None:
            return access.to_login(request)
        status = request.query_params.get("status", "pending")
        status = status if status in REVIEW_STATUSES else "pending"
        rows = await asyncio.to_thread(list_reviews, store, status, 200)
        return render(
            "reviews.html", viewer, rows=[visible(r, viewer) for r in rows], shown=status, statuses=REVIEW_STATUSES
        )

    @api.post("/ui/reviews/{review_id}")
    async def decide(request: Request, review_id: int) -> Response:
        viewer = access.viewer(request)
        if viewer is None:
            return access.to_login(request)
        form = await form_data(request)
        if not access.csrf_ok(viewer, form.get("csrf")):
            return access.forbidden(viewer, "The form's CSRF token is missing or wrong; reload the page.")
        if not viewer.can_decide:
            return access.forbidden(
                viewer, f"Key '{viewer.name}' has role '{viewer.key.role}'; deciding a review needs an admin key."
            )
        decision = form.get("decision")
        if decision not in DECISIONS:
            return render("error.html", viewer, status=400, title="Bad decision", message="Choose approve or reject.")
        try:
            row = await asyncio.to_thread(
                decide_review, store, review_id, decision, viewer.name, form.get("note", "").strip() or None
            )
        except ReviewConflict as exc:
            return render("error.html", viewer, status=409, title="Already decided", message=str(exc))
        if row is None:
            return render("error.html", viewer, status=404, title="No such review", message=f"No review {review_id}.")
        return RedirectResponse("/ui/reviews?status=pending", status_code=303)

    return api


def waterfall(trace: dict) -> list[dict]:
    """The stages as bars: each starts where the previous one ended (stages run in sequence), and
    widths are shares of the call's total latency."""
    stage_ms = trace.get("stage_ms") or {}
    total = max(float(trace.get("latency_ms") or 0), sum(float(v or 0) for v in stage_ms.values()), 0.001)
    bars, offset = [], 0.0
    for name, ms in stage_ms.items():
        ms = float(ms or 0)
        bars.append(
            {
                "name": name,
                "ms": ms,
                "left": round(100 * offset / total, 2),
                "width": max(round(100 * ms / total, 2), 0.3),
            }
        )
        offset += ms
    return bars
