"""The access log's hash chain: each entry's hash covers the entry before it, so that altering or
removing one breaks every hash after it. The same text is hashed by Python (SQLite) and by the
PostgreSQL trigger (``athletes/migrations/versions/0002_protection.py``)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

GENESIS_HASH = hashlib.sha256(b"matchdesk access log").hexdigest()


def stamp(moment: datetime | None = None) -> str:
    """A UTC time as the log writes it (microseconds, ``Z``), the same spelling as the trigger's."""
    return (moment or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(
    prev_hash: str, seq: int, at: str, user_login: str, action: str, athletes: str, detail: str
) -> str:
    body = "\n".join((prev_hash, str(seq), at, user_login, action, athletes, detail))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()
