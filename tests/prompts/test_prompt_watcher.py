"""Hot reload and the audit trail without a server: the watcher's poll, git commits, offline edits."""

from __future__ import annotations

import asyncio
import subprocess

from sqlalchemy import select

from llmgateway.components import Components
from llmgateway.config import load_settings
from llmgateway.prompts.registry import PromptRegistry
from llmgateway.prompts.watcher import PromptWatcher, RegistryHolder
from llmgateway.store.audit import verify_audit
from llmgateway.store.db import EvaluationStore
from llmgateway.store.models import AuditEntry


def git(folder, *args):
    subprocess.run(
        ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args],
        cwd=folder,
        check=True,
        capture_output=True,
    )


def audit_payloads(store):
    with store.session() as session:
        return [
            e.payload
            for e in session.execute(
                select(AuditEntry).where(AuditEntry.kind == "prompt_label").order_by(AuditEntry.seq)
            ).scalars()
        ]


def make_watcher(prompts_dir, store):
    settings = load_settings(text="{}", environ={}, overrides={"paths": {"prompts": str(prompts_dir)}})
    holder = RegistryHolder(PromptRegistry.load(prompts_dir))
    return holder, PromptWatcher(holder, Components(settings, store=store), interval_s=0)


def test_label_change_is_recorded_with_the_git_commit(prompts_dir, tmp_path):
    git(prompts_dir, "init", "-q")
    git(prompts_dir, "add", ".")
    git(prompts_dir, "commit", "-q", "-m", "prompts")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=prompts_dir, capture_output=True, text=True).stdout.strip()
    store = EvaluationStore(f"sqlite:///{tmp_path / 'audit.db'}")
    holder, watcher = make_watcher(prompts_dir, store)

    async def scenario():
        await watcher.start()
        assert await watcher.poll_once() is None  # nothing changed yet
        labels = prompts_dir / "advisor_qa" / "labels.yaml"
        labels.write_text(labels.read_text().replace("staging: v2", "staging: {v1: 50, v2: 50}"))
        return await watcher.poll_once()

    changes = asyncio.run(scenario())
    assert [(c["label"], c["old"], c["new"]) for c in changes] == [("staging", "v2", {"v1": 50, "v2": 50})]
    assert holder.current.get("advisor_qa").labels["staging"].splits == (("v1", 50), ("v2", 50))
    payloads = audit_payloads(store)
    reload = [p for p in payloads if p["reason"] == "reload"]
    assert len(reload) == 1 and reload[0]["git_commit"] == head and reload[0]["git_dirty"] is True
    assert reload[0]["old"] == "v2" and reload[0]["new"] == {"v1": 50, "v2": 50}
    assert verify_audit(store)[0]


def test_edits_made_while_the_gateway_was_down_are_recorded_at_start(prompts_dir, tmp_path):
    store = EvaluationStore(f"sqlite:///{tmp_path / 'audit.db'}")
    _, first = make_watcher(prompts_dir, store)
    asyncio.run(first.start())
    initial = audit_payloads(store)
    assert {(p["label"], p["old"], p["new"]) for p in initial} == {("production", None, "v1"), ("staging", None, "v2")}
    assert all(p["git_commit"] is None for p in initial)  # tmp folder: not a git checkout

    _, unchanged = make_watcher(prompts_dir, store)
    asyncio.run(unchanged.start())
    assert len(audit_payloads(store)) == 2  # a restart with the same labels records nothing

    labels = prompts_dir / "advisor_qa" / "labels.yaml"
    labels.write_text(labels.read_text().replace("production: v1", "production: v2"))
    _, restarted = make_watcher(prompts_dir, store)
    asyncio.run(restarted.start())
    latest = audit_payloads(store)[-1]
    assert (latest["label"], latest["old"], latest["new"], latest["reason"]) == ("production", "v1", "v2", "startup")


def test_a_reload_that_breaks_the_lock_is_refused(prompts_dir):
    holder = RegistryHolder(PromptRegistry.load(prompts_dir))
    v2 = prompts_dir / "advisor_qa" / "v2.yaml"
    v2.write_text(v2.read_text() + "\n# edited\n")
    assert holder.reload_if_changed() is None
    assert str(v2) in holder.last_error and holder.current.get("advisor_qa").versions["v2"].released
