"""The trace list's filters and keyset pagination, and everything the trace detail page reads.

The list is ordered newest first by ``(created_at, id)`` and paginated by keyset: the cursor is
the last row's ``created_at`` and ``id``, so page 1,000 costs what page 1 costs. Every filter has
an index that starts with its column (Alembic revision ``ui_0001_trace_indexes``); the factuality
filter uses an expression index on exactly the expression ``factuality_expr`` renders.

Filters come in two kinds. *Ordered* ones (route, key, user, prompt, one status, time range, the
cursor) have an index on ``(column, created_at)``, so the newest matches come straight off it.
*Scattered* ones (free text, factuality below, "blocked or held") have an index that cannot give
rows newest first; how many rows match them decides the best plan, and PostgreSQL's estimate of
that is poor for a rare word (it walked a million rows for one: 41 s). So on PostgreSQL the page
is found in two bounded steps (``bounded_walk``): the newest ``WALK_ROWS`` traces of the ordered
filters are read newest first, lazily, until a page matches (a common word stops after a few dozen
rows); if they hold less than a page, the rest comes from the scattered filters' own indexes
(bitmap scans only, so no walk) among the traces older than the walked window: at most about
``page × N / WALK_ROWS`` of them match, or the walk would have filled the page. On SQLite the
planner does well with the scattered filters' indexes, and free text reads the FTS5 word index
newest first in batches (``fts_batches``).
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime

from sqlalchemy import String, and_, cast, exists, false, func, literal_column, or_, select, table, text
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement, TextClause

from ..api.traces import parse_since
from ..errors import InvalidRequest
from ..store.models import Review, Trace

TRACE_ID = re.compile(r"[0-9a-f]{32}")
TEXT_CANDIDATES = 1000  # SQLite: matching ids read from the word index per batch
FTS_BATCHES = 20  # SQLite: batches per page before the page ends early with a cursor to search on
SQLITE_WALK = 300  # SQLite: traces of a narrowing filter checked one by one against the word index
WALK_ROWS = 10_000  # PostgreSQL: traces read newest first before the scattered filters' indexes take over
# the stored tsvector of migration ui_0003_trace_search_column (GIN-indexed; not on the Trace model)
SEARCH_DOC: ColumnElement = literal_column("traces.search_doc")
# planner settings for the second step of ``bounded_walk``: bitmap scans of the filters' own indexes
BITMAP_ONLY = ("enable_indexscan", "enable_indexonlyscan", "enable_seqscan")
STATUSES = ("ok", "error", "blocked", "filtered", "review")
FLAGGED = ("blocked", "filtered", "review")  # blocked question, withheld answer, held for review
LIST_COLUMNS = (
    Trace.id,
    Trace.trace_id,
    Trace.created_at,
    Trace.route,
    Trace.key_name,
    Trace.user,
    Trace.model,
    Trace.status,
    Trace.status_code,
    Trace.latency_ms,
    Trace.prompt_tokens,
    Trace.completion_tokens,
    Trace.prompt_name,
    Trace.prompt_version,
    Trace.prompt_role,
    Trace.parent_trace_id,
    Trace.scores,
    Trace.restricted_groups,
)


def factuality_expr() -> ColumnElement:
    """``scores.factuality.score`` as a float; the expression index is built on this rendering."""
    return Trace.scores[("factuality", "score")].as_float()


@dataclass
class TraceFilter:
    route: str = ""
    key: str = ""
    user: str = ""
    prompt: str = ""  # NAME or NAME@VERSION
    status: str = ""  # one of STATUSES, or "flagged"
    fact_below: str = ""
    q: str = ""
    since: str = ""
    until: str = ""

    @classmethod
    def from_params(cls, params) -> TraceFilter:
        values = {f.name: (params.get(f.name) or "").strip() for f in fields(cls)}
        flt = cls(**values)
        flt.validate()
        return flt

    def validate(self) -> None:
        if self.status and self.status not in (*STATUSES, "flagged"):
            raise InvalidRequest(
                f"'status' is {self.status!r}; allowed: {', '.join(STATUSES)}, flagged", param="status"
            )
        if self.fact_below:
            try:
                float(self.fact_below)
            except ValueError:
                raise InvalidRequest(
                    f"'fact_below' is {self.fact_below!r}; expected a number such as 0.5", param="fact_below"
                ) from None
        for name in ("since", "until"):
            parse_time(getattr(self, name), name)

    def active(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    def split_conditions(
        self, dialect: str, before_id: int | None = None
    ) -> tuple[list[ColumnElement | TextClause], list[ColumnElement | TextClause]]:
        """The ordered conditions (an index gives their rows newest first) and the scattered ones;
        ``before_id`` is the page cursor's row id (SQLite's free text)."""
        where: list[ColumnElement | TextClause] = []
        scattered: list[ColumnElement | TextClause] = []
        if self.route:
            where.append(Trace.route == self.route)
        if self.key:
            where.append(Trace.key_name == self.key)
        if self.user:
            where.append(Trace.user == self.user)
        if self.prompt:
            name, _, version = self.prompt.partition("@")
            where.append(Trace.prompt_name == name)
            if version:
                where.append(Trace.prompt_version == version)
        if self.status == "flagged":
            scattered.append(Trace.status.in_(FLAGGED))
        elif self.status:
            where.append(Trace.status == self.status)
        if self.fact_below:
            scattered.append(factuality_expr() < float(self.fact_below))
        if self.q:
            condition = text_condition(self.q, dialect, before_id)
            (where if TRACE_ID.fullmatch(self.q) else scattered).append(condition)
        if since := parse_time(self.since, "since"):
            where.append(Trace.created_at >= since)
        if until := parse_time(self.until, "until"):
            where.append(Trace.created_at < until)
        return where, scattered


def text_condition(q: str, dialect: str, before_id: int | None) -> ColumnElement | TextClause:
    """Free text: a trace id, or words that must all occur in the answer or the request messages.

    PostgreSQL matches words in the stored ``search_doc`` (GIN index); SQLite takes the newest
    ``TEXT_CANDIDATES`` matches from the FTS5 table (after the page cursor) and filters those, so a
    page costs the same for a rare word and a common one. Other stores fall back to LIKE.
    """
    if TRACE_ID.fullmatch(q):
        return Trace.trace_id == q
    if dialect == "postgresql":
        return SEARCH_DOC.op("@@")(func.plainto_tsquery(literal_column("'simple'"), q))
    if dialect == "sqlite":
        candidates = fts_candidates(q, before_id)
        return false() if candidates is None else Trace.id.in_(candidates)
    pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return or_(
        Trace.response_text.like(pattern, escape="\\"),
        cast(Trace.request_messages, String).like(pattern, escape="\\"),
    )


def fts_query(words: list[str]) -> str:
    return " ".join(f'"{w}"' for w in words)


def fts_match(q: str) -> ColumnElement:
    """SQLite: this trace holds every word of ``q`` (one look-up in the FTS5 table by rowid)."""
    words = re.findall(r"\w+", q)
    if not words:
        return false()
    match = text("traces_text MATCH :match").bindparams(match=fts_query(words))
    rowid: ColumnElement = literal_column("traces_text.rowid")
    return exists(select(rowid).select_from(table("traces_text")).where(match, rowid == Trace.id))


def fts_candidates(q: str, before_id: int | None) -> Select | None:
    """SQLite: the ids of the newest ``TEXT_CANDIDATES`` traces holding every word of ``q`` (at or
    below ``before_id``), highest first; None when ``q`` has no word."""
    words = re.findall(r"\w+", q)
    if not words:
        return None
    rowid: ColumnElement = literal_column("rowid")
    candidates = select(rowid).select_from(table("traces_text"))
    candidates = candidates.where(text("traces_text MATCH :match").bindparams(match=fts_query(words)))
    if before_id is not None:
        candidates = candidates.where(rowid <= before_id)
    return candidates.order_by(rowid.desc()).limit(TEXT_CANDIDATES)


def parse_time(value: str, param: str) -> datetime | None:
    """ISO 8601 (a browser's datetime-local is read as UTC) or epoch seconds."""
    return parse_since(value or None, param)


def encode_cursor(created_at: datetime, row_id: int) -> str:
    return base64.urlsafe_b64encode(f"{created_at.isoformat()}|{row_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, _, row_id = raw.rpartition("|")
        return datetime.fromisoformat(stamp), int(row_id)
    except ValueError:
        raise InvalidRequest(f"'after' is not a cursor this page issued: {cursor!r}", param="after") from None


def list_traces(store, flt: TraceFilter, *, after: str | None, limit: int) -> tuple[list[dict], str | None]:
    """One page of the list (newest first) and the cursor of the next page (None on the last)."""
    at, row_id = decode_cursor(after) if after else (None, None)
    by_fts = store.dialect == "sqlite" and bool(flt.q) and not TRACE_ID.fullmatch(flt.q)
    ordered, scattered = (replace(flt, q="") if by_fts else flt).split_conditions(store.dialect, row_id)
    narrowed = bool(ordered)  # a filter with an index on (column, created_at), before the cursor joins them
    if at is not None and row_id is not None:
        ordered.append(older_than(at, row_id))
    resume = None
    with store.session() as session:
        if by_fts:
            rows, resume = sqlite_text(session, flt.q, ordered, scattered, row_id, limit + 1, narrowed)
        elif scattered and store.dialect == "postgresql":
            rows, edge = walk_newest(session, ordered, scattered, limit + 1, WALK_ROWS)
            if edge is not None:  # the walked window held less than a page: the rest by index, no walk
                for setting in BITMAP_ONLY:
                    session.execute(text(f"SET LOCAL {setting} = off"))
                rows += newest(session, [*ordered, *scattered, older_than(**edge)], limit + 1 - len(rows))
        else:
            rows = newest(session, [*ordered, *scattered], limit + 1)
    for row in rows + ([resume] if resume else []):
        row["created_at"] = as_utc(row["created_at"])
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if more and rows else resume
    return rows, encode_cursor(last["created_at"], last["id"]) if last else None


NEWEST_FIRST = (Trace.created_at.desc(), Trace.id.desc())


def older_than(created_at: datetime, id: int) -> ColumnElement:  # noqa: A002 - a row's own key
    return or_(Trace.created_at < created_at, and_(Trace.created_at == created_at, Trace.id < id))


def newest(session, where: list, wanted: int) -> list[dict]:
    stmt = select(*LIST_COLUMNS).where(*where).order_by(*NEWEST_FIRST).limit(wanted)
    return [dict(r._mapping) for r in session.execute(stmt)]


def walk_newest(session, ordered: list, scattered: list, wanted: int, window: int) -> tuple[list[dict], dict | None]:
    """Step 1 of a bounded search (module docstring): the ordered conditions' newest ``window``
    rows, read lazily newest first, each with ``hit`` (the scattered conditions) and its rank ``n``;
    the row ranked ``window`` comes back too. Returns up to ``wanted`` hits, and that edge row's
    ``created_at`` and ``id`` when the window held fewer hits and the ordered rows go on past it.
    """
    hit = and_(*scattered).label("hit")
    rank = func.row_number().over(order_by=NEWEST_FIRST).label("n")
    walk = select(*LIST_COLUMNS, hit, rank).where(*ordered).order_by(*NEWEST_FIRST).limit(window).subquery()
    stmt = (
        select(walk)
        .where(or_(walk.c.hit, walk.c.n == window))
        .order_by(walk.c.created_at.desc(), walk.c.id.desc())
        .limit(wanted + 1)
    )
    rows = [dict(r._mapping) for r in session.execute(stmt)]
    edge = next(({"created_at": r["created_at"], "id": r["id"]} for r in rows if r["n"] == window), None)
    found = [r for r in rows if r["hit"]][:wanted]
    for row in found:
        del row["hit"], row["n"]
    return found, (edge if len(found) < wanted else None)


def sqlite_text(
    session, q: str, ordered: list, scattered: list, before_id: int | None, wanted: int, narrowed: bool
) -> tuple[list[dict], dict | None]:
    """SQLite's free text. With a narrowing filter (route, key, user, prompt, status, time range),
    its newest ``SQLITE_WALK`` traces are first checked against the word index one by one (a
    selective filter is done there); the rest, or everything without such a filter, comes from
    the word index in batches (``fts_batches``)."""
    found: list[dict] = []
    if narrowed:
        found, edge = walk_newest(session, ordered, [*scattered, fts_match(q)], wanted, SQLITE_WALK)
        if edge is None:
            return found, None
        ordered, before_id = [*ordered, older_than(**edge)], edge["id"] - 1
    rest, resume = fts_batches(session, q, [*ordered, *scattered], before_id, wanted - len(found))
    return found + rest, resume


def fts_batches(session, q: str, where: list, before_id: int | None, wanted: int) -> tuple[list[dict], dict | None]:
    """SQLite: FTS5 gives the matching ids highest first, ``TEXT_CANDIDATES`` at a time; each batch
    is filtered by the other conditions until a page is full or the matches run out. After
    ``FTS_BATCHES`` batches the page ends early, and the returned edge (the last candidate read)
    is where the next page searches on, so a page's cost stays bounded."""
    found: list[dict] = []
    ids: list[int] = []
    for _ in range(FTS_BATCHES):
        batch = fts_candidates(q, ids[-1] - 1 if ids else before_id)
        ids = [] if batch is None else list(session.execute(batch).scalars())
        if ids:
            found += newest(session, [*where, Trace.id.in_(ids)], wanted - len(found))
        if len(found) >= wanted or len(ids) < TEXT_CANDIDATES:
            return found, None
    edge = session.execute(select(Trace.created_at, Trace.id).where(Trace.id == ids[-1])).one()
    return found, dict(edge._mapping)


def as_utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def trace_columns(row: Trace) -> dict:
    out = {c.name: getattr(row, c.name) for c in Trace.__table__.columns if c.name != "id"}
    out["created_at"] = as_utc(out["created_at"])
    return out


def load_trace(store, trace_id: str) -> dict | None:
    """The trace with its shadow calls (children), its parent's id and its review, if any."""
    with store.session() as session:
        row = session.execute(select(Trace).where(Trace.trace_id == trace_id)).scalar_one_or_none()
        if row is None:
            return None
        trace = trace_columns(row)
        trace["children"] = [
            {
                "trace_id": c.trace_id,
                "prompt_role": c.prompt_role,
                "prompt_version": c.prompt_version,
                "status": c.status,
            }
            for c in session.execute(select(Trace).where(Trace.parent_trace_id == trace_id).limit(20)).scalars()
        ]
        review = session.execute(select(Review).where(Review.trace_id == trace_id)).scalars().first()
        trace["review"] = (
            {c.name: getattr(review, c.name) for c in Review.__table__.columns} if review is not None else None
        )
    return trace
