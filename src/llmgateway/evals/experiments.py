"""Experiments in the evaluation store: create, record results, finish, find, and read back."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from ..errors import NotFound
from .models import Experiment, ExperimentResult

EXPERIMENT_FIELDS = (
    "id",
    "set_name",
    "set_path",
    "set_hash",
    "route",
    "prompt_ref",
    "prompt_name",
    "prompt_version",
    "prompt_hash",
    "policy_hash",
    "model",
    "target",
    "git_commit",
    "started_at",
    "finished_at",
    "duration_s",
    "status",
    "case_count",
    "summary",
    "thresholds",
    "gate",
    "settings",
)
RESULT_FIELDS = (
    "case_id",
    "position",
    "trace_id",
    "question",
    "answer",
    "status",
    "expected_outcome",
    "outcome",
    "retrieved",
    "metrics",
    "missing",
    "error",
    "tags",
)


def _iso(value):
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    return value


def experiment_dict(row: Experiment) -> dict:
    return {f: _iso(getattr(row, f)) for f in EXPERIMENT_FIELDS}


def result_dict(row: ExperimentResult) -> dict:
    return {f: getattr(row, f) for f in RESULT_FIELDS}


def create_experiment(store, **fields) -> str:
    with store.session() as session:
        session.add(Experiment(status="running", **fields))
        session.commit()
    return fields["id"]


def finish_experiment(store, experiment_id: str, results: list[dict], **fields) -> None:
    with store.session() as session:
        row = session.get(Experiment, experiment_id)
        for key, value in fields.items():
            setattr(row, key, value)
        row.finished_at = datetime.now(UTC)
        started = row.started_at if row.started_at.tzinfo else row.started_at.replace(tzinfo=UTC)
        row.duration_s = round((row.finished_at - started).total_seconds(), 3)
        for result in results:
            session.add(ExperimentResult(experiment_id=experiment_id, **result))
        session.commit()


def set_gate(store, experiment_id: str, gate: dict) -> None:
    with store.session() as session:
        session.get(Experiment, experiment_id).gate = gate
        session.commit()


def get_experiment(store, experiment_id: str, *, with_results: bool = True) -> dict:
    with store.session() as session:
        row = session.get(Experiment, experiment_id)
        if row is None:
            raise NotFound(f"no experiment with id '{experiment_id}'", param="experiment_id")
        out = experiment_dict(row)
        if with_results:
            rows = session.execute(
                select(ExperimentResult)
                .where(ExperimentResult.experiment_id == experiment_id)
                .order_by(ExperimentResult.position)
            ).scalars()
            out["results"] = [result_dict(r) for r in rows]
    return out


def list_experiments(
    store,
    *,
    set_name: str | None = None,
    route: str | None = None,
    prompt_hash: str | None = None,
    since: datetime | None = None,
    status: str | None = "done",
    limit: int = 50,
) -> list[dict]:
    """Newest first."""
    stmt = select(Experiment).order_by(Experiment.started_at.desc()).limit(limit)
    if set_name:
        stmt = stmt.where(Experiment.set_name == set_name)
    if route:
        stmt = stmt.where(Experiment.route == route)
    if prompt_hash:
        stmt = stmt.where(Experiment.prompt_hash == prompt_hash)
    if since:
        stmt = stmt.where(Experiment.started_at >= since)
    if status:
        stmt = stmt.where(Experiment.status == status)
    with store.session() as session:
        return [experiment_dict(r) for r in session.execute(stmt).scalars()]
