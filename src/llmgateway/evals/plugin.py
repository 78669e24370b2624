"""Registers evals like every other capability (see llmgateway.plugins): the /api/experiments
routes, and the ``llmgateway eval`` and ``llmgateway report`` commands. No route key: an eval run
drives the routes the other plugins build."""

from __future__ import annotations

from ..plugins import Plugin


def routers(components) -> list:
    from .api import build_router

    return [build_router(components)]


def cli() -> list:
    from .cli import app, report_app

    return [("eval", app), ("report", report_app)]


def label_check(settings, version, requirement: str) -> str | None:
    from .gate import label_check as check

    return check(settings, version, requirement)


plugin = Plugin(name="evals", routers=routers, cli=cli, label_check=label_check)
