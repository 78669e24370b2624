"""The CI gate: an experiment passes when every metric with a threshold meets it and, given a
baseline, no quality metric falls more than ``tolerance`` below the baseline's value.

``--baseline production`` means the newest finished experiment on the same set and route whose
prompt hash is the version the prompt's ``production`` label points at now.
"""

from __future__ import annotations

from typing import Any

from ..errors import ConfigError
from .experiments import get_experiment, list_experiments, set_gate
from .metrics import METRICS, format_value


def check(experiment: dict, thresholds: dict[str, float], baseline: dict | None, tolerance: float) -> dict:
    failures: list[dict[str, Any]] = []
    summary = experiment.get("summary") or {}
    for metric, limit in thresholds.items():
        value = summary.get(metric, {}).get("value")
        if value is None:
            failures.append({"metric": metric, "reason": f"{metric}: no value (every case missing); threshold {limit}"})
            continue
        ok = value >= limit if METRICS[metric].higher_is_better else value <= limit
        if not ok:
            word = "below" if METRICS[metric].higher_is_better else "above"
            failures.append(
                {
                    "metric": metric,
                    "reason": f"{metric} {format_value(metric, value)} is {word} its threshold {limit}",
                    "value": value,
                    "threshold": limit,
                }
            )
    errors = summary.get("error_rate", {}).get("value")
    if errors and "error_rate" not in thresholds:  # an incomplete run never passes by default
        failures.append(
            {
                "metric": "error_rate",
                "reason": f"{errors:.1%} of the calls failed (upstream errors or timeouts); the experiment is "
                "incomplete (set thresholds.error_rate to tolerate some)",
                "value": errors,
            }
        )
    if baseline is not None:
        base = baseline.get("summary") or {}
        for metric, spec in METRICS.items():
            if not spec.quality:
                continue
            a, b = base.get(metric, {}).get("value"), summary.get(metric, {}).get("value")
            if a is None or b is None:
                continue
            if b < a - tolerance - 1e-9:
                failures.append(
                    {
                        "metric": metric,
                        "reason": (
                            f"{metric} fell from {a:.3f} (baseline {baseline['id']}) to {b:.3f}, "
                            f"more than the tolerance {tolerance}"
                        ),
                        "value": b,
                        "baseline": a,
                    }
                )
    return {
        "passed": not failures,
        "failures": failures,
        "baseline": baseline["id"] if baseline else None,
        "tolerance": tolerance,
        "thresholds": thresholds,
    }


def production_hash(settings, route_name: str) -> tuple[str, str]:
    """(ref, hash) of the version the route prompt's production label points at (its champion)."""
    from ..prompts.registry import PromptRegistry

    route = settings.route(route_name)
    if route is None or not route.prompt:
        raise ConfigError(f"--baseline production: route '{route_name}' has no prompt")
    name = route.prompt.split("@")[0]
    registry = PromptRegistry.load(settings.prompts_dir)
    pv = registry.resolve(f"{name}@production", bucket_key="eval", require_released=False).version
    return pv.ref, pv.hash


def find_baseline(
    store, settings, spec: str, *, set_name: str, route: str, run: list[dict] | None = None, exclude: str | None = None
) -> dict | None:
    """The baseline experiment for ``--baseline SPEC``: an experiment id, or ``production``. For
    ``production`` an experiment of this same run with the production version wins (``-p
    NAME@production -p NAME@v3 --baseline production``), else the newest stored one. ``exclude``
    is the experiment being gated (never its own baseline). None: no such experiment yet."""
    if spec != "production":
        return get_experiment(store, spec)
    _ref, prompt_hash = production_hash(settings, route)
    for exp in run or []:
        if exp["prompt_hash"] == prompt_hash and exp["id"] != exclude:
            return exp
    own = {e["id"] for e in run or []}
    for exp in list_experiments(store, set_name=set_name, route=route, prompt_hash=prompt_hash, limit=20):
        if exp["id"] not in own:
            return get_experiment(store, exp["id"])
    return None


def require_baseline(store, settings, spec: str, *, set_name: str, route: str, prompts: list[str | None]) -> None:
    """Before a run: fail fast when ``--baseline`` can have no experiment to compare with."""
    if spec != "production":
        get_experiment(store, spec, with_results=False)
        return
    ref, prompt_hash = production_hash(settings, route)
    if find_baseline(store, settings, spec, set_name=set_name, route=route) is not None:
        return
    runs_production = any(p and (p.endswith("@production") or p == ref) for p in prompts)
    if not runs_production:
        raise ConfigError(
            f"--baseline production: no finished experiment of {ref} on set '{set_name}' (route {route}); "
            f"run it first, or add `--prompt {ref}` to this run"
        )


def apply_gate(store, settings, experiments: list[dict], loaded, spec: str | None, tolerance: float | None) -> list:
    """Gate each experiment of a run; stores the verdict on its row. Returns (experiment, verdict,
    baseline) for each; an experiment that is its own production baseline is gated on thresholds."""
    tol = loaded.spec.tolerance if tolerance is None else tolerance
    out = []
    for exp in experiments:
        base = None
        if spec:
            base = find_baseline(
                store, settings, spec, set_name=exp["set_name"], route=exp["route"], run=experiments, exclude=exp["id"]
            )
            if base is not None and (base["id"] == exp["id"] or base["prompt_hash"] == exp["prompt_hash"]):
                base = None  # the production version itself: gated on its thresholds only
        verdict = check(exp, loaded.spec.thresholds, base, tol)
        exp["gate"] = verdict
        set_gate(store, exp["id"], verdict)
        out.append((exp, verdict, base))
    return out


def label_check(settings, version, requirement: str) -> str | None:
    """``prompts label --require-eval SET``: the version needs a finished experiment on SET (the set
    file as it is now: same name and hash) that meets the set's thresholds."""
    from ..store.db import EvaluationStore
    from .schema import load_eval_set, resolve_set_path

    loaded = load_eval_set(resolve_set_path(requirement, settings.eval_sets_dir))
    store = EvaluationStore(settings.store_url)
    for exp in list_experiments(store, set_name=loaded.name, prompt_hash=version.hash, limit=50):
        if exp["set_hash"] != loaded.hash:
            continue
        if check(exp, loaded.spec.thresholds, None, 0.0)["passed"]:
            return None
    return (
        f"no passing experiment of {version.ref} ({version.hash[:19]}) on {loaded.path} as it is now; "
        f"run `llmgateway eval run {loaded.path} --prompt {version.ref}` and meet its thresholds"
    )
