"""``eval run``: every case of a set through the gateway, concurrently, as one experiment per prompt.

For each prompt ref (or the route's own prompt): create the experiment row (set and hash, route,
prompt version and hash, model, git commit), send the cases (``concurrency`` at a time, a progress
bar with an ETA), read their trace rows back, grade them (grading.py), and finish the row with the
per-case results and the summary. The gateway is started once for all prompts.
"""

from __future__ import annotations

import asyncio
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError, GatewayError
from .experiments import create_experiment, finish_experiment, get_experiment
from .grading import add_factuality, add_ragas, grade_call
from .metrics import summarize
from .progress import ProgressBar
from .schema import LoadedSet
from .targets import InProcessGateway, RemoteGateway, new_experiment_id


@dataclass
class RunOptions:
    route: str
    prompts: list[str | None] = field(default_factory=lambda: [None])  # None: the route's own prompt
    concurrency: int | None = None  # None: default_concurrency()
    url: str | None = None
    api_key: str | None = None
    ragas: bool | None = None  # None: as scoring.ragas.enabled says
    progress: bool = True
    app_kwargs: dict = field(default_factory=dict)  # tests inject upstream/embedder here


def default_concurrency(settings, route) -> int:
    """Cases in flight: 4, or 2 when the route's model is the local llama.cpp server, which answers
    one request at a time (a second case keeps the rails and retrieval busy meanwhile; more would
    only queue at the model and eat into its timeout)."""
    lm = settings.local_model
    local = f"{lm.host}:{lm.port}"
    for d in settings.models:
        if d.model_name == route.model and lm.enabled and local in (d.litellm_params.api_base or ""):
            return 2
    return 4


def git_commit(where: Path) -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=where, capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip()[:40] or None


def _resolve_prompt(settings, route, ref: str | None) -> dict:
    """What the prompt ref points at now (the traces confirm it after the run)."""
    ref = ref or route.prompt
    if not ref:
        return {"prompt_ref": None}
    from ..prompts.registry import PromptRegistry

    registry = PromptRegistry.load(settings.prompts_dir)
    default_name = route.prompt.split("@")[0] if route.prompt else None
    resolution = registry.resolve(ref, bucket_key="eval", default_name=default_name, require_released=False)
    pv = resolution.version
    return {"prompt_ref": ref, "prompt_name": pv.name, "prompt_version": pv.version, "prompt_hash": pv.hash}


def _most_common(traces: list[dict], key: str):
    values = Counter(t.get(key) for t in traces if t and t.get(key))
    return values.most_common(1)[0][0] if values else None


def _scoring_parts(settings, embedder, use_ragas: bool | None):
    from ..scoring.ragas_judge import default_base_url
    from ..scoring.service import factuality_scorer
    from .judge import EvalJudge

    scoring = settings.scoring
    f = scoring.factuality
    scorer = factuality_scorer(embedder, f)  # the scorer exactly as gateway.yaml configures it
    enabled = scoring.ragas.enabled if use_ragas is None else use_ragas
    judge: EvalJudge | str
    if not enabled:
        judge = "judge off (scoring.ragas.enabled is false; pass --ragas to use it)"
    else:
        judge = EvalJudge(scoring.ragas, default_base_url(settings), embedder)
    return scorer, judge, {"ragas": enabled, "judge_model": scoring.ragas.model if enabled else None}


async def _run_one(target, settings, loaded: LoadedSet, options: RunOptions, ref, store, scorer, judge, info) -> dict:
    route = settings.route(options.route)
    concurrency = options.concurrency or default_concurrency(settings, route)
    experiment_id = new_experiment_id()
    prompt = _resolve_prompt(settings, route, ref)
    create_experiment(
        store,
        id=experiment_id,
        set_name=loaded.name,
        set_path=str(loaded.path),
        set_hash=loaded.hash,
        route=route.name,
        model=route.model,
        target=target.target,
        git_commit=git_commit(loaded.path.resolve().parent),
        case_count=len(loaded.cases),
        thresholds=loaded.spec.thresholds or None,
        settings={"concurrency": concurrency, **info},
        **prompt,
    )
    label = f"{loaded.name} · {prompt.get('prompt_ref') or route.name}"
    bar = ProgressBar(len(loaded.cases), label, enabled=options.progress)
    semaphore = asyncio.Semaphore(concurrency)

    async def one(case):
        async with semaphore:
            result = await target.call(route.name, case, experiment_id, ref)
        bar.advance()
        return result

    try:
        calls = await asyncio.gather(*(one(case) for case in loaded.cases))
    except BaseException:
        finish_experiment(store, experiment_id, [], status="failed")
        raise
    finally:
        bar.close()
    found = await target.traces(experiment_id, [c.trace_id for c in calls if c.trace_id])
    traces = [found.get(c.trace_id) if c.trace_id else None for c in calls]
    results = [grade_call(i, case, t, c.error) for i, (case, t, c) in enumerate(zip(loaded.cases, traces, calls))]
    contexts = [c.contexts for c in calls]
    await asyncio.to_thread(add_factuality, results, traces, contexts, scorer)
    await add_ragas(results, traces, contexts, loaded.cases, judge)
    answered = [t for t in traces if t]
    finish_experiment(
        store,
        experiment_id,
        results,
        status="done",
        summary=summarize([r["metrics"] for r in results]),
        prompt_name=_most_common(answered, "prompt_name") or prompt.get("prompt_name"),
        prompt_version=_most_common(answered, "prompt_version") or prompt.get("prompt_version"),
        prompt_hash=_most_common(answered, "prompt_hash") or prompt.get("prompt_hash"),
        policy_hash=_most_common(answered, "policy_hash"),
        model=_most_common(answered, "response_model") or _most_common(answered, "model") or route.model,
    )
    return get_experiment(store, experiment_id)


async def run_experiments(settings, loaded: LoadedSet, options: RunOptions, store) -> list[dict]:
    """One experiment per entry of ``options.prompts``; returns them with their results."""
    if settings.route(options.route) is None:
        known = ", ".join(r.name for r in settings.routes) or "(none)"
        raise ConfigError(f"--route: unknown route '{options.route}'; allowed: {known}")
    target: RemoteGateway | InProcessGateway
    if options.url:
        target = RemoteGateway(options.url, options.api_key)
    else:
        # The run scores its own cases (no background scorer), and a draft version may be evaluated
        # before it is released: that is what an eval is for (the experiment records its hash).
        worker = settings.scoring.worker.model_copy(update={"enabled": False})
        scoring = settings.scoring.model_copy(update={"worker": worker})
        prompts = settings.prompts.model_copy(update={"serve_unreleased": True})
        in_process = settings.model_copy(update={"scoring": scoring, "prompts": prompts})
        target = InProcessGateway(in_process, store=store, **options.app_kwargs)
    experiments = []
    async with target:
        embedder = target.components.embedder if isinstance(target, InProcessGateway) else None
        if embedder is None:
            from ..embeddings import Embedder

            embedder = Embedder()
        scorer, judge, info = _scoring_parts(settings, embedder, options.ragas)
        try:
            for ref in options.prompts:
                try:
                    experiments.append(
                        await _run_one(target, settings, loaded, options, ref, store, scorer, judge, info)
                    )
                except GatewayError as exc:
                    raise ConfigError(f"prompt {ref}: {exc.message}") from None
        finally:
            if not isinstance(judge, str):
                await judge.aclose()
    return experiments
