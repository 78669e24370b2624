"""The review queue: answers held for a human, and the reviewer's decision (both audited)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from ..store.audit import append_audit
from ..store.models import Review

DECISIONS = {"approve": "approved", "reject": "rejected"}


def create_review(
    store,
    *,
    trace_id: str,
    route: str | None,
    key_name: str | None,
    rule_ids: list[str],
    question: str,
    answer: str,
    restricted_groups: list[str] | None = None,
) -> int:
    with store.session() as session:
        review = Review(
            trace_id=trace_id,
            route=route,
            key_name=key_name,
            rule_ids=rule_ids,
            question=question,
            answer=answer,
            restricted_groups=restricted_groups or None,
            status="pending",
        )
        session.add(review)
        session.commit()
        review_id = review.id
    append_audit(
        store,
        "review.created",
        key_name,
        {"review_id": review_id, "trace_id": trace_id, "route": route, "rule_ids": rule_ids},
    )
    return review_id


def review_dict(review: Review) -> dict:
    return {
        "id": review.id,
        "trace_id": review.trace_id,
        "created_at": _iso(review.created_at),
        "route": review.route,
        "key_name": review.key_name,
        "rule_ids": review.rule_ids or [],
        "question": review.question,
        "answer": review.answer,
        "restricted_groups": review.restricted_groups,
        "status": review.status,
        "reviewer": review.reviewer,
        "note": review.note,
        "decided_at": _iso(review.decided_at),
    }


def list_reviews(store, status: str | None = None, limit: int = 100) -> list[dict]:
    query = select(Review).order_by(Review.id.desc()).limit(limit)
    if status:
        query = query.where(Review.status == status)
    with store.session() as session:
        return [review_dict(r) for r in session.execute(query).scalars()]


def get_review(store, review_id: int) -> dict | None:
    with store.session() as session:
        review = session.get(Review, review_id)
        return review_dict(review) if review else None


class ReviewConflict(Exception):
    pass


def decide_review(store, review_id: int, decision: str, reviewer: str | None, note: str | None) -> dict | None:
    """Approve or reject a pending review. None if it does not exist; ReviewConflict if decided."""
    status = DECISIONS[decision]
    with store.session() as session:
        review = session.get(Review, review_id)
        if review is None:
            return None
        if review.status != "pending":
            raise ReviewConflict(f"review {review_id} was already {review.status} by {review.reviewer}")
        review.status, review.reviewer, review.note = status, reviewer, note
        review.decided_at = datetime.now(UTC)
        session.commit()
        out = review_dict(review)
    append_audit(
        store,
        f"review.{status}",
        reviewer,
        {"review_id": review_id, "trace_id": out["trace_id"], "rule_ids": out["rule_ids"], "note": note},
    )
    return out


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat()
