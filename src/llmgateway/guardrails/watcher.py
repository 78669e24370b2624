"""Hot reload of the policies folder.

The watcher polls the folder's file stamps (a few ``stat`` calls) every
``guardrails.poll_interval_s`` seconds (default 1 s). On a change it loads a whole new policy set
in a worker thread and swaps it in only if every file validates and every route's policies are
still there; otherwise the error is logged, shown on ``GET /api/policies`` (``last_error``) and
the last good set keeps serving. Each accepted change is audited (``policy.loaded``), as is the
first rejection of each distinct error (``policy.rejected``).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from ..cliutil import cancel_task
from .classifier import ARTIFACT
from .loader import POLICY_SUFFIXES
from .ngram import ARTIFACT as NGRAM_ARTIFACT
from .ngram import FOLDER as NGRAM_FOLDER
from .training import TRAINING_DIR

if TYPE_CHECKING:  # pragma: no cover
    from .runtime import GuardrailsRuntime

log = logging.getLogger("llmgateway.guardrails")


def folder_stamp(directory: str | Path) -> tuple:
    """Name, mtime and size of every policy file, training file (the n-gram reader's folder too) and
    the classifier and n-gram models."""
    d = Path(directory)
    if not d.is_dir():
        return ()
    stamps = []
    training = d / TRAINING_DIR
    reader = training / NGRAM_FOLDER
    paths = sorted(d.iterdir()) + (sorted(training.iterdir()) if training.is_dir() else [])
    paths += sorted(reader.iterdir()) if reader.is_dir() else []
    for path in paths:
        if path.suffix in POLICY_SUFFIXES or path.name in (ARTIFACT, NGRAM_ARTIFACT):
            try:
                st = path.stat()
                stamps.append((str(path.relative_to(d)), st.st_mtime_ns, st.st_size))
            except FileNotFoundError:
                continue
    return tuple(stamps)


class PolicyWatcher:
    def __init__(self, runtime: GuardrailsRuntime):
        self.runtime = runtime
        self.stamp = folder_stamp(runtime.directory)
        self._task: asyncio.Task | None = None

    def poll_once(self) -> bool:
        """Reload if the folder changed; True when a new set was swapped in (sync: run in a thread)."""
        stamp = folder_stamp(self.runtime.directory)
        if stamp == self.stamp:
            return False
        self.stamp = stamp
        return self.runtime.reload()

    async def start(self) -> None:
        await asyncio.to_thread(audit_start, self.runtime)
        if self.runtime.settings.watch and self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        interval = self.runtime.settings.poll_interval_s
        while True:
            await asyncio.sleep(interval)
            try:
                await asyncio.to_thread(self.poll_once)
            except OSError as exc:  # the folder vanished or is unreadable: keep serving, say why
                self.runtime.last_error = f"cannot read {self.runtime.directory}: {exc}"
                log.error("policy watcher: %s", self.runtime.last_error)

    async def stop(self) -> None:
        await cancel_task(self._task)
        self._task = None


def audit_start(runtime: GuardrailsRuntime) -> None:
    """At start, audit the served policy set if it differs from the last audited one (edits made
    while the gateway was down are recorded too)."""
    store = runtime.components.store
    if store is None:
        return
    from ..store.models import AuditEntry

    with store.session() as session:
        last = session.execute(
            select(AuditEntry.payload)
            .where(AuditEntry.kind == "policy.loaded")
            .order_by(AuditEntry.seq.desc())
            .limit(1)
        ).scalar_one_or_none()
    pset = runtime.current
    if not isinstance(last, dict) or last.get("hash") != pset.hash:
        runtime.audit(
            "policy.loaded",
            {
                "hash": pset.hash,
                "previous_hash": (last or {}).get("hash"),
                "changed": sorted(pset.files),
                "reason": "start",
                "files": {n: i["sha256"] for n, i in pset.files.items()},
                "classifier_hash": pset.classifier_hash,
            },
        )
