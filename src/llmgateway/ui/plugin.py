"""Registers the web UI: settings section ``ui``, the /ui pages (when ``ui.enabled``)."""

from __future__ import annotations

from pathlib import Path

from ..plugins import Plugin
from .settings import UiSettings


def routers(components) -> list:
    from .access import Access
    from .experiments import build_router as experiment_pages
    from .insights import build_router as insight_pages
    from .pages import build_router as trace_pages
    from .session import SessionSigner, load_secret
    from .web import Renderer

    settings: UiSettings = components.settings.ui
    if not settings.enabled:
        return []
    secret_path = (
        Path(settings.secret_file) if settings.secret_file else components.settings.data_dir / "ui-session.key"
    )
    signer = SessionSigner(load_secret(secret_path), settings.session_minutes * 60)
    access = Access(components, settings, signer, Renderer())
    return [trace_pages(components, access), insight_pages(components, access), experiment_pages(components, access)]


plugin = Plugin(name="ui", routers=routers)
