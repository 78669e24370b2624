"""Embedding drift, per route, for queries and for answers separately (Evidently's methods).

* **Domain classifier**: label reference 0 and current 1, train a logistic regression on the
  MiniLM embeddings (reduced to 32 principal components of the pooled data, which uses no labels),
  and take the ROC AUC of cross-validated predictions. Drift when AUC > ``auc_threshold`` (0.55);
  for small windows, also above the 95th percentile of AUCs with the labels permuted, since a
  cross-validated AUC on 2×100 points is noisy. scikit-learn's LogisticRegression when installed,
  else a small numpy Newton solver.
* **MMD** with an RBF kernel (median-distance bandwidth) and a permutation p-value.
* **Centroid cosine distance** between the two windows, for display.
* ``method: both`` (default): drifted when the classifier's AUC is above its threshold *and* the MMD
  p-value is below ``p_value``; ``score``/``threshold`` are the classifier's, ``p_value`` MMD's.
* **Examples**: current items furthest (1 − max cosine) from every reference item.

``compute_drift`` is pure (arrays in, dict out); ``DriftMonitor`` picks the windows from the
evaluation store (a pinned baseline, else the route's first ``reference_size`` traces).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sqlalchemy import select

from ..store.models import Trace
from .models import DriftBaseline
from .settings import DriftSettings

try:  # scikit-learn usually arrives with sentence-transformers
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    HAVE_SKLEARN = True
except ImportError:  # pragma: no cover - exercised only without sklearn
    HAVE_SKLEARN = False

PCA_DIMENSIONS = 32
FOLDS = 5


def roc_auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """ROC AUC via the rank-sum statistic (ties get average ranks)."""
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    i = 0
    while i < len(scores):
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    pos = labels == 1
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    if not n_pos or not n_neg:
        return 0.5
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def _reduce(x: np.ndarray) -> np.ndarray:
    centred = x - x.mean(axis=0)
    k = min(PCA_DIMENSIONS, *centred.shape)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    return centred @ vt[:k].T


def _numpy_logreg_scores(train_x, train_y, test_x, l2: float = 1.0, iterations: int = 25) -> np.ndarray:
    xb = np.hstack([train_x, np.ones((len(train_x), 1))])
    w = np.zeros(xb.shape[1])
    reg = np.eye(xb.shape[1]) * l2
    reg[-1, -1] = 0
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-np.clip(xb @ w, -30, 30)))
        grad = xb.T @ (p - train_y) + reg @ w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + reg
        w -= np.linalg.solve(hess + 1e-6 * np.eye(len(w)), grad)
    return np.hstack([test_x, np.ones((len(test_x), 1))]) @ w


def _cv_scores(x: np.ndarray, y: np.ndarray, seed: int) -> np.ndarray:
    if HAVE_SKLEARN:
        cv = StratifiedKFold(FOLDS, shuffle=True, random_state=seed)
        return cross_val_predict(LogisticRegression(max_iter=300), x, y, cv=cv, method="decision_function")
    rng = np.random.default_rng(seed)
    folds = np.empty(len(y), dtype=int)
    for label in (0, 1):
        idx = np.flatnonzero(y == label)
        folds[rng.permutation(idx)] = np.arange(len(idx)) % FOLDS
    out = np.empty(len(y))
    for f in range(FOLDS):
        test = folds == f
        out[test] = _numpy_logreg_scores(x[~test], y[~test], x[test])
    return out


def domain_classifier(ref: np.ndarray, cur: np.ndarray, s: DriftSettings, seed: int = 0) -> dict:
    x = _reduce(np.vstack([ref, cur]).astype(np.float64))
    y = np.r_[np.zeros(len(ref)), np.ones(len(cur))]
    auc = roc_auc(y, _cv_scores(x, y, seed))
    threshold, p_value, perm_p95 = s.auc_threshold, None, None
    if min(len(ref), len(cur)) < s.small_window:
        rng = np.random.default_rng(seed + 1)
        null = np.array(
            [roc_auc(yp, _cv_scores(x, yp, seed)) for yp in (rng.permutation(y) for _ in range(s.permutations))]
        )
        perm_p95 = float(np.percentile(null, 95))
        threshold = max(threshold, perm_p95)
        p_value = float((1 + np.sum(null >= auc)) / (1 + len(null)))
    return {
        "method": "domain_classifier",
        "score": round(auc, 4),
        "threshold": round(threshold, 4),
        "p_value": None if p_value is None else round(p_value, 4),
        "drifted": bool(auc > threshold),
        "permutation_p95": None if perm_p95 is None else round(perm_p95, 4),
        "classifier": "sklearn.LogisticRegression" if HAVE_SKLEARN else "numpy logistic regression",
    }


def mmd(ref: np.ndarray, cur: np.ndarray, s: DriftSettings, seed: int = 0) -> dict:
    x = np.vstack([ref, cur]).astype(np.float64)
    sq = np.sum(x * x, axis=1)
    d2 = np.maximum(sq[:, None] + sq[None, :] - 2 * x @ x.T, 0)
    median = np.median(d2[np.triu_indices(len(x), 1)])
    kernel = np.exp(-d2 / (median if median > 0 else 1.0))
    n, m = len(ref), len(cur)
    diag = np.diag(kernel)

    def statistics(members: np.ndarray) -> np.ndarray:
        """Unbiased MMD² for each row of ``members`` (1 = reference group), all at once."""
        a = members.astype(np.float64)
        b = 1.0 - a
        ka, kb = a @ kernel, b @ kernel
        saa = np.sum(ka * a, axis=1) - a @ diag
        sbb = np.sum(kb * b, axis=1) - b @ diag
        sab = np.sum(ka * b, axis=1)
        return saa / (n * (n - 1)) + sbb / (m * (m - 1)) - 2 * sab / (n * m)

    observed_members = np.r_[np.ones(n), np.zeros(m)][None, :]
    observed = float(statistics(observed_members)[0])
    rng = np.random.default_rng(seed)
    perms = np.stack([rng.permutation(observed_members[0]) for _ in range(s.mmd_permutations)])
    null = statistics(perms)
    p_value = float((1 + np.sum(null >= observed)) / (1 + len(null)))
    return {
        "method": "mmd",
        "score": round(float(observed), 6),
        "threshold": s.p_value,
        "p_value": round(p_value, 4),
        "drifted": bool(p_value < s.p_value),
    }


def centroid_distance(ref: np.ndarray, cur: np.ndarray) -> float:
    a, b = ref.mean(axis=0), cur.mean(axis=0)
    return float(1 - a @ b / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-12))


def compute_drift(
    ref: np.ndarray, cur: np.ndarray, s: DriftSettings, *, current_items: list[dict] | None = None, seed: int = 0
) -> dict:
    """Drift of ``cur`` against ``ref`` (rows are L2-normalised embeddings)."""
    classifier = domain_classifier(ref, cur, s, seed)
    kernel = mmd(ref, cur, s, seed)
    primary = kernel if s.method == "mmd" else classifier
    drifted = {"mmd": kernel["drifted"], "domain_classifier": classifier["drifted"]}.get(
        s.method, classifier["drifted"] and kernel["drifted"]
    )
    out = {
        **{k: primary[k] for k in ("score", "threshold")},
        "method": s.method,
        "p_value": kernel["p_value"] if s.method != "domain_classifier" else classifier["p_value"],
        "drifted": drifted,
        "reference_size": len(ref),
        "current_size": len(cur),
        "centroid_cosine_distance": round(centroid_distance(ref, cur), 4),
        "methods": {"domain_classifier": classifier, "mmd": kernel},
        "examples": [],
    }
    if current_items and s.examples:
        novelty = 1 - (cur @ ref.T).max(axis=1)
        for i in np.argsort(-novelty)[: s.examples]:
            out["examples"].append({**current_items[i], "distance": round(float(novelty[i]), 4)})
    return out


def query_text(messages) -> str:
    """The last user message of a chat request, as text."""
    for m in reversed(messages or []):
        if isinstance(m, dict) and m.get("role") == "user":
            content = m.get("content")
            if isinstance(content, list):
                return " ".join(p.get("text", "") for p in content if isinstance(p, dict))
            return str(content or "")
    return ""


class DriftMonitor:
    """Reads the two windows of a route from the store and computes drift for both streams.
    Embeddings come from the embedder's text cache (the store keeps no vectors)."""

    def __init__(self, store, embedder, settings: DriftSettings):
        self.store, self.embedder, self.settings = store, embedder, settings

    def _embed(self, texts: list[str]) -> np.ndarray:
        """The embedder caches by text, so the overlapping windows are embedded once."""
        return self.embedder.embed(texts) if texts else np.zeros((0, 384), np.float32)

    def windows(self, route: str, window: int | None = None) -> tuple[list, list, str]:
        s = self.settings
        window = window or s.window
        cols = (Trace.id, Trace.trace_id, Trace.request_messages, Trace.response_text)
        # production traffic only: eval runs' calls (experiment_id) are not the route's population
        ok = (Trace.route == route) & (Trace.status == "ok") & Trace.experiment_id.is_(None)
        with self.store.session() as session:
            baseline = session.execute(
                select(DriftBaseline).where(DriftBaseline.route == route).order_by(DriftBaseline.id.desc()).limit(1)
            ).scalar_one_or_none()
            if baseline is not None:
                ref = session.execute(
                    select(*cols).where(ok, Trace.trace_id.in_(baseline.trace_ids)).order_by(Trace.id)
                ).all()
                source = f"pinned baseline #{baseline.id} ({baseline.created_at:%Y-%m-%d %H:%M})"
            else:
                ref = session.execute(select(*cols).where(ok).order_by(Trace.id).limit(s.reference_size)).all()
                source = f"first {s.reference_size} traces"
            after = max((r.id for r in ref), default=0)
            cur = session.execute(
                select(*cols).where(ok, Trace.id > after).order_by(Trace.id.desc()).limit(window)
            ).all()[::-1]
        return ref, cur, source

    def pin_baseline(self, route: str, size: int | None = None, actor: str | None = None) -> dict:
        size = size or self.settings.reference_size
        with self.store.session() as session:
            ids = (
                session.execute(
                    select(Trace.trace_id)
                    .where(Trace.route == route, Trace.status == "ok", Trace.experiment_id.is_(None))
                    .order_by(Trace.id.desc())
                    .limit(size)
                )
                .scalars()
                .all()
            )
            row = DriftBaseline(route=route, created_by=actor, trace_ids=list(reversed(ids)))
            session.add(row)
            session.commit()
            return {"route": route, "baseline_id": row.id, "size": len(ids)}

    def check(self, route: str, window: int | None = None, seed: int = 0) -> dict:
        ref, cur, source = self.windows(route, window)
        out: dict[str, Any] = {"route": route, "reference": source, "streams": {}}
        for stream, get in (
            ("queries", lambda r: query_text(r.request_messages)),
            ("answers", lambda r: r.response_text or ""),
        ):
            ref_rows = [r for r in ref if get(r).strip()]
            cur_rows = [r for r in cur if get(r).strip()]
            if len(ref_rows) < self.settings.min_window or len(cur_rows) < self.settings.min_window:
                out["streams"][stream] = {
                    "drifted": None,
                    "reference_size": len(ref_rows),
                    "current_size": len(cur_rows),
                    "reason": f"not enough traces (need {self.settings.min_window} in each window)",
                }
                continue
            ref_v = self._embed([get(r) for r in ref_rows])
            cur_v = self._embed([get(r) for r in cur_rows])
            items = [{"trace_id": r.trace_id, "text": get(r)[:300]} for r in cur_rows]
            out["streams"][stream] = compute_drift(ref_v, cur_v, self.settings, current_items=items, seed=seed)
        return out
