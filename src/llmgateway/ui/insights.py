"""Dashboards, prompts and policies pages.

Prompts and policies are read from the services their capabilities keep on ``components``
(``prompts.registry``, ``guardrails.runtime``) when those are loaded; the UI never loads them
itself, so a gateway without prompts or policies simply shows none.
"""

from __future__ import annotations

import asyncio
import difflib

from fastapi import APIRouter, Request
from starlette.responses import Response

from ..components import Components
from ..guardrails.api import policies_info
from ..prompts.api import prompt_info, traffic
from .access import Access
from .aggregates import dashboard, drift_states, rule_hit_counts

PROMPTS_SERVICE = "prompts.registry"
POLICIES_SERVICE = "guardrails.runtime"
WINDOWS = {"1h": 1, "6h": 6, "24h": 24, "7d": 168, "30d": 720}


def build_router(components: Components, access: Access) -> APIRouter:
    api = APIRouter(include_in_schema=False)
    store = components.store

    render = access.render

    def window(request: Request) -> tuple[str, float]:
        name = request.query_params.get("window", "24h")
        return (name, WINDOWS[name]) if name in WINDOWS else ("24h", 24)

    @api.get("/ui/dashboards")
    async def dashboards(request: Request) -> Response:
        viewer = access.viewer(request)
        if viewer is None:
            return access.to_login(request)
        name, hours = window(request)
        route = request.query_params.get("route") or None
        data = await asyncio.to_thread(dashboard, store, hours, route)
        drift = await asyncio.to_thread(drift_states, store)
        return render(
            "dashboards.html",
            viewer,
            d=data,
            drift=drift,
            window=name,
            windows=list(WINDOWS),
            route=route or "",
            routes=[r.name for r in components.settings.routes],
        )

    @api.get("/ui/prompts")
    async def prompts(request: Request) -> Response:
        viewer = access.viewer(request)
        if viewer is None:
            return access.to_login(request)
        registry = _service(components, PROMPTS_SERVICE)
        registry = registry.current if registry is not None else None
        counts = await asyncio.to_thread(traffic, store, None, None, None) if registry else {}
        items = []
        for prompt in registry.prompts.values() if registry else ():
            info = prompt_info(prompt, full=True)
            for v in info["versions"]:
                v["traffic"] = counts.get((prompt.name, v["version"]), {})
            items.append(info)
        diff = None
        name, a, b = (request.query_params.get(k, "") for k in ("name", "a", "b"))
        if registry and name in registry.prompts and a and b:
            diff = version_diff(prompt_info(registry.prompts[name], full=True), a, b)
        return render("prompts.html", viewer, prompts=items, diff=diff, diff_args={"name": name, "a": a, "b": b})

    @api.get("/ui/policies")
    async def policies(request: Request) -> Response:
        viewer = access.viewer(request)
        if viewer is None:
            return access.to_login(request)
        runtime = _service(components, POLICIES_SERVICE)
        name, hours = window(request)
        hits = await asyncio.to_thread(rule_hit_counts, store, hours)
        status = runtime.status() if runtime is not None else None
        policy_list = policies_info(runtime.current) if runtime is not None else []
        for policy in policy_list:
            for rule in policy["rules"]:
                rule["hits"] = hits.get(rule["id"], 0)
        return render(
            "policies.html",
            viewer,
            loaded=status,
            policies=policy_list,
            window=name,
            windows=list(WINDOWS),
            routes={r.name: r.policies for r in components.settings.routes if r.policies},
        )

    return api


def _service(components: Components, name: str):
    return components.service(name, lambda: None) if components.has_service(name) else None


def version_diff(info: dict, a: str, b: str) -> list[tuple[str, str]] | None:
    """A unified diff of two versions' messages, params and model, as (kind, line) pairs."""
    versions = {v["version"]: v for v in info["versions"]}
    if a not in versions or b not in versions:
        return None

    def lines(v: dict) -> list[str]:
        out = [f"model: {v.get('model')}", f"params: {v.get('params')}"]
        for m in v.get("messages") or []:
            out.append(f"[{m.get('role', 'placeholder')}]")
            out.extend(str(m.get("content") or m.get("placeholder") or "").splitlines())
        return out

    diff = difflib.unified_diff(
        lines(versions[a]), lines(versions[b]), f"{info['name']}@{a}", f"{info['name']}@{b}", n=3
    )
    return [("add" if d.startswith("+") else "del" if d.startswith("-") else "ctx", d) for d in diff]
