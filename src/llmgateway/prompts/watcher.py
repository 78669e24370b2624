"""Hot reload of the prompts folder, and the audit trail of label changes.

The watcher polls the folder's file stamps (cheap: a few ``stat`` calls) every
``prompts.reload_interval_s`` seconds. On a change it loads a whole new registry and checks every
route's prompt and shadow refs against it; only then does it swap the registry in. A reload that
fails (bad YAML, a released file that no longer matches the lock, a label a route needs removed)
is logged and the gateway keeps serving the previous registry.

Every label change — at reload, and at start against the last state in the audit log, so edits made
while the gateway was down are caught too — is appended to the hash-chained audit log as kind
``prompt_label`` with ``{prompt, label, old, new, labels, file, git_commit, git_dirty, reason}``.
"""

from __future__ import annotations

import asyncio
import logging
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cliutil import cancel_task
from ..errors import ConfigError, GatewayError
from .labelfile import LABELS_FILE
from .registry import PromptRegistry

if TYPE_CHECKING:  # pragma: no cover
    from ..components import Components

log = logging.getLogger("llmgateway.prompts")
AUDIT_KIND = "prompt_label"
AUDIT_ACTOR = "prompt-watcher"


class RegistryHolder:
    """The registry currently served. Stages read ``.current`` on every call; reloads swap it."""

    def __init__(self, registry: PromptRegistry, validate: Callable[[PromptRegistry], None] | None = None):
        self.current = registry
        self.validate = validate or (lambda _r: None)
        self.stamp = folder_stamp(registry.root)
        self.loaded_at = time.time()
        self.reloads = 0
        self.last_error: str | None = None

    def reload_if_changed(self) -> list[dict[str, Any]] | None:
        """Reload when the folder changed. Returns the label changes (maybe empty) after a
        successful reload, ``None`` when nothing changed or the reload was refused."""
        stamp = folder_stamp(self.current.root)
        if stamp == self.stamp:
            return None
        self.stamp = stamp
        try:
            registry = PromptRegistry.load(self.current.root)
            self.validate(registry)
        except (ConfigError, GatewayError) as exc:
            self.last_error = str(exc)
            log.error("prompt reload refused, still serving the previous prompts: %s", exc)
            return None
        changes = label_changes(self.current.labels_snapshot(), registry.labels_snapshot())
        self.current, self.loaded_at, self.last_error = registry, time.time(), None
        self.reloads += 1
        for change in changes:
            log.info("prompt label %s@%s: %s -> %s", change["prompt"], change["label"], change["old"], change["new"])
        return changes


def folder_stamp(root: Path) -> tuple:
    """(path, mtime_ns, size) of every file that makes up the registry."""
    entries: list[tuple] = []
    if not root.is_dir():
        return ()
    for path in [root, *sorted(root.iterdir())]:
        if path.is_dir() and path != root:
            entries.extend(_stat(p) for p in sorted(path.glob("*.y*ml")))
        elif path.is_file():
            entries.append(_stat(path))
    return tuple(entries)


def _stat(path: Path) -> tuple:
    try:
        st = path.stat()
    except FileNotFoundError:
        return (str(path), None, None)
    return (str(path), st.st_mtime_ns, st.st_size)


def label_changes(old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    changes = []
    for name in sorted(set(old) | set(new)):
        before, after = old.get(name, {}), new.get(name, {})
        for label in sorted(set(before) | set(after)):
            if before.get(label) != after.get(label):
                changes.append(
                    {"prompt": name, "label": label, "old": before.get(label), "new": after.get(label), "labels": after}
                )
    return changes


def git_commit(folder: Path) -> tuple[str | None, bool | None]:
    """HEAD of the git checkout holding ``folder`` and whether labels.yaml has uncommitted edits."""
    try:
        head = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5
        )
        if head.returncode != 0:
            return None, None
        dirty = subprocess.run(
            ["git", "-C", str(folder), "status", "--porcelain", "--", LABELS_FILE],
            capture_output=True,
            text=True,
            timeout=5,
        )
    except (OSError, subprocess.SubprocessError):
        return None, None
    return head.stdout.strip() or None, bool(dirty.stdout.strip()) if dirty.returncode == 0 else None


def record_changes(store: Any, registry: PromptRegistry, changes: list[dict[str, Any]], reason: str) -> None:
    """Append one audit entry per label change (sync: call it in a thread)."""
    if store is None or not changes:
        return
    from ..store.audit import append_audit

    for change in changes:
        folder = registry.root / change["prompt"]
        commit, dirty = git_commit(folder)
        payload = {
            **change,
            "file": str(folder / LABELS_FILE),
            "git_commit": commit,
            "git_dirty": dirty,
            "reason": reason,
        }
        append_audit(store, AUDIT_KIND, AUDIT_ACTOR, payload)


def last_audited_labels(store: Any, names: set[str]) -> dict[str, dict[str, Any]]:
    """The label state of each prompt in ``names`` as of its latest ``prompt_label`` audit entry
    (newest first, stopping once every name is found: the audit log also holds guardrail decisions)."""
    from sqlalchemy import select

    from ..store.models import AuditEntry

    state: dict[str, dict[str, Any]] = {}
    with store.session() as session:
        rows = session.execute(
            select(AuditEntry.payload)
            .where(AuditEntry.kind == AUDIT_KIND)
            .order_by(AuditEntry.seq.desc())
            .execution_options(yield_per=200)
        ).scalars()
        for payload in rows:
            if isinstance(payload, dict) and payload.get("prompt") in names and payload["prompt"] not in state:
                state[payload["prompt"]] = payload.get("labels") or {}
                if len(state) == len(names):
                    break
    return state


class PromptWatcher:
    """The background poll loop, started and stopped by the plugin."""

    def __init__(self, holder: RegistryHolder, components: Components, interval_s: float):
        self.holder = holder
        self.components = components
        self.interval_s = interval_s
        self._task: asyncio.Task | None = None

    async def start(self) -> None:
        store = self.components.store
        if store is not None:
            registry = self.holder.current
            now = registry.labels_snapshot()
            before = await asyncio.to_thread(last_audited_labels, store, set(now))
            changes = label_changes({n: before.get(n, {}) for n in now}, now)
            await asyncio.to_thread(record_changes, store, registry, changes, "startup")
        if self.interval_s > 0:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="prompt-watcher")

    async def stop(self) -> None:
        await cancel_task(self._task)
        self._task = None

    async def poll_once(self) -> list[dict[str, Any]] | None:
        changes = await asyncio.to_thread(self.holder.reload_if_changed)
        if changes:
            await asyncio.to_thread(record_changes, self.components.store, self.holder.current, changes, "reload")
        return changes

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval_s)
            try:
                await self.poll_once()
            except Exception:  # noqa: BLE001 - one failed poll (disk, audit store) must not end hot reload
                log.exception("prompt watcher: poll failed; will retry in %ss", self.interval_s)
