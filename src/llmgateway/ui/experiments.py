"""Experiments pages (the evals capability's runs): the list, one run's cases, two runs compared.

Reads through the evals capability's own functions (``list_experiments``, ``visible_experiment``,
``compare``); a gateway whose store has no experiments simply shows none. A case whose call used
restricted research shows its answer masked unless the viewer's key holds the entitlement, on
the run's page and in a comparison alike (``visible_experiment``, the rule /api follows).
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from starlette.responses import Response

from ..components import Components
from ..errors import NotFound
from ..evals.api import visible_experiment
from ..evals.compare import compare
from ..evals.experiments import list_experiments
from .access import Access


def build_router(components: Components, access: Access) -> APIRouter:
    api = APIRouter(include_in_schema=False)
    store = components.store

    render = access.render

    @api.get("/ui/experiments")
    async def experiments(request: Request) -> Response:
        viewer = access.viewer(request)
        if viewer is None:
            return access.to_login(request)
        a, b = request.query_params.get("a"), request.query_params.get("b")
        runs = await asyncio.to_thread(list_experiments, store, status=None, limit=200)
        comparison = None
        if a and b:
            try:
                comparison = await asyncio.to_thread(_compare, store, a, b, viewer.key)
            except NotFound as exc:
                return render("error.html", viewer, status=404, title="No such experiment", message=exc.message)
        return render("experiments.html", viewer, runs=runs, comparison=comparison, a=a or "", b=b or "")

    @api.get("/ui/experiments/{experiment_id}")
    async def experiment(request: Request, experiment_id: str) -> Response:
        viewer = access.viewer(request)
        if viewer is None:
            return access.to_login(request)
        try:
            run = await asyncio.to_thread(visible_experiment, store, experiment_id, viewer.key)
        except NotFound as exc:
            return render("error.html", viewer, status=404, title="No such experiment", message=exc.message)
        return render("experiment.html", viewer, run=run)

    return api


def _compare(store, a: str, b: str, reader) -> dict:
    return compare(visible_experiment(store, a, reader), visible_experiment(store, b, reader))
