"""PromptStage: choose the prompt version for a call, render it, and run the shadow challenger.

* ``prepare`` picks the version: the route's ``prompt`` ref, or ``metadata.prompt`` if the caller's
  key has ``allow_prompt_override`` (else 403). A label with a canary split picks by the caller's
  ``user`` (else ``metadata.conversation_id``, else per request), so one advisor sees one version.
  It records the choice in ``ctx.prompt`` (a ``PromptRef``: name, version, hash, role, label, ref,
  source; the executor puts it on the request's span and the trace row), applies the version's
  ``params`` and its ``model`` override.
* ``compose`` renders the templates with the question, sources, today and history into
  ``ctx.upstream_messages``. A render error stops the call (the template never goes upstream raw).
* ``after_response`` starts the route's ``shadow`` challenger in the background on the same input:
  a whole second call through ``run_detached`` (the executor's, handed over at build time) with its own trace, role ``shadow`` and
  ``parent_trace_id`` = the champion's trace. The caller does not wait for it.

Parameter precedence: the caller's explicit request params win over the version's ``params``
(the version supplies defaults), unless ``prompts.params_precedence: prompt`` is set. The keys the
version supplied are listed in ``ctx.prompt.params_applied`` so the trace shows where each came from.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..errors import InvalidRequest, PermissionDenied, PromptNotFound
from ..outcome import PromptRef
from ..pipeline import BaseStage, CallContext
from .labelfile import VERSION_RE
from .registry import PromptRegistry, Resolution, parse_ref
from .render import render_messages, split_conversation

if TYPE_CHECKING:  # pragma: no cover
    from ..components import Components
    from ..config import RouteConfig
    from ..plugins import DetachedCall
    from .settings import PromptSettings
    from .watcher import RegistryHolder

log = logging.getLogger("llmgateway.prompts")


def bucket_key(ctx: CallContext) -> str:
    """The canary key: the ``user`` field, else the conversation id, else this request only."""
    conversation = ctx.metadata.get("conversation_id") if isinstance(ctx.metadata, dict) else None
    return str(ctx.user or conversation or ctx.trace_id)


def shadow_ref(route: RouteConfig, registry: PromptRegistry) -> str | None:
    """``shadow: advisor_qa@v3`` as written, or ``v3`` / ``staging`` relative to the route's prompt,
    or another prompt's NAME (its production label)."""
    if not route.shadow:
        return None
    spec = route.shadow.strip()
    if "@" in spec:
        return spec
    base = parse_ref(route.prompt)[0] if route.prompt else None
    if VERSION_RE.match(spec) or (base and spec not in registry.prompts):
        if not base:
            raise PromptNotFound(f"route '{route.name}': shadow '{spec}' needs the route to set 'prompt'")
        return f"{base}@{spec}"
    return spec


class PromptStage(BaseStage):
    name = "prompt"

    def __init__(
        self,
        route: RouteConfig,
        holder: RegistryHolder,
        components: Components,
        settings: PromptSettings,
        run_detached: DetachedCall | None = None,
    ):
        self.route = route
        self.holder = holder
        self.components = components
        self.settings = settings
        self.run_detached = run_detached
        self.default_name = parse_ref(route.prompt)[0] if route.prompt else None

    # -- prepare: which version -----------------------------------------------------------------
    async def prepare(self, ctx: CallContext) -> None:
        registry = self.holder.current
        require_released = not self.settings.serve_unreleased
        if ctx.shadow_prompt:  # set by after_response; callers cannot set it
            resolution = registry.resolve(
                ctx.shadow_prompt, bucket_key=bucket_key(ctx), require_released=require_released
            )
            resolution, ref, source = replace(resolution, role="shadow"), ctx.shadow_prompt, "shadow"
        else:
            override = ctx.metadata.get("prompt") if isinstance(ctx.metadata, dict) else None
            if override:
                if not ctx.key.allow_prompt_override:
                    raise PermissionDenied(
                        f"this API key may not choose the prompt (metadata.prompt = {override!r}); ask an admin "
                        f"for a key created with --allow-prompt-override",
                        param="metadata.prompt",
                        code="prompt_override_not_allowed",
                    )
                ref, source = str(override), "override"
            elif self.route.prompt:
                ref, source = self.route.prompt, "route"
            else:
                return
            resolution = registry.resolve(
                ref, bucket_key=bucket_key(ctx), default_name=self.default_name, require_released=require_released
            )
        self._apply(ctx, resolution, ref, source)

    def _apply(self, ctx: CallContext, resolution: Resolution, ref: str, source: str) -> None:
        version = resolution.version
        applied = []
        for key, value in version.params.items():
            if key not in ctx.params or self.settings.params_precedence == "prompt":
                ctx.params[key] = value
                applied.append(key)
        if version.model:
            ctx.upstream_model = version.model
        ctx.prompt = PromptRef(
            name=version.name,
            version=version.version,
            hash=version.hash,
            role=resolution.role,
            label=resolution.label,
            ref=ref,
            source=source,
            params_applied=applied,
        )

    # -- compose: render ------------------------------------------------------------------------
    async def compose(self, ctx: CallContext) -> None:
        if ctx.prompt is None:
            return
        version = self.holder.current.version(ctx.prompt.name, ctx.prompt.version)
        if version.hash != ctx.prompt.hash:  # only an unreleased draft can change mid-call
            raise PromptNotFound(f"{version.ref} changed on disk during the call; retry", param="prompt")
        question, history = split_conversation(ctx.messages)
        ctx.upstream_messages = render_messages(
            version, question=question, sources=ctx.sources, history=history, variables=_caller_variables(ctx)
        )

    # -- after_response: shadow challenger ------------------------------------------------------
    async def after_response(self, ctx: CallContext, text: str) -> None:
        if not self.route.shadow or ctx.prompt is None or ctx.prompt.source != "route":
            return
        if self.run_detached is None:
            log.warning("route %s: shadow %s skipped: no executor", self.route.name, self.route.shadow)
            return
        registry = self.holder.current
        ref = shadow_ref(self.route, registry)
        if ref is None:
            return
        challenger = registry.resolve(
            ref, bucket_key=bucket_key(ctx), require_released=not self.settings.serve_unreleased
        )
        if challenger.version.hash == ctx.prompt.hash:
            log.debug("route %s: shadow %s is the champion's own version; skipped", self.route.name, ref)
            return
        self.components.spawn(self.run_detached(self._shadow_context(ctx, ref)))

    def _shadow_context(self, ctx: CallContext, ref: str) -> CallContext:
        applied = set(ctx.prompt.params_applied if ctx.prompt else ())
        caller_params = {k: v for k, v in ctx.params.items() if k not in applied}
        return CallContext(
            trace_id=uuid.uuid4().hex,
            route=ctx.route,
            key=ctx.key,
            messages=[dict(m) for m in ctx.messages],
            params=caller_params,
            stream=False,
            user=ctx.user,
            metadata={k: v for k, v in ctx.metadata.items() if k != "prompt"},
            upstream_model=self.route.model,
            shadow_prompt=ref,
            parent_trace_id=ctx.trace_id,
        )


def _caller_variables(ctx: CallContext) -> dict[str, Any]:
    raw = ctx.metadata.get("prompt_variables") if isinstance(ctx.metadata, dict) else None
    if raw is None:
        return {}
    if isinstance(raw, str):  # OpenAI metadata values are strings: accept a JSON object
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise InvalidRequest(
                f"metadata.prompt_variables is not a JSON object: {exc}", param="metadata.prompt_variables"
            ) from None
    if not isinstance(raw, dict):
        raise InvalidRequest(
            "metadata.prompt_variables must be an object of variable name to value", param="metadata.prompt_variables"
        )
    return raw
