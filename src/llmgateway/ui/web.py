"""Rendering: the Jinja2 environment (autoescape on for every template), span highlighting, the
vendored static files and the security headers every page carries.

Traces hold text that callers and models wrote, so nothing is ever marked safe except what
``highlight`` builds from escaped pieces.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup, escape
from starlette.responses import HTMLResponse, Response

HERE = Path(__file__).parent
STATIC_TYPES = {".js": "text/javascript", ".css": "text/css"}
SECURITY_HEADERS = {
    # no inline script anywhere: chart data travels in <script type="application/json"> blocks
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


def highlight(text: str | None, spans: list[dict]) -> Markup:
    """``text`` escaped, with each verdict's offending span wrapped in ``<mark>`` (titled with its
    rule). A span is found at its recorded offsets when they still fit, else by its first
    occurrence; a span no longer in the text (redacted, masked) marks nothing."""
    if not text:
        return Markup("")
    ranges: list[tuple[int, int, str]] = []
    for verdict in spans:
        span = verdict.get("span") or ""
        if not span:
            continue
        start, end = verdict.get("start"), verdict.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and text[start:end] == span):
            start = text.find(span)
            end = start + len(span)
        if start >= 0:
            ranges.append((start, end, f"{verdict.get('rule_id')} ({verdict.get('action')})"))
    out, pos = [], 0
    for start, end, title in sorted(ranges):
        if start < pos:  # overlapping spans: the earlier one wins
            continue
        out.append(escape(text[pos:start]))
        out.append(Markup('<mark class="hl" title="{}">{}</mark>').format(title, text[start:end]))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def json_block(value: Any) -> Markup:
    """JSON for a ``<script type="application/json">`` block: ``<``, ``>`` and ``&`` escaped so
    caller text can never close the block."""
    text = json.dumps(value, default=str).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def when(value: datetime | None) -> str:
    if value is None:
        return ""
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def factuality(scores: dict | None) -> float | None:
    fact = (scores or {}).get("factuality")
    return fact.get("score") if isinstance(fact, dict) else None


def pretty(value: Any) -> str:
    return json.dumps(value, indent=2, default=str, ensure_ascii=False)


def make_env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )
    env.filters.update(highlight=highlight, json_block=json_block, when=when, factuality=factuality, pretty=pretty)
    return env


class Renderer:
    def __init__(self):
        self.env = make_env()
        self.static = {
            p.name: (p.read_bytes(), STATIC_TYPES[p.suffix])
            for p in (HERE / "static").iterdir()
            if p.suffix in STATIC_TYPES
        }

    def page(self, template: str, status: int = 200, headers: dict | None = None, **context) -> HTMLResponse:
        html = self.env.get_template(template).render(**context)
        return HTMLResponse(html, status_code=status, headers={**SECURITY_HEADERS, **(headers or {})})

    def static_file(self, name: str) -> Response | None:
        found = self.static.get(name)
        if found is None:
            return None
        body, media_type = found
        return Response(body, media_type=media_type, headers={"cache-control": "public, max-age=3600"})
