"""Compare experiments: per-metric deltas with a paired bootstrap confidence interval, and the cases
that regressed.

Pairing: a case counts for a metric when both experiments have a value for it (missing values are
left out, never read as 0). The interval resamples the paired per-case differences (B − A) with
replacement, ``resamples`` times with a fixed seed, and takes the 2.5th and 97.5th percentiles of the
mean difference. An interval that excludes 0 is marked significant.
"""

from __future__ import annotations

import random

from .metrics import CASE_METRICS, METRICS, better, format_value


def paired_bootstrap(diffs: list[float], resamples: int = 2000, seed: int = 12) -> tuple[float, float] | None:
    if not diffs:
        return None
    if len(diffs) == 1:
        return diffs[0], diffs[0]
    rng = random.Random(seed)
    n = len(diffs)
    means = sorted(sum(diffs[rng.randrange(n)] for _ in range(n)) / n for _ in range(resamples))
    return means[int(0.025 * (resamples - 1))], means[int(0.975 * (resamples - 1))]


def compare(a: dict, b: dict, resamples: int = 2000) -> dict:
    """``a`` is the baseline, ``b`` the candidate (experiment dicts with results)."""
    a_by_case = {r["case_id"]: r for r in a["results"]}
    b_by_case = {r["case_id"]: r for r in b["results"]}
    shared = [c for c in a_by_case if c in b_by_case]
    rows = []
    for metric in CASE_METRICS:
        pairs = [
            (a_by_case[c]["metrics"].get(metric), b_by_case[c]["metrics"].get(metric))
            for c in shared
            if a_by_case[c]["metrics"].get(metric) is not None and b_by_case[c]["metrics"].get(metric) is not None
        ]
        a_value = (a.get("summary") or {}).get(metric, {}).get("value")
        b_value = (b.get("summary") or {}).get(metric, {}).get("value")
        diffs = [y - x for x, y in pairs]
        ci = paired_bootstrap(diffs, resamples)
        delta = sum(diffs) / len(diffs) if diffs else None
        rows.append(
            {
                "metric": metric,
                "a": a_value,
                "b": b_value,
                "delta": None if delta is None else round(delta, 4),
                "ci": None if ci is None else [round(ci[0], 4), round(ci[1], 4)],
                "n": len(pairs),
                "significant": bool(ci and (ci[0] > 0 or ci[1] < 0)),
                "better": None if delta is None or delta == 0 else better(metric, 0.0, delta),
            }
        )
    return {"a": a, "b": b, "metrics": rows, "regressions": regressions(a_by_case, b_by_case, shared)}


def regressions(a_by_case: dict, b_by_case: dict, shared: list[str]) -> list[dict]:
    """Cases where a quality metric got worse, with both answers side by side."""
    out = []
    for case_id in shared:
        ra, rb = a_by_case[case_id], b_by_case[case_id]
        worse = []
        for metric in CASE_METRICS:
            if not METRICS[metric].quality:
                continue
            x, y = ra["metrics"].get(metric), rb["metrics"].get(metric)
            if x is not None and y is not None and better(metric, y, x) and abs(x - y) > 1e-9:
                worse.append({"metric": metric, "a": x, "b": y})
        if worse:
            out.append(
                {
                    "case_id": case_id,
                    "question": rb.get("question"),
                    "worse": worse,
                    "a": {k: ra.get(k) for k in ("answer", "outcome", "expected_outcome", "retrieved", "trace_id")},
                    "b": {k: rb.get(k) for k in ("answer", "outcome", "expected_outcome", "retrieved", "trace_id")},
                }
            )
    return out


def _label(exp: dict) -> str:
    version = exp.get("prompt_version") or "-"
    return f"{exp['id']} ({exp.get('prompt_name') or exp['route']}@{version})"


def format_comparison(result: dict, max_cases: int = 10, width: int = 60) -> str:
    a, b = result["a"], result["b"]
    lines = [f"A = {_label(a)}   B = {_label(b)}   set {b['set_name']}", ""]
    lines.append(f"{'metric':<26}{'A':>10}{'B':>10}{'B−A':>9}  {'95% CI (paired bootstrap)':<26}{'n':>4}")
    for row in result["metrics"]:
        m = row["metric"]
        ci = format_interval(m, row["ci"])
        mark = ""
        if row["significant"]:
            mark = "  better" if row["better"] else "  WORSE"
        delta = (
            f"{row['delta']:+.3f}"
            if row["delta"] is not None and METRICS[m].percent
            else (f"{row['delta']:+,.0f}" if row["delta"] is not None else "-")
        )
        lines.append(
            f"{m:<26}{format_value(m, row['a']):>10}{format_value(m, row['b']):>10}{delta:>9}  {ci:<26}{row['n']:>4}{mark}"
        )
    regs = result["regressions"]
    lines += ["", f"{len(regs)} case(s) regressed" + (":" if regs else ".")]
    for reg in regs[:max_cases]:
        worse = ", ".join(f"{w['metric']} {w['a']:.2f}→{w['b']:.2f}" for w in reg["worse"])
        lines.append(f"- {reg['case_id']}: {worse}")
        lines.append(f"    Q: {_cut(reg['question'], width * 2)}")
        for side in ("a", "b"):
            ans = reg[side]
            lines.append(
                f"    {side.upper()} [{ans.get('outcome') or '-'}]: {_cut(ans.get('answer') or '(no answer)', width * 2)}"
            )
    if len(regs) > max_cases:
        lines.append(f"  … and {len(regs) - max_cases} more (see --html or --output)")
    return "\n".join(lines)


def format_interval(metric: str, ci: list[float] | None) -> str:
    if not ci:
        return "-"
    spec = "+.3f" if METRICS[metric].percent else "+,.0f"
    return f"[{ci[0]:{spec}}, {ci[1]:{spec}}]"


def _cut(text: str | None, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"
