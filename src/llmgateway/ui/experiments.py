"""Experiments pages (the evals capability's runs): the list, one run's cases, two runs compared.

Reads through the evals capability's own functions (``list_experiments``, ``get_experiment``,
``compare``); a gateway whose store has no experiments simply shows none.
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from starlette.responses import Response

from ..components import Components
from ..errors import NotFound
from ..evals.compare import compare
from ..evals.experiments import get_experiment, list_experiments
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
                comparison = await asyncio.to_thread(_compare, store, a, b)
            except NotFound as exc:
                return render("error.html", viewer, status=404, title="No such experiment", message=exc.message)
        return render("experiments.html", viewer, runs=runs, comparison=comparison, a=a or "", b=b or "")

    @api.get("/ui/experiments/{experiment_id}")
    async def experiment(request: Request, experiment_id: str) -> Response:
        viewer = access.viewer(request)
        if viewer is None:
            return access.to_login(request)
        try:
            run = await asyncio.to_thread(get_experiment, store, experiment_id)
        except NotFound as exc:
            return render("error.html", viewer, status=404, title="No such experiment", message=exc.message)
        return render("experiment.html", viewer, run=run)

    return api


def _compare(store, a: str, b: str) -> dict:
    return compare(get_experiment(store, a), get_experiment(store, b))
