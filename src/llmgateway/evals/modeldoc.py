"""``llmgateway report --route R``: the model documentation a model-risk reviewer asks for
(SR 11-7 / EU AI Act style), every figure read from the evaluation store or the files in service.

Traffic figures (status counts, guardrail rates by rule, factuality, incidents) count the route's
production calls in the period: traces of eval experiments (``experiment_id`` set) and shadow
calls are left out, so an eval run does not move the production figures.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from urllib.parse import urlparse

from sqlalchemy import select

from ..errors import ConfigError
from ..store.models import Trace
from .experiments import list_experiments

TREND_METRICS = ("guardrail_accuracy", "factuality", "hit_rate", "mrr")


def _since(value: str | None) -> datetime:
    if not value:
        return datetime.now(UTC) - timedelta(days=30)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ConfigError(f"--since '{value}' is not a date; expected ISO 8601, e.g. 2026-11-01") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _models(settings, route) -> list[dict]:
    groups = [route.model] + [
        t for rule in settings.fallbacks for k, ts in rule.items() if k == route.model for t in ts
    ]
    out = []
    for group in groups:
        for d in settings.models:
            if d.model_name == group:
                base = d.litellm_params.api_base
                out.append(
                    {
                        "model_name": group,
                        "model": d.litellm_params.model,
                        "endpoint": urlparse(base).netloc if base else "(provider default)",
                        "role": "primary" if group == route.model else "fallback",
                    }
                )
    return out


def _prompts(settings, route) -> list[dict]:
    if not route.prompt:
        return []
    from ..prompts.registry import PromptRegistry

    name = route.prompt.split("@")[0]
    registry = PromptRegistry.load(settings.prompts_dir)
    prompt = registry.get(name)
    rows = []
    for label, lab in sorted(prompt.labels.items()):
        for version, weight in lab.splits:
            pv = prompt.versions[version]
            rows.append(
                {
                    "prompt": name,
                    "label": label,
                    "version": version,
                    "weight": weight,
                    "hash": pv.hash,
                    "released": pv.released,
                }
            )
    return rows


def _policies(settings, route) -> dict:
    if not route.policies:
        return {"hash": None, "files": []}
    from ..guardrails.loader import load_policy_set

    pset = load_policy_set(settings.policies_dir)
    files = [{"policy": n, "sha256": pset.files.get(n, {}).get("sha256")} for n in route.policies]
    return {"hash": pset.hash, "files": files}


def _traffic(store, route: str, since: datetime) -> dict:
    with store.session() as session:
        rows = session.execute(
            select(
                Trace.status,
                Trace.guardrails,
                Trace.scores,
                Trace.error,
                Trace.prompt_version,
                Trace.prompt_hash,
                Trace.policy_hash,
                Trace.response_model,
            ).where(
                Trace.route == route,
                Trace.created_at >= since,
                Trace.experiment_id.is_(None),
                Trace.parent_trace_id.is_(None),
            )
        ).all()
    total = len(rows)
    status = Counter(r.status for r in rows)
    by_rule: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        seen = {(f"{v.get('policy')}/{v.get('rule_id')}", v.get("action")) for v in r.guardrails or []}
        for rule, action in seen:
            by_rule[rule][action] += 1
    rules = [
        {"rule": rule, "action": action, "traces": n, "rate": round(n / total, 4) if total else None}
        for rule, counts in sorted(by_rule.items())
        for action, n in sorted(counts.items())
    ]
    fact = [
        (r.scores or {}).get("factuality", {}).get("score")
        for r in rows
        if isinstance((r.scores or {}).get("factuality"), dict)
    ]
    fact = [f for f in fact if f is not None]
    errors = Counter((r.error or "")[:120] for r in rows if r.status == "error")
    return {
        "traces": total,
        "status": dict(sorted(status.items())),
        "block_rate": round((status["blocked"] + status["filtered"]) / total, 4) if total else None,
        "review_rate": round(status["review"] / total, 4) if total else None,
        "rules": rules,
        "factuality": {"scored": len(fact), "mean": round(sum(fact) / len(fact), 4) if fact else None},
        "prompt_versions": [
            {"version": v, "hash": h, "traces": n}
            for (v, h), n in Counter((r.prompt_version, r.prompt_hash) for r in rows if r.prompt_version).most_common()
        ],
        "policy_hashes": [
            {"hash": h, "traces": n} for h, n in Counter(r.policy_hash for r in rows if r.policy_hash).most_common()
        ],
        "response_models": [
            {"model": m, "traces": n}
            for m, n in Counter(r.response_model for r in rows if r.response_model).most_common()
        ],
        "upstream_errors": [{"error": e, "traces": n} for e, n in errors.most_common(10)],
    }


def _alerts(store, route: str) -> list[dict]:
    from ..scoring.models import AlertState

    with store.session() as session:
        rows = session.execute(select(AlertState).where(AlertState.route == route)).scalars().all()
        return [
            {
                "metric": a.metric,
                "state": a.state,
                "value": a.value,
                "threshold": a.threshold,
                "changed_at": a.changed_at.isoformat() if a.changed_at else None,
            }
            for a in rows
        ]


def build_model_doc(store, settings, route_name: str, since: str | None) -> dict:
    route = settings.route(route_name)
    if route is None:
        known = ", ".join(r.name for r in settings.routes) or "(none)"
        raise ConfigError(f"--route: unknown route '{route_name}'; allowed: {known}")
    start = _since(since)
    from ..store.audit import verify_audit

    ok, bad_seq, message = verify_audit(store)
    experiments = list_experiments(store, route=route_name, limit=10)
    return {
        "route": route_name,
        "generated_at": datetime.now(UTC).isoformat(),
        "period": {"since": start.isoformat(), "until": datetime.now(UTC).isoformat()},
        "purpose": route.description or "(no description in gateway.yaml)",
        "retrieval": route.rag,
        "upstream_models": _models(settings, route),
        "prompts": _prompts(settings, route),
        "policies": _policies(settings, route),
        "traffic": _traffic(store, route_name, start),
        "experiments": [
            {k: e.get(k) for k in ("id", "set_name", "set_hash", "prompt_version", "prompt_hash", "started_at", "gate")}
            | {"summary": {m: (e.get("summary") or {}).get(m, {}).get("value") for m in TREND_METRICS}}
            for e in experiments
        ],
        "alerts": _alerts(store, route_name),
        "audit": {"intact": ok, "first_bad_entry": bad_seq, "message": message},
    }


def format_model_doc(doc: dict) -> str:
    t = doc["traffic"]
    lines = [
        f"Model documentation — route {doc['route']} ({doc['period']['since'][:10]} to {doc['period']['until'][:10]})",
        f"Purpose: {doc['purpose']}",
        "Upstream models: "
        + ", ".join(
            f"{m['model_name']} = {m['model']} @ {m['endpoint']} ({m['role']})" for m in doc["upstream_models"]
        ),
        "Prompt versions in service: "
        + (
            ", ".join(
                f"{p['prompt']}@{p['label']}→{p['version']} ({p['weight']}%) {p['hash'][:19]}" for p in doc["prompts"]
            )
            or "-"
        ),
        f"Policies (set {(doc['policies']['hash'] or '-')[:16]}): "
        + ", ".join(f["policy"] for f in doc["policies"]["files"]),
        f"Traffic: {t['traces']} calls; status {t['status']}; block rate {t['block_rate']}; review rate {t['review_rate']}",
        f"Factuality: mean {t['factuality']['mean']} over {t['factuality']['scored']} scored answers",
        "Guardrail rules fired: "
        + (", ".join(f"{r['rule']} {r['action']} {r['traces']}" for r in t["rules"]) or "none"),
        "Upstream errors: " + (", ".join(f"{e['traces']}× {e['error']}" for e in t["upstream_errors"]) or "none"),
        "Alerts: " + (", ".join(f"{a['metric']} {a['state']}" for a in doc["alerts"]) or "none"),
        f"Audit chain: {'intact' if doc['audit']['intact'] else 'BROKEN'} — {doc['audit']['message']}",
        "Latest experiments:",
    ]
    for e in doc["experiments"]:
        figures = ", ".join(f"{k} {v:.3f}" for k, v in e["summary"].items() if v is not None)
        gate = (e.get("gate") or {}).get("passed")
        lines.append(
            f"  {e['id']} {(e['started_at'] or '')[:16]} {e['set_name']} {e['prompt_version'] or '-'}: {figures}"
            f" (gate {'-' if gate is None else 'pass' if gate else 'FAIL'})"
        )
    return "\n".join(lines)
