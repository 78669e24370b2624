"""The experiment report as one self-contained HTML file: inline CSS and SVG, no script, no network."""

from __future__ import annotations

from html import escape

from .compare import format_interval
from .metrics import CASE_METRICS, METRICS, format_value
from .svg import bars, interval

CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1d2330;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #e3e6eb;padding-bottom:4px}
table{border-collapse:collapse;margin:6px 0 12px;font-size:13px}th,td{border:1px solid #e3e6eb;padding:4px 8px;
text-align:left;vertical-align:top}th{background:#f4f6f9}td.num{text-align:right;font-variant-numeric:tabular-nums}
.pass{color:#1f7a3d;font-weight:600}.fail{color:#b42318;font-weight:600}.muted{color:#6b7785}
.missing{color:#8a6d00;font-style:italic}.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
.answer{min-width:320px;max-width:520px;white-space:pre-wrap}.small{font-size:12px}
"""


def html_text(value) -> str:
    """``value`` as escaped HTML text (None as nothing); shared with modeldoc_html."""
    return escape("" if value is None else str(value))


_e = html_text


def _label(exp: dict) -> str:
    return f"{exp['id']} · {exp.get('prompt_name') or exp['route']}@{exp.get('prompt_version') or '-'}"


def _gate(exp: dict) -> str:
    gate = exp.get("gate")
    if not gate:
        return '<span class="muted">not gated</span>'
    if gate.get("passed"):
        return '<span class="pass">PASS</span>'
    reasons = "<br>".join(_e(f["reason"]) for f in gate.get("failures", []))
    return f'<span class="fail">FAIL</span><div class="small">{reasons}</div>'


def _experiments_table(experiments: list[dict]) -> str:
    rows = "".join(
        f"<tr><td class='mono'>{_e(e['id'])}</td><td>{_e(e['set_name'])}<div class='mono muted'>{_e((e.get('set_hash') or '')[:19])}</div></td>"
        f"<td>{_e(e['route'])}</td><td>{_e(e.get('prompt_name'))}@{_e(e.get('prompt_version'))}"
        f"<div class='mono muted'>{_e((e.get('prompt_hash') or '')[:19])}</div></td>"
        f"<td class='mono'>{_e((e.get('policy_hash') or '')[:19])}</td><td>{_e(e.get('model'))}</td>"
        f"<td class='mono'>{_e((e.get('git_commit') or '')[:12])}</td><td>{_e((e.get('started_at') or '')[:19])}</td>"
        f"<td class='num'>{_e(e.get('duration_s'))}</td><td class='num'>{len(e.get('results') or [])}</td><td>{_gate(e)}</td></tr>"
        for e in experiments
    )
    return (
        "<table><tr><th>experiment</th><th>set</th><th>route</th><th>prompt</th><th>policy set</th><th>model</th>"
        f"<th>commit</th><th>started (UTC)</th><th>seconds</th><th>cases</th><th>gate</th></tr>{rows}</table>"
    )


def _metrics_table(experiments: list[dict]) -> str:
    head = "".join(f"<th>{_e(_label(e))}</th>" for e in experiments)
    rows = []
    for name in METRICS:
        figures = [(e.get("summary") or {}).get(name, {}) for e in experiments]
        cells = "".join(
            f"<td class='num'>{'<span class=missing>missing</span>' if f.get('value') is None else _e(format_value(name, f['value']))}"
            f"<div class='small muted'>n={f.get('n', 0)}, missing {f.get('missing', 0)}</div></td>"
            for f in figures
        )
        values = [f.get("value") for f in figures]
        chart = bars([_label(e) for e in experiments], values, maximum=1.0 if METRICS[name].percent else None)
        rows.append(f"<tr><th>{_e(METRICS[name].label)}</th>{cells}<td>{chart}</td></tr>")
    return f"<table><tr><th>metric</th>{head}<th>chart</th></tr>{''.join(rows)}</table>"


def _comparison(result: dict) -> str:
    a, b = result["a"], result["b"]
    rows = []
    for row in result["metrics"]:
        m = row["metric"]
        percent = METRICS[m].percent
        delta = "-" if row["delta"] is None else (f"{row['delta']:+.3f}" if percent else f"{row['delta']:+,.0f}")
        ci = format_interval(m, row["ci"])
        span = 1.0 if percent else max(1.0, *(abs(v) for v in (row["ci"] or [1.0])))
        verdict = ""
        if row["significant"]:
            verdict = '<span class="pass">better</span>' if row["better"] else '<span class="fail">worse</span>'
        rows.append(
            f"<tr><th>{_e(METRICS[m].label)}</th><td class='num'>{_e(format_value(m, row['a']))}</td>"
            f"<td class='num'>{_e(format_value(m, row['b']))}</td><td class='num'>{delta}</td><td class='num'>{ci}</td>"
            f"<td>{interval(row['delta'], row['ci'], span=span, higher_is_better=METRICS[m].higher_is_better)}</td><td class='num'>{row['n']}</td><td>{verdict}</td></tr>"
        )
    regs = "".join(
        f"<tr><td class='mono'>{_e(r['case_id'])}</td><td>{_e(r['question'])}<div class='small fail'>"
        + _e(", ".join(f"{w['metric']} {w['a']:.2f}→{w['b']:.2f}" for w in r["worse"]))
        + f"</div></td><td class='answer'>[{_e(r['a'].get('outcome'))}] {_e(r['a'].get('answer'))}</td>"
        f"<td class='answer'>[{_e(r['b'].get('outcome'))}] {_e(r['b'].get('answer'))}</td></tr>"
        for r in result["regressions"]
    )
    return (
        f"<h2>Comparison: A = {_e(_label(a))}, B = {_e(_label(b))}</h2>"
        "<p class='small muted'>B − A per metric over the cases both experiments scored; 95% paired bootstrap "
        "interval (2,000 resamples). Missing values are left out, never counted as 0.</p>"
        "<table><tr><th>metric</th><th>A</th><th>B</th><th>B − A</th><th>95% CI</th><th>interval</th><th>n</th><th></th></tr>"
        f"{''.join(rows)}</table>"
        f"<h2>Cases that regressed ({len(result['regressions'])})</h2>"
        + (
            f"<table><tr><th>case</th><th>question</th><th>A answer</th><th>B answer</th></tr>{regs}</table>"
            if regs
            else "<p class='muted'>None.</p>"
        )
    )


def _cases(exp: dict) -> str:
    cols = [m for m in CASE_METRICS if not m.startswith("ragas_")] + ["ragas_faithfulness"]
    head = "".join(f"<th>{_e(m)}</th>" for m in cols)
    rows = []
    for r in exp.get("results") or []:
        metrics, missing = r.get("metrics") or {}, r.get("missing") or {}
        cells = "".join(
            f"<td class='num'>{_e(format_value(m, metrics.get(m)))}</td>"
            if metrics.get(m) is not None
            else f"<td class='missing' title='{_e(missing.get(m))}'>missing</td>"
            for m in cols
        )
        ok = metrics.get("guardrail_accuracy")
        outcome_class = "pass" if ok == 1.0 else "fail" if ok == 0.0 else "muted"
        rows.append(
            f"<tr><td class='mono'>{_e(r['case_id'])}<div class='small muted'>{_e(', '.join(r.get('tags') or []))}</div></td>"
            f"<td>{_e(r.get('expected_outcome'))}</td><td class='{outcome_class}'>{_e(r.get('outcome'))}</td>{cells}"
            f"<td class='small'>{_e('; '.join(f'{k}: {v}' for k, v in missing.items() if not k.startswith('ragas_')))}</td>"
            f"<td class='small answer' title='{_e(r.get('answer'))}'>{_e(_cut(r.get('answer'), 220))}</td></tr>"
        )
    return (
        f"<h2>Cases of {_e(_label(exp))}</h2><table><tr><th>case</th><th>expected</th><th>outcome</th>{head}"
        f"<th>why missing</th><th>answer</th></tr>{''.join(rows)}</table>"
    )


def _cut(text: str | None, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>'
        f"<style>{CSS}</style></head><body>{body}</body></html>"
    )


def render_report(experiments: list[dict], comparisons: list[dict]) -> str:
    title = f"Eval report: {experiments[0]['set_name']}" if experiments else "Eval report"
    body = [f"<h1>{_e(title)}</h1>", "<h2>Experiments</h2>", _experiments_table(experiments)]
    body += ["<h2>Metrics</h2>", _metrics_table(experiments)]
    body += [_comparison(c) for c in comparisons]
    body += [_cases(e) for e in experiments]
    return page(title, "".join(body))
