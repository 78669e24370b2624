"""The guardrails service shared by every route: settings, the live policy set, guards, the judge.

One ``GuardrailsRuntime`` per gateway (``components.service("guardrails", ...)``). It holds the
last *good* ``PolicySet``; the watcher swaps it whole on a valid edit and records the error of an
invalid one (``last_error``) while the old set keeps serving.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import TYPE_CHECKING

from ..errors import ConfigError
from .loader import PolicySet, load_policy_set
from .settings import GuardrailsSettings

if TYPE_CHECKING:  # pragma: no cover
    from ..components import Components
    from .validators import RuleGuard

log = logging.getLogger("llmgateway.guardrails")


class GuardrailsRuntime:
    def __init__(
        self, components: Components, settings: GuardrailsSettings | None = None, directory: str | None = None
    ):
        self.components = components
        self.settings = settings or GuardrailsSettings()
        self.directory = str(directory or components.settings.policies_dir)
        self._lock = threading.Lock()
        self.current: PolicySet = load_policy_set(self.directory)  # ConfigError refuses start
        self.last_error: str | None = None
        self.last_error_at: float | None = None
        self.last_checked_at: float = time.time()
        self.reloads = 0

    # -- policy set ---------------------------------------------------------------------
    def check_routes(self, pset: PolicySet) -> None:
        for route in self.components.settings.routes:
            missing = pset.missing(route.policies)
            if missing:
                raise ConfigError(
                    f"route '{route.name}' enforces policies {missing} that are not in "
                    f"{pset.directory}; allowed: {sorted(pset.policies)}",
                    key="routes.policies",
                )

    def reload(self) -> bool:
        """Load the folder again. A valid set replaces the live one; an invalid one is recorded
        (``last_error``) and the last good set keeps serving. Returns True when swapped."""
        self.last_checked_at = time.time()
        try:
            fresh = load_policy_set(self.directory)
            self.check_routes(fresh)
        except ConfigError as exc:
            message = str(exc)
            if message != self.last_error:
                log.error("policy reload rejected, still serving %s: %s", self.current.hash[:12], message)
                self.audit("policy.rejected", {"error": message, "serving_hash": self.current.hash})
            self.last_error, self.last_error_at = message, time.time()
            return False
        self.last_error = self.last_error_at = None
        if fresh.hash == self.current.hash:
            return False
        self.warm(fresh)  # build the new set's guards here (a thread), never on a request
        old = self.current
        with self._lock:
            self.current = fresh
        self.reloads += 1
        changed = sorted(
            n
            for n in set(old.files) | set(fresh.files)
            if old.files.get(n, {}).get("sha256") != fresh.files.get(n, {}).get("sha256")
        )
        log.info("policies reloaded: %s -> %s (changed: %s)", old.hash[:12], fresh.hash[:12], changed)
        self.audit(
            "policy.loaded",
            {
                "hash": fresh.hash,
                "previous_hash": old.hash,
                "changed": changed,
                "files": {n: i["sha256"] for n, i in fresh.files.items()},
                "classifier_hash": fresh.classifier_hash,
            },
        )
        return True

    def status(self) -> dict:
        return {
            **self.current.summary(),
            "last_error": self.last_error,
            "last_error_at": self.last_error_at,
            "last_checked_at": self.last_checked_at,
            "reloads": self.reloads,
            "watch": self.settings.watch,
            "poll_interval_s": self.settings.poll_interval_s,
        }

    # -- guards -------------------------------------------------------------------------
    def guard(
        self, policies: list[str], stage: str, route_model: str | None = None, pset: PolicySet | None = None
    ) -> RuleGuard:
        from .validators import RuleGuard

        pset = pset or self.current
        key = (tuple(policies), stage, route_model)
        guard = pset.cache.get(key)
        if guard is None:
            rules = pset.rules_for(policies, stage)
            needs_embed = any(r.needs_embedder for r in rules)
            guard = RuleGuard(
                rules,
                embed=self.components.embedder.embed if needs_embed else None,
                judge_fn=self._judge_fn(route_model) if self.settings.llm_judge.enabled else None,
                stage=stage,
            )
            guard.warm()
            pset.cache[key] = guard
        return guard

    async def aguard(
        self, policies: list[str], stage: str, route_model: str | None = None, pset: PolicySet | None = None
    ) -> RuleGuard:
        """``guard`` for the request path: a guard not built yet is built in a thread, since
        building embeds the semantic rules' examples (and may load the model)."""
        pset = pset or self.current
        cached: RuleGuard | None = pset.cache.get((tuple(policies), stage, route_model))
        if cached is not None:
            return cached
        return await asyncio.to_thread(self.guard, policies, stage, route_model, pset)

    def warm(self, pset: PolicySet | None = None) -> None:
        """Build every route's input and output guards (blocking: embeds the semantic examples,
        loading the embedding model on the first call)."""
        for route in self.components.settings.routes:
            if route.policies:
                for stage in ("input", "output"):
                    self.guard(route.policies, stage, route.model, pset)

    def _judge_fn(self, route_model: str | None):
        from .judge import make_judge

        return make_judge(self.components, self.settings.llm_judge, route_model)

    # -- audit --------------------------------------------------------------------------
    def audit(self, kind: str, payload: dict, actor: str | None = "guardrails") -> None:
        store = self.components.store
        if store is None:
            return
        from ..store.audit import append_audit

        try:
            append_audit(store, kind, actor, payload)
        except Exception as exc:  # the audit write must not take the gateway down; it is logged loudly
            log.error("audit append failed (%s): %r", kind, exc)
