"""The scorer worker: every pending trace scored exactly once by concurrent workers (SQLite and
PostgreSQL), scores stored on the trace, OTel evaluation events, lag."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sqlalchemy import select

from llmgateway.scoring.factuality import FactualityScorer
from llmgateway.scoring.settings import ScoringSettings
from llmgateway.scoring.worker import ScoringWorker, scoring_lag
from llmgateway.store.db import EvaluationStore
from llmgateway.store.models import Trace

from .conftest import add_traces

SOURCE = "Apex Semiconductor's fiscal Q1 revenue of $8.2 billion beat the consensus estimate of $7.9 billion."


def _rows(n: int) -> list[dict]:
    return [
        {
            "query": f"How did Apex do? #{i}",
            "sources": [SOURCE],
            "answer": "Apex's Q1 revenue was $8.2 billion, beating the $7.9 billion consensus."
            if i % 2
            else "Apex's Q1 revenue was $9.2 billion, beating the $7.9 billion consensus.",
        }
        for i in range(n)
    ]


class RecordingWorker(ScoringWorker):
    """Records which trace ids this worker claimed."""

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.claimed: list[str] = []

    def claim(self, limit):
        rows = super().claim(limit)
        self.claimed += [r["trace_id"] for r in rows]
        return rows


def _race(url: str, embedder, n_workers: int = 3, n_traces: int = 120) -> None:
    seed_store = EvaluationStore(url)
    ids = add_traces(seed_store, _rows(n_traces))
    settings = ScoringSettings.model_validate({"worker": {"batch_size": 7}, "drift": {"enabled": False}})
    scorer = FactualityScorer(embedder)
    workers = [
        RecordingWorker(EvaluationStore(url, migrate_schema=False), scorer, settings, worker_id=f"w{i}")
        for i in range(n_workers)
    ]
    barrier = threading.Barrier(n_workers)

    def drain(w):
        barrier.wait()
        while w.run_once():
            pass

    threads = [threading.Thread(target=drain, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    claimed = [tid for w in workers for tid in w.claimed]
    assert sorted(claimed) == sorted(ids), "every trace claimed exactly once"
    assert sum(1 for w in workers if w.claimed) >= 2, [len(w.claimed) for w in workers]
    with seed_store.session() as session:
        rows = session.execute(select(Trace).where(Trace.trace_id.in_(ids))).scalars().all()
    assert {r.score_state for r in rows} == {"done"}
    by_id = {r.trace_id: r for r in rows}
    for w in workers:
        for tid in w.claimed:
            assert by_id[tid].scores["scorer"]["worker"] == w.worker_id
    verdicts = [r.scores["factuality"]["supported"] for r in rows]
    assert verdicts.count(True) == n_traces // 2 and verdicts.count(False) == n_traces // 2
    assert scoring_lag(seed_store)["pending"] == 0


def test_concurrent_workers_never_score_a_trace_twice_sqlite(tmp_path, embedder):
    _race(f"sqlite:///{tmp_path / 'race.db'}", embedder)


@pytest.fixture
def pg_database(pg_url):
    """A private database, so the workers claim only this test's traces."""
    import psycopg

    name = f"scoring_test_{uuid.uuid4().hex[:8]}"
    admin = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield pg_url.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_concurrent_workers_never_score_a_trace_twice_postgresql(pg_database, embedder):
    _race(pg_database, embedder)


def test_scores_stored_and_emitted_as_otel_evaluation_events(sqlite_store, embedder):
    ids = add_traces(sqlite_store, _rows(2) + [{"query": "hi", "answer": "Hello!"}])
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    worker = ScoringWorker(
        sqlite_store, FactualityScorer(embedder), ScoringSettings(), tracer=provider.get_tracer("test")
    )
    assert scoring_lag(sqlite_store)["pending"] == 3
    assert worker.run_once() == 3
    assert scoring_lag(sqlite_store)["pending"] == 0
    with sqlite_store.session() as session:
        rows = {r.trace_id: r for r in session.execute(select(Trace)).scalars()}
    wrong, right, no_sources = (rows[i] for i in ids)
    assert wrong.scores["factuality"]["supported"] is False
    assert "$9.2 billion" in wrong.scores["factuality"]["claims"][0]["reason"]
    assert right.scores["factuality"]["supported"] is True and right.scores["factuality"]["score"] > 0.82
    assert no_sources.score_state == "done" and no_sources.scores["factuality"]["score"] is None
    events = {}
    for span in exporter.get_finished_spans():
        assert span.name == "evaluation"
        assert span.links and format(span.links[0].context.trace_id, "032x") == span.attributes["llmgateway.trace_id"]
        for ev in span.events:
            assert ev.name == "gen_ai.evaluation.result"
            events[span.attributes["llmgateway.trace_id"]] = dict(ev.attributes)
    assert events[ids[0]]["gen_ai.evaluation.name"] == "factuality"
    assert events[ids[0]]["gen_ai.evaluation.score.value"] < 0.1
    assert events[ids[0]]["gen_ai.evaluation.score.label"] == "unsupported"
    assert events[ids[1]]["gen_ai.evaluation.score.label"] == "supported"
    assert ids[2] not in events  # nothing to check: no event, never a fake score


def test_stale_claims_are_released(sqlite_store, embedder):
    add_traces(sqlite_store, _rows(3))
    settings = ScoringSettings.model_validate({"worker": {"lease_s": 0.001}})
    worker = ScoringWorker(sqlite_store, FactualityScorer(embedder), settings)
    assert len(worker.claim(10)) == 3  # a worker that dies here
    assert worker.run_once() == 0
    time.sleep(0.01)  # past the 1 ms lease: on a quiet machine claim → release can take under 1 ms
    assert worker.release_stale() == 3
    assert worker.run_once() == 3


def test_scorer_cli_once_scores_pending_traces_and_reports_lag(tmp_path, embedder):
    import json

    import yaml
    from typer.testing import CliRunner

    from llmgateway.cli import app as llmgateway_cli

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    add_traces(EvaluationStore(url), _rows(4))
    cfg = tmp_path / "gateway.yaml"
    cfg.write_text(yaml.safe_dump({"store": {"url": url}, "scoring": {"drift": {"enabled": False}}}))
    runner = CliRunner()
    result = runner.invoke(llmgateway_cli, ["scorer", "--config", str(cfg), "--once"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["scored"] == 4 and report["pending"] == 0 and report["done"] == 4
    status = runner.invoke(llmgateway_cli, ["scorer", "status", "--config", str(cfg)])
    assert json.loads(status.stdout)["lag"]["done"] == 4
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump({"store": {"url": url}, "scoring": {"drift": {"windw": 5}}}))
    failed = runner.invoke(llmgateway_cli, ["scorer", "--config", str(bad), "--once"])
    assert failed.exit_code == 2 and "scoring.drift.windw" in failed.output and "bad.yaml" in failed.output
