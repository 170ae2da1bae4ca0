"""The access log: every read of an athlete's health data, every change, import, export and
erasure, with who, when and which athletes. Append-only (triggers refuse UPDATE and DELETE) and
hash-chained (:mod:`athletes.access.chain`): ``verify_log`` names the first entry altered or removed.
Entries name athletes by number only, so that an erasure leaves no name behind in the log."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from athletes.access.actor import Actor
from athletes.access.chain import GENESIS_HASH, entry_hash, stamp
from athletes.access.tables import ACTIONS, AccessLogEntry
from matchdesk.hash_chain import canonical, entries_removed


def log_access(
    session: Session, actor: Actor, action: str, athlete_ids: list[int], detail: dict[str, Any]
) -> None:
    """Append one entry in ``session``'s transaction (committed with the change it records).

    On PostgreSQL the trigger numbers, dates, signs and hashes the entry itself."""
    if action not in ACTIONS:
        raise ValueError(f"unknown access-log action {action!r}")
    athletes, details = canonical(sorted(set(athlete_ids))), canonical(detail)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            insert(AccessLogEntry).values(
                seq=0, at="", user_login=actor.login, action=action, athletes=athletes,
                detail=details, prev_hash="", hash=f"pending-{id(details)}",
            )
        )  # fmt: skip
        return
    last = session.execute(
        select(AccessLogEntry.seq, AccessLogEntry.hash).order_by(AccessLogEntry.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    at = stamp()
    session.execute(
        insert(AccessLogEntry).values(
            seq=seq, at=at, user_login=actor.login, action=action, athletes=athletes, detail=details,
            prev_hash=prev_hash,
            hash=entry_hash(prev_hash, seq, at, actor.login, action, athletes, details),
        )
    )  # fmt: skip


def log_read(session: Session, actor: Actor, athlete_ids: list[int], what: str) -> None:
    """A read of health data, logged and committed at once."""
    if athlete_ids:
        log_access(session, actor, "read", athlete_ids, {"what": what})
        session.commit()


def log_entries(session: Session, athlete_id: int | None = None) -> list[dict[str, Any]]:
    """The entries this session may read (all, or those about ``athlete_id``), oldest first."""
    rows = session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.seq)).all()
    entries = [
        {
            "seq": row.seq,
            "at": row.at,
            "user": row.user_login,
            "action": row.action,
            "athletes": json.loads(row.athletes),
            "detail": json.loads(row.detail),
        }
        for row in rows
    ]
    return [e for e in entries if athlete_id is None or athlete_id in e["athletes"]]


@dataclass(frozen=True)
class LogCheck:
    ok: bool
    entries: int
    problem: str = ""


def verify_log(session: Session) -> LogCheck:
    """Check the whole chain; the first entry altered or removed is named."""
    rows = session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.seq)).all()
    previous, expected = GENESIS_HASH, 1
    for row in rows:
        if row.seq != expected:
            return LogCheck(False, len(rows), entries_removed(expected, row.seq))
        if row.prev_hash != previous:
            return LogCheck(False, len(rows), f"entry {row.seq} does not follow the entry before it")
        recomputed = entry_hash(
            row.prev_hash, row.seq, row.at, row.user_login, row.action, row.athletes, row.detail
        )
        if recomputed != row.hash:
            return LogCheck(
                False, len(rows), f"entry {row.seq} ({row.action} by {row.user_login}) was altered"
            )
        previous, expected = row.hash, expected + 1
    return LogCheck(True, len(rows))
