"""``llmgateway policy validate|test [DIR]`` and ``llmgateway audit verify``.

The policies folder is DIR, else ``paths.policies`` of the gateway config (``--config``,
``$LLMGATEWAY_CONFIG`` or ./gateway.yaml), else ./policies. ``policy test`` runs every rule's
``examples`` through the real validators (the same ``AsyncGuard`` the gateway runs) and exits 1
if any ``must_block`` example passes or any ``must_pass`` example is caught.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import typer

from ..cliutil import fail_on_errors

app = typer.Typer(help="Compliance policies: validate the YAML, test every rule's examples.", no_args_is_help=True)
audit_app = typer.Typer(help="The hash-chained audit trail.", no_args_is_help=True)

ConfigOpt = typer.Option(None, "--config", "-c", help="gateway.yaml (for paths.policies / store.url)")


@audit_app.callback()
def _audit_group() -> None:
    """The hash-chained audit trail: guardrail decisions, reviews, policy and prompt changes."""


DirArg = typer.Argument(None, help="the policies folder (default: paths.policies of the config, else ./policies)")


_fail_on_errors = fail_on_errors


def _directory(directory: str | None, config: str | None) -> Path:
    if directory:
        return Path(directory)
    from ..config import find_config_file, load_settings

    if find_config_file(config):
        return load_settings(config).policies_dir
    return Path("policies")


@app.command("validate")
@_fail_on_errors
def validate(directory: str | None = DirArg, config: str | None = ConfigOpt):
    """Check every policy file against the schema; errors name file:line, the key and what is allowed."""
    from .loader import load_policy_set

    pset = load_policy_set(_directory(directory, config))
    rules = sum(info["rules"] for info in pset.files.values())
    for name, info in sorted(pset.files.items()):
        typer.echo(f"ok  {name:<24} {info['rules']:>3} rules  {info['sha256'][:12]}")
    typer.echo(f"{len(pset.files)} policies, {rules} rules valid; policy set hash {pset.hash}")


@app.command("train")
@_fail_on_errors
def train_command(
    directory: str | None = DirArg,
    config: str | None = ConfigOpt,
    seed: int = typer.Option(15, "--seed", help="fixes the folds and the example bank: same data + seed = same model"),
    clean: bool = typer.Option(False, "--clean", help="retrain every group, even those whose digest is current"),
    group: str | None = typer.Option(
        None,
        "--group",
        help="train only this group (input, answer or ngram) and keep the other groups as they are;"
        " refused when a training file those heads read changed (ngram: the n-gram readers alone, seconds;"
        " classifier.npz is not touched)",
    ),
    unit_cache: str | None = typer.Option(
        None,
        "--unit-cache",
        help="folder keeping the input units' vectors across runs (default ~/.cache/llmgateway/input-units)",
    ),
):
    """Train the classifier rules on policies/training/*.yaml; print held-out precision and recall.

    Incremental: a group of heads (input, answer) whose data, rules, seed and recipe did not change
    since the existing artifact is reused as it is; the file equals a clean train's either way.
    Float kernels are pinned at AVX2 before torch loads (``kernels.py``): the widest kernels of the CPU
    gave other weights on another machine (shown across kernel caps on one CPU, not across CPUs)."""
    from .kernels import pin

    pinned = pin()
    from .loader import load_policy_set

    pset = load_policy_set(_directory(directory, config), classifier=False)
    if group != "ngram":
        _train_heads(pset, seed, clean, unit_cache, group, pinned)
    if group in (None, "ngram"):
        _train_ngrams(pset, seed)
    if group is None:
        typer.echo(f"policy set hash {load_policy_set(pset.directory).hash}")


def _train_ngrams(pset, seed: int) -> None:
    """The n-gram readers beside the window heads (``ngram_train.py``), when a rule asks for one."""
    if not any(r.classifier and r.classifier.ngram for p in pset.policies.values() for r in p.rules):
        return
    from .ngram_train import build_ngram

    path, digest, rules, seconds = build_ngram(pset, seed)
    for key, rule in sorted(rules.items()):
        held = rule.metrics.get("heldout", {})
        typer.echo(
            f"{key} (n-grams): threshold {rule.threshold:.2f}; held-out P {held.get('precision', float('nan')):.3f}"
            f" R {held.get('recall', float('nan')):.3f}"
        )
        _echo_threshold_rule(key, rule.threshold, rule.metrics)
    typer.echo(f"wrote {path} (sha256 {digest}) in {seconds:.0f} s")


def _echo_threshold_rule(key: str, threshold: float, metrics: dict) -> None:
    if "threshold_rule" in metrics:
        r = metrics["threshold_rule"]
        typer.echo(
            f"{key}: threshold {threshold:.2f} set by {r['bound']}: {r['over']} of {r['compliant']} compliant"
            f" training inputs score over it out of fold (budget {r['budget']:.1%}: {r['allowed']}),"
            f" {r['over_one_step_lower']} at {threshold - 0.01:.2f}; must_block bound {r['must_block_ceiling']:.2f}"
        )


def _train_heads(pset, seed: int, clean: bool, unit_cache: str | None, group: str | None, pinned: bool) -> None:
    from ..embeddings import Embedder
    from .loader import load_policy_set
    from .train import train
    from .unit_store import default_dir

    folder = Path(unit_cache) if unit_cache else default_dir()
    embedder = Embedder(threads=2)
    report = train(pset, embedder.embed, seed=seed, clean=clean, unit_cache=folder, only=group)
    for name, status in report.groups.items():
        typer.echo(f"{name} heads: {status}")
    if any(r.classifier and r.classifier.second_opinion for p in pset.policies.values() for r in p.rules):
        from .second_opinion import build

        # it reads the answer encoder just written
        path, digest, _ = build(load_policy_set(pset.directory, second_opinion=False), embedder)
        typer.echo(f"second opinion rebuilt: {path} (sha256 {digest[:16]}…)")
    if not pinned:
        typer.echo(
            "float kernels not pinned (torch was loaded first, or not x86): the bytes reproduce on this CPU only"
        )
    typer.echo(
        f"{'rule':<52} {'thr':>5}  {'held-out P':>10} {'R':>6} {'FPR':>6}  {'n(v/c)':>9}  {'train OOF P':>11} {'R':>6}"
    )
    for key, m in sorted(report.rules.items()):
        held, oof = m.get("heldout", {}), m["train_oof"]
        counts = f"{held.get('violations', 0)}/{held.get('compliant', 0)}"
        typer.echo(
            f"{key:<52} {m['threshold']:>5.2f}  {held.get('precision', float('nan')):>10.3f} "
            f"{held.get('recall', float('nan')):>6.3f} {held.get('false_positive_rate', float('nan')):>6.3f}  "
            f"{counts:>9}  {oof['precision']:>11.3f} {oof['recall']:>6.3f}"
        )
    for key, m in sorted(report.rules.items()):
        _echo_threshold_rule(key, m["threshold"], m)
    typer.echo(
        f"wrote {report.path} (sha256 {report.hash}) from training data {report.data_hash[:12]} in {report.seconds:.0f} s"
    )


@app.command("second-opinion")
@_fail_on_errors
def second_opinion_command(directory: str | None = DirArg, config: str | None = ConfigOpt):
    """Build policies/training/second_opinion.npz: the nearest-sentence vote and the linear heads that
    check the answer heads' grey band (rules with ``classifier.second_opinion``). Needs classifier.npz;
    rerun after `policy train` or a training-data edit (a stale one refuses to load)."""
    import time

    from .kernels import pin

    pin()  # the same float kernels as `policy train` (kernels.py)
    from ..embeddings import Embedder
    from .second_opinion import build

    started = time.time()
    from .loader import load_policy_set

    pset = load_policy_set(_directory(directory, config), second_opinion=False)
    path, digest, counts = build(pset, Embedder(threads=1))
    for key, count in sorted(counts.items()):
        typer.echo(f"{key:<52} {count:>5} violating training sentences")
    typer.echo(f"wrote {path} (sha256 {digest}) in {time.time() - started:.0f} s")


@app.command("test")
@_fail_on_errors
def test(
    directory: str | None = DirArg,
    config: str | None = ConfigOpt,
    verbose: bool = typer.Option(False, "--verbose", "-v", help="list every example, not only failures"),
):
    """Run every rule's must_block / must_pass examples through the validators; exit 1 on any failure."""
    from rich.console import Console
    from rich.table import Table

    from .examples import run_examples
    from .loader import load_policy_set

    pset = load_policy_set(_directory(directory, config))
    results = asyncio.run(run_examples(pset))
    console = Console(width=160)
    table = Table(title=f"policy test: {pset.directory} ({pset.hash[:12]})")
    for column in ("policy", "rule", "kind", "stage", "action", "must_block", "must_pass", "held-out P/R", "result"):
        table.add_column(column)
    failures: list = []
    for r in results:
        status = "SKIP" if r.skipped else ("PASS" if r.ok else "FAIL")
        table.add_row(
            r.policy,
            r.rule_id,
            r.kind,
            r.stage,
            r.action,
            f"{r.blocked_ok}/{r.blocked_total}",
            f"{r.passed_ok}/{r.passed_total}",
            f"{r.classifier['precision']:.2f}/{r.classifier['recall']:.2f}" if r.classifier else "-",
            f"[{'green' if r.ok else 'red'}]{status}[/]",
        )
        failures.extend((r, f) for f in r.failures)
    console.print(table)
    for r, (expected, text, found) in failures:
        console.print(
            f"[red]FAIL[/] {r.policy}/{r.rule_id}: expected {expected}, got {found}: {text!r}",
            markup=True,
            highlight=False,
        )
    if verbose:
        for r in results:
            for line in r.details:
                console.print(f"  {r.policy}/{r.rule_id}: {line}", markup=False, highlight=False)
    total = sum(r.blocked_total + r.passed_total for r in results)
    failed = len(failures)
    skipped = sum(1 for r in results if r.skipped)
    console.print(
        f"{total - failed}/{total} examples as expected; {failed} failed; "
        f"{len(results)} rules ({skipped} skipped: llm_judge is off)",
        markup=False,
    )
    if failed:
        raise typer.Exit(1)


@audit_app.command("verify")
@_fail_on_errors
def audit_verify(
    config: str | None = ConfigOpt,
    store_url: str | None = typer.Option(None, "--store-url", help="overrides store.url"),
):
    """Walk the hash chain; report the first edited, inserted or deleted entry (exit 1)."""
    from ..store.audit import verify_audit
    from ..store.db import EvaluationStore

    if not store_url:
        from ..config import load_settings

        store_url = load_settings(config).store_url
    store = EvaluationStore(store_url)
    try:
        ok, first_bad, message = verify_audit(store)
    finally:
        store.close()
    if ok:
        typer.echo(message)
        return
    typer.echo(f"BROKEN at entry {first_bad}: {message}", err=True)
    raise typer.Exit(1)
