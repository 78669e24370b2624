"""Engine creation and migrations for the evaluation store.

SQLite runs in WAL mode (readers never block the batch writer); PostgreSQL is reached with
psycopg 3 (``postgresql+psycopg://``; a bare ``postgresql://`` URL is mapped to it).
The schema is owned by Alembic: ``EvaluationStore(url)`` upgrades to ``heads`` on open.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger("llmgateway.store")
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_migrate_lock = threading.Lock()


def normalise_url(url: str) -> str:
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        path = url.split("sqlite:///", 1)[-1].split("?", 1)[0]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        connect_args: dict[str, Any] = {"check_same_thread": False}
        if "timeout=" not in url:  # seconds to wait for a lock; ?timeout=N in the URL overrides
            connect_args["timeout"] = 30
        engine = create_engine(url, connect_args=connect_args, json_serializer=_json)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5, json_serializer=_json)


def _json(value) -> str:
    return orjson.dumps(value, default=str).decode()


MIGRATION_LOCK_KEY = 0x6C67775F6D6967  # "lgw_mig": pg_advisory_xact_lock's key for schema upgrades


def migrate(engine: Engine) -> None:
    """Upgrade the schema to every head (capabilities add their own branch revisions)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with _migrate_lock, engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # replicas of a fleet start together: one migrates, the others wait and find it done
            # (a transaction-level lock, released when this transaction commits)
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "heads")


class EvaluationStore:
    """The evaluation store's engine and sessions. ``migrate=False`` for read-only tools."""

    def __init__(self, url: str, *, migrate_schema: bool = True):
        self.url = normalise_url(url)
        self.engine = make_engine(self.url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if migrate_schema:
            migrate(self.engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def close(self) -> None:
        self.engine.dispose()
