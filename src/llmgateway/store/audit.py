"""The append-only audit trail: guardrail decisions, review decisions, policy and prompt changes.

Each entry's ``hash`` is ``sha256(prev_hash + canonical JSON of seq, ts, kind, actor, payload)``,
so editing, inserting or deleting any entry breaks the chain from that point; ``verify_audit``
names the first entry that no longer fits. Appends are serialised per process and retried on a
sequence clash between processes (the primary key is the sequence number).
"""

from __future__ import annotations

import hashlib
import json
import threading
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .models import AuditEntry

GENESIS = "0" * 64
_lock = threading.Lock()


def _entry_hash(prev_hash: str, seq: int, ts: datetime, kind: str, actor: str | None, payload: dict) -> str:
    ts_s = ts.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    body = json.dumps(
        {"seq": seq, "ts": ts_s, "kind": kind, "actor": actor, "payload": payload},
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def append_audit(store, kind: str, actor: str | None, payload: dict) -> int:
    """Append one entry; returns its sequence number."""
    payload = json.loads(json.dumps(payload, default=str))  # what is stored is what is hashed
    for _attempt in range(5):
        with _lock, store.session() as session:
            last = session.execute(
                select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
            ).first()
            seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
            ts = datetime.now(UTC)
            entry = AuditEntry(
                seq=seq,
                ts=ts,
                kind=kind,
                actor=actor,
                payload=payload,
                prev_hash=prev,
                hash=_entry_hash(prev, seq, ts, kind, actor, payload),
            )
            session.add(entry)
            try:
                session.commit()
                return seq
            except IntegrityError:
                session.rollback()
    raise RuntimeError("could not append to the audit log: sequence contention")


def verify_audit(store) -> tuple[bool, int | None, str]:
    """Walk the chain. Returns (ok, first bad seq or None, message)."""
    prev, expected_seq, count = GENESIS, 1, 0
    with store.session() as session:
        for entry in session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars():
            count += 1
            if entry.seq != expected_seq:
                kind = "deleted" if entry.seq > expected_seq else "inserted"
                return (
                    False,
                    expected_seq,
                    (f"entry {expected_seq} is missing (chain jumps to {entry.seq}): an entry was {kind}"),
                )
            if entry.prev_hash != prev:
                return (
                    False,
                    entry.seq,
                    f"entry {entry.seq} does not follow entry {entry.seq - 1}: inserted or reordered",
                )
            ts = entry.ts if entry.ts.tzinfo else entry.ts.replace(tzinfo=UTC)
            if _entry_hash(prev, entry.seq, ts, entry.kind, entry.actor, entry.payload) != entry.hash:
                return (
                    False,
                    entry.seq,
                    f"entry {entry.seq} ({entry.kind}) was edited: its hash does not match its content",
                )
            prev, expected_seq = entry.hash, expected_seq + 1
    return True, None, f"audit log intact: {count} entries"
