"""``llmgateway eval validate|run|compare|add|list`` and ``llmgateway report``.

Exit codes: 0 ok; 1 the gate failed (a metric below its threshold or below the baseline) or a
file/option is invalid (``error: file:line: …``).
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import typer

from ..cliutil import fail_on_errors
from ..errors import ConfigError

app = typer.Typer(
    help="Eval sets: validate, run as experiments, compare, gate, grow from traces.", no_args_is_help=True
)
ConfigOpt = typer.Option(None, "--config", "-c", help="gateway.yaml (default: $LLMGATEWAY_CONFIG, ./gateway.yaml)")


def _settings(config: str | None):
    from ..config import load_settings

    return load_settings(config)


def _store(settings):
    from ..store.db import EvaluationStore

    return EvaluationStore(settings.store_url)


def _write_outputs(output: str | None, html: str | None, experiments: list[dict], comparisons: list[dict]) -> None:
    if output:
        Path(output).write_text(
            json.dumps({"experiments": experiments, "comparisons": comparisons}, indent=2, default=str),
            encoding="utf-8",
        )
        typer.echo(f"wrote {output}")
    if html:
        from .report_html import render_report

        Path(html).write_text(render_report(experiments, comparisons), encoding="utf-8")
        typer.echo(f"wrote {html}")


@app.command("validate")
@fail_on_errors
def validate(paths: list[str] = typer.Argument(..., help="eval set files")):
    """Check eval set files: errors name the file, line, key and what is allowed."""
    from .schema import load_eval_set

    for path in paths:
        loaded = load_eval_set(path)
        outcomes: dict[str, int] = {}
        for case in loaded.cases:
            outcomes[case.expect] = outcomes.get(case.expect, 0) + 1
        counts = ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
        typer.echo(f"{path}: ok — {len(loaded.cases)} cases ({counts}); thresholds: {loaded.spec.thresholds or '-'}")


@app.command("run")
@fail_on_errors
def run(
    path: str = typer.Argument(..., help="an eval set, e.g. eval_sets/advisor_research.yaml"),
    route: str | None = typer.Option(None, "--route", "-r", help="route to evaluate (default: the set's route)"),
    prompt: list[str] = typer.Option([], "--prompt", "-p", help="NAME@REF (repeat to compare versions)"),
    url: str | None = typer.Option(None, "--url", help="a running gateway (default: in process)"),
    api_key: str | None = typer.Option(None, "--api-key", envvar="LLMGATEWAY_API_KEY", help="key for --url"),
    concurrency: int | None = typer.Option(
        None, "--concurrency", "-j", min=1, max=64, help="cases in flight (default 4; 2 on the local model)"
    ),
    output: str | None = typer.Option(None, "--output", "-o", help="write experiments (+comparison) as JSON"),
    html: str | None = typer.Option(None, "--html", help="write a self-contained HTML report"),
    baseline: str | None = typer.Option(None, "--baseline", help="EXPERIMENT_ID or 'production'"),
    tolerance: float | None = typer.Option(None, "--tolerance", help="allowed drop vs baseline (default: the set's)"),
    ragas: bool | None = typer.Option(None, "--ragas/--no-ragas", help="ragas judge (default: scoring.ragas.enabled)"),
    progress: bool = typer.Option(True, "--progress/--no-progress"),
    config: str | None = ConfigOpt,
):
    """Run every case through the real pipeline as one experiment per prompt; print scores,
    comparisons and the gate; exit 1 when the gate fails."""
    from .compare import compare, format_comparison
    from .gate import apply_gate, require_baseline
    from .runner import RunOptions, run_experiments
    from .schema import load_eval_set, resolve_set_path

    settings = _settings(config)
    loaded = load_eval_set(resolve_set_path(path, settings.eval_sets_dir))
    route = route or loaded.spec.route
    if not route:
        raise ConfigError("--route is required (the set names no 'route')")
    store = _store(settings)
    if baseline:
        require_baseline(store, settings, baseline, set_name=loaded.name, route=route, prompts=list(prompt))
    options = RunOptions(
        route=route,
        prompts=list(prompt) or [None],
        concurrency=concurrency,
        url=url,
        api_key=api_key,
        ragas=ragas,
        progress=progress,
    )
    experiments = asyncio.run(run_experiments(settings, loaded, options, store))
    for exp in experiments:
        typer.echo(format_summary(exp))
    comparisons = [compare(experiments[0], other) for other in experiments[1:]]
    for comparison in comparisons:
        typer.echo("\n" + format_comparison(comparison))
    gated = apply_gate(store, settings, experiments, loaded, baseline, tolerance)
    failed = _print_gate(gated, bool(loaded.spec.thresholds))
    _write_outputs(output, html, experiments, comparisons)
    if failed:
        raise typer.Exit(1)


def _print_gate(gated: list, gated_anything: bool) -> bool:
    failed = False
    for exp, verdict, base in gated:
        if not gated_anything and base is None and verdict["passed"]:
            continue  # nothing was asked of this run, and nothing went wrong
        label = f"{exp['id']} ({exp.get('prompt_name') or exp['route']}@{exp.get('prompt_version') or '-'})"
        if verdict["passed"]:
            against = f" and baseline {base['id']}" if base else ""
            typer.echo(f"\ngate: PASS {label}: thresholds met{against}")
        else:
            failed = True
            typer.echo(f"\ngate: FAIL {label}")
            for f in verdict["failures"]:
                typer.echo(f"  - {f['reason']}")
    return failed


def format_summary(exp: dict) -> str:
    from .metrics import METRICS, format_value

    prompt = f"{exp.get('prompt_name')}@{exp.get('prompt_version')}" if exp.get("prompt_name") else "(no prompt)"
    lines = [
        f"\nexperiment {exp['id']}: set {exp['set_name']} ({len(exp['results'])} cases) · route {exp['route']} · "
        f"{prompt} {(exp.get('prompt_hash') or '')[:19]} · model {exp.get('model')} · {exp.get('duration_s')}s",
        f"{'metric':<26}{'value':>10}{'n':>5}{'missing':>9}  why missing (first reason)",
    ]
    for name, figure in (exp.get("summary") or {}).items():
        reason = ""
        if figure["missing"]:
            reasons = [r["missing"].get(name) for r in exp["results"] if (r.get("missing") or {}).get(name)]
            reason = (reasons[0] or "")[:70] if reasons else ""
        lines.append(
            f"{METRICS[name].name:<26}{format_value(name, figure['value']):>10}{figure['n']:>5}{figure['missing']:>9}  {reason}"
        )
    wrong = [r for r in exp["results"] if (r.get("metrics") or {}).get("guardrail_accuracy") == 0.0]
    if wrong:
        lines.append(
            "guardrail outcome wrong: "
            + ", ".join(f"{r['case_id']} (expected {r['expected_outcome']}, got {r['outcome']})" for r in wrong[:8])
            + (" …" if len(wrong) > 8 else "")
        )
    return "\n".join(lines)


@app.command("compare")
@fail_on_errors
def compare_cmd(
    experiment_a: str = typer.Argument(..., help="baseline experiment id"),
    experiment_b: str = typer.Argument(..., help="candidate experiment id"),
    html: str | None = typer.Option(None, "--html", help="write a self-contained HTML report"),
    output: str | None = typer.Option(None, "--output", "-o", help="write the comparison as JSON"),
    config: str | None = ConfigOpt,
):
    """Per-metric deltas with a paired bootstrap 95% CI, and the cases that regressed."""
    from .compare import compare, format_comparison
    from .experiments import get_experiment

    store = _store(_settings(config))
    a, b = get_experiment(store, experiment_a), get_experiment(store, experiment_b)
    result = compare(a, b)
    typer.echo(format_comparison(result))
    _write_outputs(output, html, [a, b], [result])


@app.command("list")
@fail_on_errors
def list_cmd(
    set_name: str | None = typer.Option(None, "--set", help="only this set"),
    route: str | None = typer.Option(None, "--route"),
    limit: int = typer.Option(20, "--limit"),
    config: str | None = ConfigOpt,
):
    """Recent experiments, newest first."""
    from .experiments import list_experiments

    rows = list_experiments(_store(_settings(config)), set_name=set_name, route=route, status=None, limit=limit)
    for e in rows:
        gate = (e.get("gate") or {}).get("passed")
        typer.echo(
            f"{e['id']}  {e['started_at'][:19]}  {e['set_name']:<20} {e['route']:<10} "
            f"{(e.get('prompt_name') or '-')}@{e.get('prompt_version') or '-':<4} {e['status']:<7} "
            f"gate {'-' if gate is None else ('pass' if gate else 'FAIL')}"
        )


@app.command("add")
@fail_on_errors
def add(
    path: str = typer.Argument(..., help="the eval set to grow"),
    trace: str = typer.Option(..., "--trace", help="trace id of a real call"),
    expect: str | None = typer.Option(None, "--expect", help="pass | block | disclose | review | redact"),
    case_id: str | None = typer.Option(None, "--id", help="case id (default: from the trace id)"),
    reference: bool = typer.Option(
        False, "--reference/--no-reference", help="keep the answer as the reference (only for an approved answer)"
    ),
    as_key: str | None = typer.Option(None, "--as-key", help="read the trace as this key name sees it"),
    config: str | None = ConfigOpt,
):
    """Turn a real call into a case: its question, its sources, and (if approved) its answer as
    the reference. The trace is read as a viewer sees it: masked text stays masked."""
    from .from_traces import add_case_from_trace

    settings = _settings(config)
    case = add_case_from_trace(
        _store(settings),
        settings,
        Path(path),
        trace,
        expect=expect,
        case_id=case_id,
        keep_reference=reference,
        reader=as_key,
    )
    typer.echo(
        f"added case '{case['id']}' to {path} (expect {case['expect']}, {len(case.get('expected_sources', []))} sources)"
    )


report_app = typer.Typer(help="Model documentation for model-risk review.", invoke_without_command=True)


@report_app.callback()
@fail_on_errors
def report(
    route: str = typer.Option(..., "--route", "-r", help="the route to document"),
    since: str | None = typer.Option(None, "--since", help="start of the period (ISO date; default: 30 days ago)"),
    html: str | None = typer.Option(None, "--html", help="write a self-contained HTML report"),
    output: str | None = typer.Option(None, "--output", "-o", help="write the figures as JSON"),
    config: str | None = ConfigOpt,
):
    """What a model-risk reviewer asks for (SR 11-7 / EU AI Act style), every figure from the store."""
    from .modeldoc import build_model_doc, format_model_doc

    settings = _settings(config)
    doc = build_model_doc(_store(settings), settings, route, since)
    typer.echo(format_model_doc(doc))
    if output:
        Path(output).write_text(json.dumps(doc, indent=2, default=str), encoding="utf-8")
        typer.echo(f"wrote {output}")
    if html:
        from .modeldoc_html import render_model_doc

        Path(html).write_text(render_model_doc(doc), encoding="utf-8")
        typer.echo(f"wrote {html}")
