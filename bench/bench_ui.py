"""The UI's trace list and detail at scale: p50/p95 per filter over a store of N traces.

    .venv/bin/python bench/bench_ui.py [--rows 1000000] [--db sqlite|postgres|both]
        [--pg-url postgresql+psycopg://postgres@127.0.0.1:5432/llmgateway_bench] [--repeat 20]
        [--reuse [--sqlite-file /tmp/llmgateway_bench_ui.db]]

Fills a fresh store (the real schema, migrated with every index) with N synthetic traces spread
over 30 days — routes, 50 keys, 5,000 users, three prompt versions, 8% flagged statuses, a
factuality score on most answers, short questions and answers from a finance vocabulary — by bulk
insert (SQLite executemany in one transaction; PostgreSQL COPY). Then it requests the real pages
in process (the FastAPI app through httpx's ASGI transport, so routing, the query, masking and
Jinja2 rendering all count) with auth off: the list for every filter, with varied values, its
second page by cursor, and trace details. Goal: p95 <= 300 ms. Not part of the test suite.

``--reuse`` keeps the stores between runs (the SQLite file at ``--sqlite-file``, the PostgreSQL
database as it is) and fills one only when it does not hold exactly ``--rows`` traces; opening
it still applies any new migration.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import llmgateway  # noqa: E402,F401
from llmgateway.store.db import EvaluationStore  # noqa: E402
from llmgateway.store.models import Trace  # noqa: E402

WORDS = (
    "revenue margin guidance rating price target bond ladder yield duration coupon equity dividend "
    "buyback outlook risk inflation rates credit spread earnings quarter growth fund portfolio allocation "
    "retirement income tax municipal treasury ETF index volatility hedge currency commodity energy bank"
).split()
RARE = [f"zq{i:04d}" for i in range(2000)]  # words that occur in about 1 trace in 1,000 each
ROUTES = ["advisor"] * 6 + ["chat"] * 3 + ["research"]
STATUSES = ["ok"] * 92 + ["error"] * 2 + ["blocked"] * 2 + ["filtered"] * 1 + ["review"] * 3
COLUMNS = [
    "trace_id", "created_at", "route", "key_name", "user", "model", "stream", "request_messages",
    "response_text", "status", "status_code", "prompt_tokens", "completion_tokens", "latency_ms",
    "stage_ms", "prompt_name", "prompt_version", "prompt_hash", "prompt_role", "guardrails", "scores",
    "score_state",
]  # fmt: skip
JSON_COLUMNS = {"request_messages", "stage_ms", "guardrails", "scores"}


def sentence(rng: random.Random, n: int) -> str:
    words = rng.choices(WORDS, k=n)
    if rng.random() < 0.01:
        words[rng.randrange(n)] = rng.choice(RARE)
    return " ".join(words)


def make_rows(n: int, seed: int = 7):
    rng = random.Random(seed)
    end = datetime.now(UTC)
    start = end - timedelta(days=30)
    span = (end - start).total_seconds()
    for i in range(n):
        status = rng.choice(STATUSES)
        route = rng.choice(ROUTES)
        version = rng.choice(["v1", "v1", "v2", "v3"]) if route == "advisor" else None
        upstream = round(rng.uniform(80, 1200), 3)
        stage_ms = {"prompt.prepare": 0.1, "guardrails.prepare": round(rng.uniform(0.5, 20), 3), "upstream": upstream}
        rails = None
        if status in ("blocked", "filtered", "review"):
            rails = [{"policy": "marketing_rule", "rule_id": "testimonials-superlatives", "stage": "output",
                      "action": "review", "severity": "medium", "span": "the best fund", "start": 8, "end": 21}]  # fmt: skip
        scores = None
        if status == "ok" and rng.random() < 0.8:
            scores = {"factuality": {"score": round(rng.random(), 4), "supported": None, "claims": []}}
        yield {
            "trace_id": uuid.UUID(int=rng.getrandbits(128)).hex,
            "created_at": start + timedelta(seconds=span * i / n),
            "route": route,
            "key_name": f"key-{rng.randrange(50):02d}",
            "user": f"user-{rng.randrange(5000):04d}",
            "model": "gpt-4o",
            "stream": False,
            "request_messages": [{"role": "user", "content": sentence(rng, 14)}],
            "response_text": None if status in ("error", "blocked") else sentence(rng, 40),
            "status": status,
            "status_code": {"error": 502, "blocked": 400}.get(status, 200),
            "prompt_tokens": rng.randint(50, 900),
            "completion_tokens": rng.randint(10, 400),
            "latency_ms": round(upstream + rng.uniform(2, 30), 3),
            "stage_ms": stage_ms,
            "prompt_name": "advisor_qa" if version else None,
            "prompt_version": version,
            "prompt_hash": f"sha256:{version}" if version else None,
            "prompt_role": "champion" if version else None,
            "guardrails": rails,
            "scores": scores,
            "score_state": "done" if scores else None,
        }


def fill_sqlite(store: EvaluationStore, n: int) -> None:
    """Bulk insert with the secondary indexes and the word-index trigger set aside, then rebuilt
    (each from its own stored definition), as a bulk load would."""
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(
            "SELECT name, sql FROM sqlite_master WHERE tbl_name = 'traces' AND type IN ('index', 'trigger') AND sql IS NOT NULL"
        )
        saved = cur.fetchall()
        for name, sql in saved:
            cur.execute(f'DROP {"TRIGGER" if sql.upper().startswith("CREATE TRIGGER") else "INDEX"} "{name}"')
        sql = f"INSERT INTO traces ({', '.join(chr(34) + c + chr(34) for c in COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
        batch = []
        for row in make_rows(n):
            batch.append(tuple(_sqlite_value(c, row[c]) for c in COLUMNS))
            if len(batch) == 50_000:
                cur.executemany(sql, batch)
                batch.clear()
        if batch:
            cur.executemany(sql, batch)
        for _name, definition in saved:
            cur.execute(definition)
        cur.execute(
            "INSERT INTO traces_text(rowid, body) SELECT id, "
            "coalesce(response_text, '') || ' ' || coalesce(request_messages, '') FROM traces"
        )
        raw.commit()
        cur.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()


def _sqlite_value(column: str, value):
    if column in JSON_COLUMNS:
        return None if value is None else orjson.dumps(value).decode()
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ")
    return value


def fill_postgres(store: EvaluationStore, n: int) -> None:
    """COPY with the secondary indexes dropped, then rebuilt from their stored definitions."""
    raw = store.engine.raw_connection()
    try:
        with raw.cursor() as cur:
            cur.execute("TRUNCATE traces")
            cur.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'traces' "
                "AND indexname NOT IN (SELECT conname FROM pg_constraint)"
            )
            saved = cur.fetchall()
            for name, _definition in saved:
                cur.execute(f'DROP INDEX "{name}"')
            cols = ", ".join(f'"{c}"' for c in COLUMNS)
            with cur.copy(f"COPY traces ({cols}) FROM STDIN") as copy:
                buf = io.StringIO()
                for i, row in enumerate(make_rows(n)):
                    buf.write("\t".join(_pg_value(c, row[c]) for c in COLUMNS) + "\n")
                    if i % 20_000 == 19_999:
                        copy.write(buf.getvalue())
                        buf = io.StringIO()
                copy.write(buf.getvalue())
            cur.execute("SET maintenance_work_mem = '256MB'")
            for _name, definition in saved:
                cur.execute(definition)
        raw.commit()
        raw.driver_connection.autocommit = True  # VACUUM runs outside a transaction
        with raw.cursor() as cur:
            cur.execute("VACUUM (ANALYZE) traces")  # what autovacuum does soon after a bulk load
    finally:
        raw.close()


def _pg_value(column: str, value) -> str:
    if value is None:
        return "\\N"
    if column in JSON_COLUMNS:
        value = orjson.dumps(value).decode()
    elif isinstance(value, datetime):
        value = value.isoformat()
    elif isinstance(value, bool):
        value = "t" if value else "f"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def filters(rng: random.Random) -> dict[str, callable]:
    day = datetime.now(UTC) - timedelta(days=rng.randint(2, 28))
    return {
        "no filter": lambda: {},
        "route": lambda: {"route": rng.choice(["advisor", "chat", "research"])},
        "key": lambda: {"key": f"key-{rng.randrange(50):02d}"},
        "user": lambda: {"user": f"user-{rng.randrange(5000):04d}"},
        "prompt version": lambda: {"prompt": f"advisor_qa@{rng.choice(['v1', 'v2', 'v3'])}"},
        "status=review": lambda: {"status": "review"},
        "blocked or held": lambda: {"status": "flagged"},
        "factuality < 0.05": lambda: {"fact_below": "0.05"},
        "free text (common word)": lambda: {"q": rng.choice(WORDS)},
        "free text (rare word)": lambda: {"q": rng.choice(RARE)},
        "user + common word": lambda: {"user": f"user-{rng.randrange(5000):04d}", "q": rng.choice(WORDS)},
        "route + rare word": lambda: {"route": rng.choice(["advisor", "chat"]), "q": rng.choice(RARE)},
        "time range (1 h)": lambda: {
            "since": (day + timedelta(hours=rng.randint(0, 20))).strftime("%Y-%m-%dT%H:%M"),
            "until": (day + timedelta(hours=21)).strftime("%Y-%m-%dT%H:%M"),
        },
        "route+status+range": lambda: {
            "route": "advisor",
            "status": "flagged",
            "since": day.strftime("%Y-%m-%dT%H:%M"),
            "until": (day + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    }


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def measure(store_url: str, repeat: int, base: Path) -> list[tuple[str, float, float, int]]:
    import httpx
    import yaml

    from llmgateway.app import create_app
    from llmgateway.config import load_settings
    from llmgateway.ui import plugin as ui_plugin

    cfg = base / "gateway.yaml"
    cfg.write_text(
        yaml.safe_dump(
            {
                "models": [
                    {
                        "model_name": "gpt-4o",
                        "litellm_params": {"model": "openai/gpt-4o", "api_base": "http://127.0.0.1:9/v1"},
                    }
                ],
                "routes": [{"name": r, "model": "gpt-4o"} for r in ("advisor", "chat", "research")],
                "auth": {"required": False},
                "store": {"url": store_url},
            }
        )
    )
    app = create_app(load_settings(str(cfg), environ={}), plugins=[ui_plugin.plugin], start_local_model=False)
    rng = random.Random(11)
    results = []
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://ui") as http:
        await http.get("/ui/traces")  # warm: templates compiled, pool open
        for name, make in filters(rng).items():
            times, cursor_times, found = [], [], 0
            for _ in range(repeat):
                params = make()
                t0 = time.perf_counter()
                resp = await http.get("/ui/traces", params=params)
                times.append((time.perf_counter() - t0) * 1000)
                assert resp.status_code == 200, resp.text[:300]
                found += resp.text.count('class="trace-row')
                if 'id="more"' in resp.text:
                    after = resp.text.split("after=", 1)[1].split('"', 1)[0].split("&", 1)[0]
                    t0 = time.perf_counter()
                    resp = await http.get("/ui/traces", params={**params, "after": after})
                    cursor_times.append((time.perf_counter() - t0) * 1000)
            results.append((name, pct(times, 50), pct(times, 95), found // repeat))
            if cursor_times:
                results.append((f"  {name}, next page", pct(cursor_times, 50), pct(cursor_times, 95), -1))
        ids = await asyncio.to_thread(_sample_ids, app, repeat * 2)
        times = []
        for trace_id in ids:
            t0 = time.perf_counter()
            resp = await http.get(f"/ui/traces/{trace_id}")
            times.append((time.perf_counter() - t0) * 1000)
            assert resp.status_code == 200
        results.append(("trace detail", pct(times, 50), pct(times, 95), 1))
    return results


def _sample_ids(app, k: int) -> list[str]:
    store = app.app.state.components.store if hasattr(app, "app") else app.state.components.store
    with store.session() as session:
        top = session.execute(select(Trace.id).order_by(Trace.id.desc()).limit(1)).scalar_one()
        wanted = random.Random(5).sample(range(1, top + 1), k)
        return list(session.execute(select(Trace.trace_id).where(Trace.id.in_(wanted))).scalars())


def run(kind: str, url: str, rows: int, repeat: int, base: Path, reuse: bool = False) -> None:
    store = EvaluationStore(url)
    with store.session() as session:
        held = session.execute(select(func.count()).select_from(Trace)).scalar_one()
    if reuse and held == rows:
        print(f"\n{kind}: reusing the store's {rows:,} traces")
    else:
        t0 = time.perf_counter()
        (fill_sqlite if kind == "sqlite" else fill_postgres)(store, rows)
        fill_s = time.perf_counter() - t0
        print(f"\n{kind}: {rows:,} traces inserted in {fill_s:.0f} s ({rows / fill_s:,.0f} rows/s)")
    store.close()
    print(f"{'filter':<36} {'p50 ms':>8} {'p95 ms':>8} {'rows/page':>10}")
    for name, p50, p95, found in asyncio.run(measure(url, repeat, base)):
        mark = "" if p95 <= 300 else "  > 300 ms"
        print(f"{name:<36} {p50:8.1f} {p95:8.1f} {found if found >= 0 else '':>10}{mark}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "LLMGATEWAY_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/llmgateway_bench"
        ),
    )
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--reuse", action="store_true", help="keep the stores; fill only when needed")
    parser.add_argument("--sqlite-file", default="/tmp/llmgateway_bench_ui.db", help="with --reuse")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        if args.db in ("sqlite", "both"):
            db_file = Path(args.sqlite_file) if args.reuse else base / "bench.db"
            run("sqlite", f"sqlite:///{db_file}", args.rows, args.repeat, base, args.reuse)
        if args.db in ("postgres", "both"):
            _reset_pg(args.pg_url, keep=args.reuse)
            run("postgres", args.pg_url, args.rows, args.repeat, base, args.reuse)


def _reset_pg(url: str, keep: bool = False) -> None:
    """A fresh database for the run (created if missing, dropped and created if not, unless ``keep``)."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0].replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and keep:
            return
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main()
