"""Prompt templates: compile at load time, render per request.

Templates are Jinja2 in a sandbox with ``StrictUndefined``: a variable the template uses but the
version file does not declare is refused when the file is loaded (``compile_template``), and any
variable still missing at render time raises ``PromptRenderError`` so the request never goes
upstream with an unrendered template. The caller's text is passed in as *values*, never
re-parsed as a template, so a question containing ``{{ … }}`` is sent verbatim.

Variables every template may use:

* ``question`` – the caller's last user message.
* ``sources``  – retrieved passages numbered for citation, one per line:
  ``[1] Title (doc_id, 2024-05-01): text``; ``(no sources found)`` when retrieval found nothing.
* ``today``    – the UTC date, ``YYYY-MM-DD``.
* ``history``  – earlier turns as text (``user: …`` / ``assistant: …``). A template that does not use
  it gets the earlier turns as real chat messages instead: at a ``- placeholder: history`` entry,
  or else just before the template's last user message.

A version may declare more variables with defaults under ``variables:``; a caller may set those
(and only those) per request with ``metadata.prompt_variables``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, meta
from jinja2.sandbox import SandboxedEnvironment

from ..errors import ConfigError, GatewayError
from ..pipeline import message_text

BUILTIN_VARIABLES = frozenset({"question", "sources", "today", "history"})
NO_SOURCES_TEXT = "(no sources found)"

_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)


class PromptRenderError(GatewayError):
    """A template could not be rendered; the request is stopped before it reaches upstream."""

    status, type, code = 500, "api_error", "prompt_render_error"


@dataclass(frozen=True)
class TemplateMessage:
    """One entry of a version's ``messages``: a role with a compiled template, or the history slot."""

    role: str | None
    source: str | None
    template: Any | None  # jinja2.Template
    variables: frozenset[str]
    placeholder: str | None = None

    @property
    def is_history_slot(self) -> bool:
        return self.placeholder == "history"


def compile_template(text: str, *, file: str, line: int | None, key: str) -> tuple[Any, frozenset[str]]:
    """Compile one message template; a syntax error names the file and the line inside it."""
    try:
        ast = _ENV.parse(text)
    except TemplateSyntaxError as exc:
        where = None if line is None else line + (exc.lineno or 1)
        raise ConfigError(
            f"template syntax error: {exc.message} (template line {exc.lineno})", file=file, line=where, key=key
        ) from None
    return _ENV.from_string(text), frozenset(meta.find_undeclared_variables(ast))


def format_sources(sources: Iterable[Any]) -> str:
    """``[n] title (doc_id, date): text`` per source; parts that are missing are left out."""
    lines = []
    for source in sources:
        meta_info = getattr(source, "metadata", None) or {}
        date = meta_info.get("date") or meta_info.get("published") or meta_info.get("as_of")
        ident = ", ".join(str(p) for p in (source.doc_id, date) if p)
        head = f"[{source.index}]"
        if source.title:
            head += f" {source.title}"
        if ident:
            head += f" ({ident})"
        text = " ".join(str(source.text).split())
        lines.append(f"{head}: {text}")
    return "\n".join(lines) if lines else NO_SOURCES_TEXT


def split_conversation(messages: list[dict]) -> tuple[str, list[dict]]:
    """The last user message is the question; the turns before it (not the caller's system
    messages — the prompt owns the system role) are the history."""
    last_user = None
    for i in range(len(messages) - 1, -1, -1):
        if messages[i].get("role") == "user":
            last_user = i
            break
    if last_user is None:
        return "", []
    history = [dict(m) for m in messages[:last_user] if m.get("role") not in ("system", "developer")]
    return message_text(messages[last_user]), history


def format_history(turns: list[dict]) -> str:
    return "\n".join(f"{t.get('role', 'user')}: {message_text(t)}" for t in turns)


def today_utc() -> str:
    return datetime.now(UTC).date().isoformat()


def render_messages(
    version: Any,
    *,
    question: str,
    sources: Iterable[Any] = (),
    history: list[dict] | None = None,
    today: str | None = None,
    variables: dict[str, Any] | None = None,
    sources_text: str | None = None,
) -> list[dict]:
    """Render ``version.messages`` into chat messages ready for upstream.

    ``variables`` are the caller's values for the version's declared variables; unknown names are
    refused. ``sources_text`` replaces the formatted sources (used by ``prompts render --var``).
    """
    history = history or []
    variables = dict(variables or {})
    unknown = sorted(set(variables) - set(version.variables))
    if unknown:
        raise PromptRenderError(
            f"prompt {version.name}@{version.version} has no variable(s) {unknown}; "
            f"declared: {sorted(version.variables) or 'none'}",
            status=400,
            type="invalid_request_error",
            code="prompt_variable_unknown",
            param="metadata.prompt_variables",
        )
    values = {
        **version.variables,
        **variables,
        "question": question,
        "sources": sources_text if sources_text is not None else format_sources(sources),
        "today": today or today_utc(),
        "history": format_history(history),
    }
    uses_history_text = any("history" in m.variables for m in version.messages)
    has_slot = any(m.is_history_slot for m in version.messages)
    insert_at = None
    if not uses_history_text and not has_slot:
        user_positions = [i for i, m in enumerate(version.messages) if m.role == "user"]
        insert_at = user_positions[-1] if user_positions else len(version.messages)

    out: list[dict] = []
    for i, message in enumerate(version.messages):
        if i == insert_at:
            out.extend(history)
        if message.is_history_slot:
            if not uses_history_text:
                out.extend(history)
            continue
        try:
            content = message.template.render(values)
        except TemplateError as exc:
            raise PromptRenderError(
                f"prompt {version.name}@{version.version} message {i} ({message.role}) failed to render",
                detail=f"{version.path}: {exc}",
            ) from None
        out.append({"role": message.role, "content": content.strip()})
    if insert_at is not None and insert_at >= len(version.messages):
        out.extend(history)
    return out
