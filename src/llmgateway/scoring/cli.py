"""``llmgateway scorer``: the scorer as its own process, plus scoring tools.

llmgateway scorer --config gateway.yaml            # run until Ctrl-C (several may share a PostgreSQL store)
llmgateway scorer --config gateway.yaml --once     # score what is pending, then exit
llmgateway scorer status --config gateway.yaml     # lag: pending count, oldest pending age
llmgateway scorer drift ROUTE --config gateway.yaml
llmgateway scorer evaluate eval_sets/factuality_labelled.yaml   # balanced accuracy of the scorer
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal

import typer

from ..errors import ConfigError

app = typer.Typer(
    help="Score stored traces (factuality, drift, alerts) outside the gateway.",
    invoke_without_command=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
ConfigOption = typer.Option(None, "--config", "-c", help="gateway.yaml (default: $LLMGATEWAY_CONFIG, ./gateway.yaml)")


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _service(config: str | None):
    from ..config import load_settings
    from ..embeddings import Embedder
    from ..store.db import EvaluationStore
    from .service import ScoringService

    try:
        settings = load_settings(config)
        store = EvaluationStore(settings.store_url)
    except ConfigError as exc:
        _fail(str(exc))
    # `embeddings.threads` (default 1), as the in-gateway scorer: on a busy 2-core machine a second
    # torch thread made the scorer 1.3-3x slower (bench/bench_scorer.py --threads 1 vs 2).
    return ScoringService(settings, settings.scoring, store, Embedder(threads=settings.embeddings.threads))


@app.callback()
def run(
    ctx: typer.Context,
    config: str | None = ConfigOption,
    once: bool = typer.Option(False, "--once", help="score every pending trace, then exit"),
    log_level: str = typer.Option("info", help="debug | info | warning | error"),
):
    """Run the scorer worker against the store named in the config."""
    if ctx.invoked_subcommand is not None:
        return
    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    svc = _service(config)
    if once:
        total = 0
        while True:
            handled = svc.worker.run_once()
            if not handled:
                break
            total += handled
        typer.echo(json.dumps({"scored": total, **svc.worker.lag()}, default=str))
        return

    async def main():
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        logging.getLogger("llmgateway.scoring").info("scorer %s started on %s", svc.worker.worker_id, svc.store.dialect)
        await svc.worker.run_forever(stop)

    asyncio.run(main())


@app.command()
def status(config: str | None = ConfigOption):
    """Print the scoring lag and alert states as JSON."""
    svc = _service(config)
    typer.echo(json.dumps(svc.status(), indent=2, default=str))


@app.command()
def drift(
    route: str,
    config: str | None = ConfigOption,
    window: int | None = typer.Option(None, help="current window size (default scoring.drift.window)"),
):
    """Compute drift of a route's queries and answers now, as JSON."""
    svc = _service(config)
    typer.echo(json.dumps(svc.drift.check(route, window), indent=2, default=str))


@app.command()
def evaluate(
    path: str = typer.Argument(
        ..., help="labelled items: our YAML set, or JSONL/YAML {question?, contexts, answer, label}"
    ),
    split: str | None = typer.Option(None, help="only this split (dev | holdout)"),
    threshold: float | None = typer.Option(None, help="answer verdict threshold (default: scoring.factuality)"),
    config: str | None = ConfigOption,
    as_json: bool = typer.Option(False, "--json", help="print the full report as JSON"),
    show_wrong: bool = typer.Option(True, "--wrong/--no-wrong", help="list the misjudged items"),
):
    """Balanced accuracy, precision/recall of "unsupported" and errors by kind of the factuality scorer."""
    from ..embeddings import Embedder
    from .evalset import evaluate as run_eval
    from .evalset import reliability
    from .service import factuality_scorer

    try:
        scoring = _scoring_settings(config)
        if threshold is not None:
            scoring.factuality.threshold = threshold
        report = run_eval(factuality_scorer(Embedder(threads=os.cpu_count() or 1), scoring.factuality), path, split)
    except ConfigError as exc:
        _fail(str(exc))
    curve = reliability(report.scores)
    if as_json:
        typer.echo(json.dumps(report.to_dict() | {"reliability": curve}, indent=2))
        return
    typer.echo(
        f"balanced accuracy {report.balanced_accuracy:.3f} on {report.n} items "
        f"(supported: {report.true_positive}/{report.true_positive + report.false_negative} recognised, "
        f"unsupported: {report.true_negative}/{report.true_negative + report.false_positive} caught"
        + (f", {report.not_scored} not scored" if report.not_scored else "")
        + ")"
    )
    typer.echo(f'"unsupported": precision {report.precision_unsupported:.3f}, recall {report.recall_unsupported:.3f}')
    typer.echo("errors by kind (unsupported items):")
    for kind, c in report.errors_by_kind.items():
        typer.echo(f"  {kind:<12} caught {c['caught']:>3}  missed {c['missed']:>3}")
    typer.echo("accuracy by item kind:")
    for kind, (ok, n) in report.by_kind.items():
        typer.echo(f"  {kind:<12} {ok}/{n}")
    typer.echo("reliability (score bin: mean score → share supported):")
    for b in curve:
        typer.echo(f"  {b['bin']}  n={b['n']:<4} {b['mean_score']:.2f} → {b['supported_rate']:.2f}")
    if show_wrong:
        for m in report.misjudged:
            typer.echo(
                f"  wrong: {m['id']} (label {'supported' if m['label'] else 'unsupported'}): "
                f"{'; '.join(r for r in m['reasons'] if r) or 'judged supported'}"
            )


def _scoring_settings(config: str | None):
    """The ``scoring`` section of --config / $LLMGATEWAY_CONFIG / ./gateway.yaml (defaults without one)."""
    from ..config import load_settings

    return load_settings(config).scoring.model_copy(deep=True)
