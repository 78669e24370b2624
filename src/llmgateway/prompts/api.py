"""``GET /api/prompts`` and ``GET /api/prompts/{name}``: versions, labels, hashes, traffic and scores.

Traffic and scores come from the ``traces`` table (``prompt_name``/``prompt_version``/``prompt_role``
and ``scores``), grouped per version and role, so a champion, its canary and its shadow challenger
can be compared side by side. ``?since=`` (ISO time or epoch seconds) limits the window; ``?route=``
limits to one route. Viewer or admin keys (any caller when auth is disabled).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from sqlalchemy import func, select

from ..api.auth import require_role
from ..api.http import json_response
from ..api.traces import parse_since
from ..errors import ConfigError, GatewayError, NotFound
from ..store.models import Trace
from .lockfile import version_number
from .registry import Prompt, PromptRegistry

if TYPE_CHECKING:  # pragma: no cover
    from ..components import Components
    from .watcher import RegistryHolder

SCORE_ROWS_LIMIT = 50_000  # scores are averaged in Python over at most this many recent traces


def version_info(prompt: Prompt, version: str, *, full: bool = False) -> dict[str, Any]:
    pv = prompt.versions[version]
    info = {
        "version": pv.version,
        "hash": pv.hash,
        "released": pv.released,
        "description": pv.description,
        "author": pv.author,
        "model": pv.model,
        "params": pv.params,
        "labels": sorted(label for label, lab in prompt.labels.items() if version in dict(lab.splits)),
    }
    if full:
        info["variables"] = pv.variables
        info["messages"] = [
            {"placeholder": m.placeholder} if m.placeholder else {"role": m.role, "content": m.source}
            for m in pv.messages
        ]
        info["file"] = str(pv.path)
    return info


def prompt_info(prompt: Prompt, *, full: bool = False) -> dict[str, Any]:
    versions = sorted(prompt.versions, key=version_number)
    return {
        "name": prompt.name,
        "labels": {label: lab.as_yaml_value() for label, lab in sorted(prompt.labels.items())},
        "latest": versions[-1] if versions else None,
        "versions": [version_info(prompt, v, full=full) for v in versions],
    }


def _score_value(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dict):
        for key in ("score", "value"):
            if isinstance(value.get(key), (int, float)) and not isinstance(value.get(key), bool):
                return float(value[key])
    return None


def traffic(store, name: str | None, since, route: str | None) -> dict[tuple[str, str], dict[str, Any]]:
    """``{(prompt_name, version): {role: {calls, errors, avg_latency_ms, last_at, scores}}}``."""

    def filtered(stmt):
        stmt = stmt.where(Trace.prompt_name.is_not(None))
        if name:
            stmt = stmt.where(Trace.prompt_name == name)
        if since is not None:
            stmt = stmt.where(Trace.created_at >= since)
        if route:
            stmt = stmt.where(Trace.route == route)
        return stmt

    out: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
    with store.session() as session:
        rows = session.execute(
            filtered(
                select(
                    Trace.prompt_name,
                    Trace.prompt_version,
                    Trace.prompt_role,
                    func.count(Trace.id),
                    func.avg(Trace.latency_ms),
                    func.max(Trace.created_at),
                ).group_by(Trace.prompt_name, Trace.prompt_version, Trace.prompt_role)
            )
        ).all()
        for pname, version, role, calls, latency, last in rows:
            out[(pname, version)][role or "champion"] = {
                "calls": calls,
                "errors": 0,
                "avg_latency_ms": None if latency is None else round(float(latency), 1),
                "last_at": last.isoformat() if last else None,
                "scores": {},
            }
        errors = session.execute(
            filtered(
                select(Trace.prompt_name, Trace.prompt_version, Trace.prompt_role, func.count(Trace.id))
                .where(Trace.status != "ok")
                .group_by(Trace.prompt_name, Trace.prompt_version, Trace.prompt_role)
            )
        ).all()
        for pname, version, role, count in errors:
            out[(pname, version)][role or "champion"]["errors"] = count
        scored = session.execute(
            filtered(
                select(Trace.prompt_name, Trace.prompt_version, Trace.prompt_role, Trace.scores)
                .where(Trace.scores.is_not(None))
                .order_by(Trace.id.desc())
                .limit(SCORE_ROWS_LIMIT)
            )
        ).all()
    sums: dict[tuple, list[float]] = defaultdict(list)
    for pname, version, role, scores in scored:
        if isinstance(scores, dict):
            for metric, value in scores.items():
                number = _score_value(value)
                if number is not None:
                    sums[(pname, version, role or "champion", metric)].append(number)
    for (pname, version, role, metric), values in sums.items():
        slot = out[(pname, version)].get(role)
        if slot is not None:
            slot["scores"][metric] = {"mean": round(sum(values) / len(values), 4), "n": len(values)}
    return out


def build_router(components: Components, live_holder: Callable[[], RegistryHolder | None]) -> APIRouter:
    """``live_holder()`` is the served registry, loaded on first use; None when no prompts exist."""
    api = APIRouter()

    def holder() -> RegistryHolder | None:
        try:
            return live_holder()
        except ConfigError as exc:  # loaded on first use here when no route needed it at start
            raise GatewayError(f"the prompts folder does not load: {exc}", code="prompts_invalid") from None

    def current() -> PromptRegistry | None:
        served = holder()
        return served.current if served is not None else None

    async def usage(name: str | None, since: str | None, route: str | None):
        if components.store is None:
            return {}
        return await asyncio.to_thread(traffic, components.store, name, parse_since(since), route)

    @api.get("/api/prompts")
    async def list_prompts(request: Request, since: str | None = None, route: str | None = None):
        await require_role(request, components, "viewer", "admin")
        registry = current()
        counts = await usage(None, since, route) if registry else {}
        data = []
        for prompt in registry.prompts.values() if registry else ():
            info = prompt_info(prompt)
            for v in info["versions"]:
                v["traffic"] = counts.get((prompt.name, v["version"]), {})
            data.append(info)
        return json_response({"object": "list", "data": data, "count": len(data)})

    @api.get("/api/prompts/{name}")
    async def get_prompt(request: Request, name: str, since: str | None = None, route: str | None = None):
        await require_role(request, components, "viewer", "admin")
        registry = current()
        if registry is None or name not in registry.prompts:
            known = sorted(registry.prompts) if registry else []
            raise NotFound(f"unknown prompt '{name}'; known: {known or 'none'}", param="name")
        prompt = registry.prompts[name]
        counts = await usage(name, since, route)
        info = prompt_info(prompt, full=True)
        for v in info["versions"]:
            v["traffic"] = counts.get((name, v["version"]), {})
        served = holder()
        assert served is not None  # current() found the prompt in it
        info["reload"] = {"loaded_at": served.loaded_at, "reloads": served.reloads, "last_error": served.last_error}
        return json_response(info)

    return api
