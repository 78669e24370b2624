"""The model documentation as one self-contained HTML file (inline CSS and SVG)."""

from __future__ import annotations

from .report_html import html_text as _e
from .report_html import page
from .svg import bars, trend


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items()) or "-"
    return str(value)


def _table(headers: list[str], rows: list[list], empty: str = "None in the period.") -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(_cell(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>" if rows else f"<p class='muted'>{_e(empty)}</p>"


def render_model_doc(doc: dict) -> str:
    t = doc["traffic"]
    experiments = list(reversed(doc["experiments"]))  # oldest first for the trend
    body = [
        f"<h1>Model documentation: route {_e(doc['route'])}</h1>",
        f"<p class='muted'>Period {_e(doc['period']['since'][:19])} to {_e(doc['period']['until'][:19])} UTC. "
        "Every figure is read from the evaluation store; eval and shadow calls are excluded from traffic.</p>",
        "<h2>Purpose</h2>",
        f"<p>{_e(doc['purpose'])}</p>",
        "<h2>Upstream models</h2>",
        _table(
            ["group", "model", "endpoint", "role"],
            [[m["model_name"], m["model"], m["endpoint"], m["role"]] for m in doc["upstream_models"]],
        ),
        "<h2>Prompt versions in service</h2>",
        _table(
            ["prompt", "label", "version", "weight %", "hash", "released"],
            [[p["prompt"], p["label"], p["version"], p["weight"], p["hash"], p["released"]] for p in doc["prompts"]],
        ),
        _table(
            ["version served", "hash", "calls"],
            [[p["version"], p["hash"], p["traces"]] for p in t["prompt_versions"]],
            empty="No production calls in the period.",
        ),
        "<h2>Policies</h2>",
        f"<p>Policy set hash <span class='mono'>{_e(doc['policies']['hash'])}</span></p>",
        _table(["policy", "sha256"], [[f["policy"], f["sha256"]] for f in doc["policies"]["files"]]),
        "<h2>Traffic and guardrails</h2>",
        _table(
            ["calls", "status", "block rate", "review rate"],
            [[t["traces"], t["status"], t["block_rate"], t["review_rate"]]],
        ),
        bars(
            [r["rule"] + " " + r["action"] for r in t["rules"]], [r["rate"] for r in t["rules"]], maximum=1.0, width=420
        ),
        _table(
            ["rule", "action", "calls", "rate"], [[r["rule"], r["action"], r["traces"], r["rate"]] for r in t["rules"]]
        ),
        "<h2>Factuality and drift</h2>",
        f"<p>Mean factuality {_e(t['factuality']['mean'])} over {_e(t['factuality']['scored'])} scored answers.</p>",
        _table(
            ["metric", "state", "value", "threshold", "since"],
            [[a["metric"], a["state"], a["value"], a["threshold"], a["changed_at"]] for a in doc["alerts"]],
        ),
        "<h2>Incidents</h2>",
        _table(["upstream error", "calls"], [[e["error"], e["traces"]] for e in t["upstream_errors"]]),
        "<h2>Experiments</h2>",
    ]
    for metric in ("guardrail_accuracy", "factuality", "hit_rate"):
        points = [(e["id"], e["summary"].get(metric)) for e in experiments]
        body.append(f"<div><b>{_e(metric)}</b> trend<br>{trend(points)}</div>")
    body.append(
        _table(
            ["experiment", "started", "set", "version", "guardrail acc.", "factuality", "hit rate", "gate"],
            [
                [
                    e["id"],
                    (e["started_at"] or "")[:16],
                    e["set_name"],
                    e["prompt_version"],
                    e["summary"].get("guardrail_accuracy"),
                    e["summary"].get("factuality"),
                    e["summary"].get("hit_rate"),
                    (e.get("gate") or {}).get("passed"),
                ]
                for e in doc["experiments"]
            ],
        )
    )
    body += [
        "<h2>Audit chain</h2>",
        f"<p class='{'pass' if doc['audit']['intact'] else 'fail'}'>{_e(doc['audit']['message'])}</p>",
    ]
    return page(f"Model documentation: {doc['route']}", "".join(body))
