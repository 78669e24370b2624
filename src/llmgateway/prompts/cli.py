"""``llmgateway prompts …``: list, show, diff, lock, label, render.

The prompts folder is ``--prompts-dir``, else ``paths.prompts`` of the gateway config
(``--config``, ``$LLMGATEWAY_CONFIG`` or ./gateway.yaml), else ./prompts. Errors are printed as
``error: <file>:<line>: …`` with exit code 1.
"""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path

import typer

from ..cliutil import fail_on_errors
from ..errors import ConfigError
from .labelfile import VERSION_RE, format_label_value, parse_label_arg, set_label
from .lockfile import read_lock, short_hash, version_number, write_lock
from .registry import DEFAULT_LABEL, PromptRegistry, parse_ref
from .render import render_messages

app = typer.Typer(help="Prompt registry: versions, labels, the lock file, rendering.", no_args_is_help=True)

ConfigOpt = typer.Option(None, "--config", "-c", help="gateway.yaml (for paths.prompts)")
DirOpt = typer.Option(None, "--prompts-dir", help="the prompts folder (overrides the config)")


_fail_on_errors = fail_on_errors


def _root(config: str | None, prompts_dir: str | None) -> Path:
    if prompts_dir:
        return Path(prompts_dir)
    from ..config import load_settings

    return load_settings(config).prompts_dir


def _load(config, prompts_dir) -> PromptRegistry:
    return PromptRegistry.load(_root(config, prompts_dir))


@app.command("list")
@_fail_on_errors
def list_prompts(config: str | None = ConfigOpt, prompts_dir: str | None = DirOpt):
    """Every prompt with its versions (released or draft) and labels."""
    registry = _load(config, prompts_dir)
    if not registry.prompts:
        typer.echo(f"no prompts in {registry.root}")
    for name, prompt in sorted(registry.prompts.items()):
        versions = ", ".join(
            v + ("" if prompt.versions[v].released else " (draft)") for v in sorted(prompt.versions, key=version_number)
        )
        labels = ", ".join(
            f"{label}={format_label_value(list(lab.splits))}" for label, lab in sorted(prompt.labels.items())
        )
        typer.echo(f"{name}\tversions: {versions}\tlabels: {labels or '-'}")


@app.command("show")
@_fail_on_errors
def show(
    ref: str = typer.Argument(..., help="NAME, NAME@LABEL or NAME@vN"),
    config: str | None = ConfigOpt,
    prompts_dir: str | None = DirOpt,
):
    """One prompt's versions and labels, or one version's file (NAME@REF)."""
    registry = _load(config, prompts_dir)
    if "@" not in ref:
        prompt = registry.get(ref)
        for v in sorted(prompt.versions, key=version_number):
            pv = prompt.versions[v]
            labels = [label for label, lab in prompt.labels.items() if v in dict(lab.splits)]
            typer.echo(
                f"{v}\t{short_hash(pv.hash)}\t{'released' if pv.released else 'draft'}\t"
                f"{','.join(sorted(labels)) or '-'}\t{pv.description or ''}"
            )
        return
    name, target = parse_ref(ref)
    pv = registry.version(name, target)
    typer.echo(f"# {pv.ref}  {pv.hash}  {'released' if pv.released else 'draft (not in prompts.lock)'}  {pv.path}")
    typer.echo(pv.text.rstrip("\n"))


@app.command("diff")
@_fail_on_errors
def diff(name: str, version_a: str, version_b: str, config: str | None = ConfigOpt, prompts_dir: str | None = DirOpt):
    """Unified diff between two versions (or labels) of a prompt."""
    registry = _load(config, prompts_dir)
    a, b = registry.version(name, version_a), registry.version(name, version_b)
    lines = difflib.unified_diff(
        a.text.splitlines(keepends=True),
        b.text.splitlines(keepends=True),
        fromfile=f"{a.ref} ({short_hash(a.hash)})",
        tofile=f"{b.ref} ({short_hash(b.hash)})",
    )
    sys.stdout.write("".join(lines) or f"{a.ref} and {b.ref} are identical\n")


@app.command("lock")
@_fail_on_errors
def lock(
    config: str | None = ConfigOpt,
    prompts_dir: str | None = DirOpt,
    check: bool = typer.Option(False, "--check", help="only report; exit 1 if any version is unreleased"),
):
    """Release every new version: record its content hash in prompts.lock. Released files are
    immutable: a changed one is refused (restore it and add a new version instead)."""
    registry = _load(config, prompts_dir)  # refuses when a released file no longer matches
    current = read_lock(registry.root)
    new_lock = {name: dict(versions) for name, versions in current.items()}
    added = []
    for name, prompt in sorted(registry.prompts.items()):
        for v in sorted(prompt.versions, key=version_number):
            pv = prompt.versions[v]
            if not pv.released:
                new_lock.setdefault(name, {})[v] = pv.hash
                added.append(pv)
    if check:
        for pv in added:
            typer.echo(f"unreleased: {pv.ref} ({pv.path})")
        raise typer.Exit(1 if added else 0)
    if added:
        write_lock(registry.root, new_lock)
    for pv in added:
        typer.echo(f"released {pv.ref}  {pv.hash}")
    typer.echo(
        f"{registry.root / 'prompts.lock'}: {sum(len(v) for v in new_lock.values())} released versions, "
        f"{len(added)} new"
    )


@app.command("label")
@_fail_on_errors
def label(
    name: str,
    label_name: str = typer.Argument(..., metavar="LABEL"),
    version: str = typer.Argument(..., help="v3, or a canary split v3=90,v4=10"),
    config: str | None = ConfigOpt,
    prompts_dir: str | None = DirOpt,
    allow_unreleased: bool = typer.Option(False, help="let the label point at a draft (local dev)"),
    require_eval: str | None = typer.Option(
        None, "--require-eval", metavar="SET", help="refuse unless each version has a passing experiment on SET"
    ),
):
    """Point LABEL of prompt NAME at a version (or a canary split). A running gateway picks it up."""
    registry = _load(config, prompts_dir)
    prompt = registry.get(name)
    splits = parse_label_arg(version)
    for v, _weight in splits:
        if not VERSION_RE.match(v):
            raise ConfigError(f"'{v}' is not a version; versions are written v1, v2, …")
        pv = registry.version(name, v)
        if not pv.released and not allow_unreleased:
            raise ConfigError(f"{pv.ref} is not released; run `llmgateway prompts lock` first", file=str(pv.path))
        if require_eval:
            _require_eval(config, pv, require_eval)
    old = set_label(prompt.folder, label_name, format_label_value(splits))
    PromptRegistry.load(registry.root)  # the edited file must load; it does unless the split is malformed
    typer.echo(f"{name}@{label_name}: {old or '(none)'} -> {format_label_value(splits)}")
    _announce(config)


def _announce(config: str | None) -> None:
    """Tell every replica of a fleet (PostgreSQL LISTEN/NOTIFY) to re-read its prompts folder now."""
    from sqlalchemy.exc import SQLAlchemyError

    from ..config import load_settings
    from ..fleet.propagation import announce
    from ..store.db import EvaluationStore

    settings = load_settings(config)
    if not settings.store_url.startswith("postgresql"):
        return  # one node: its watcher polls the folder
    store = EvaluationStore(settings.store_url, migrate_schema=False)
    try:
        announce(store, "prompts")
    except SQLAlchemyError as exc:
        typer.echo(
            f"warning: could not notify the fleet ({exc.__class__.__name__}); replicas pick the change up "
            "at their next poll (prompts.reload_interval_s)",
            err=True,
        )
    finally:
        store.engine.dispose()


def _require_eval(config: str | None, version, requirement: str) -> None:
    """Ask the capabilities that gate label moves (evals: a passing experiment on the set)."""
    from ..config import load_settings
    from ..plugins import load_plugins

    checks = [p.label_check for p in load_plugins() if p.label_check]
    if not checks:
        raise ConfigError("--require-eval: no installed capability checks label moves (the evals plugin)")
    settings = load_settings(config)
    for check in checks:
        refusal = check(settings, version, requirement)
        if refusal:
            raise ConfigError(f"refusing to move the label to {version.ref}: {refusal}")


@app.command("render")
@_fail_on_errors
def render(
    ref: str = typer.Argument(..., help="NAME, NAME@LABEL or NAME@vN"),
    var: list[str] = typer.Option([], "--var", help="k=v: question, sources, today, or a declared variable"),
    user: str | None = typer.Option(None, help="the caller's user, for a canary split"),
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
    config: str | None = ConfigOpt,
    prompts_dir: str | None = DirOpt,
):
    """Print exactly what would be sent upstream for REF with these values."""
    registry = _load(config, prompts_dir)
    values = {}
    for item in var:
        key, sep, value = item.partition("=")
        if not sep:
            raise ConfigError(f"--var '{item}' is not k=v")
        values[key.strip()] = value
    name, target = parse_ref(ref)
    resolution = registry.resolve(ref, bucket_key=user)
    pv = resolution.version
    builtin = {k: values.pop(k) for k in ("question", "sources", "today") if k in values}
    messages = render_messages(
        pv,
        question=builtin.get("question", ""),
        today=builtin.get("today"),
        sources_text=builtin.get("sources"),
        variables=values,
    )
    head = {
        "name": pv.name,
        "version": pv.version,
        "hash": pv.hash,
        "role": resolution.role,
        "label": resolution.label or (None if VERSION_RE.match(target) else DEFAULT_LABEL),
        "released": pv.released,
        "model": pv.model,
        "params": pv.params,
    }
    if as_json:
        typer.echo(json.dumps({"prompt": head, "messages": messages}, indent=2, ensure_ascii=False))
        return
    via = f"label {resolution.label}" if resolution.label else "pinned version"
    typer.echo(
        f"# {pv.ref} {short_hash(pv.hash)} ({resolution.role}, {via}"
        f"{'' if pv.released else ', DRAFT'}) model={pv.model or '(route default)'} params={json.dumps(pv.params)}"
    )
    for message in messages:
        typer.echo(f"--- {message['role']} ---")
        typer.echo(message["content"])
