"""The review file: one SQLite file per match holding an append-only, hash-chained, signed log.

Every change (an angle, an offset, an incident, a drawing, an offside analysis, a decision) is a
new entry; a correction is a new entry that refers to the old one. Each entry carries the hash of
the one before, so editing or deleting any entry breaks the chain; decisions are also signed with
the reviewer's Ed25519 key. Triggers refuse UPDATE and DELETE, and readable views (``incidents``,
``decisions``...) are derived from the log, so there is nothing else to edit.

A chain cannot show that its last entries were cut off, so each write also leaves a receipt (the
newest entry's number and hash) in the user's data folder; ``verify`` checks it when present.

Python's ``sqlite3`` (not SQLAlchemy) because this is always one local SQLite file whose
transactions, WAL journal and triggers we want in plain view.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import astuple, dataclass
from dataclasses import fields as dataclass_fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import platformdirs

from matchdesk.errors import MatchdeskError
from matchdesk.hash_chain import canonical, entries_removed
from matchdesk.whole_files import write_text_whole
from var.signing import fingerprint, load_or_create_key, public_key_hex, sign, signature_is_valid

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1
RECEIPTS_VARIABLE = "MATCHDESK_DATA_DIR"
SIGNED_KINDS = frozenset({"decision", "review_request_outcome", "photo_finish", "photo_finish_judged"})

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entries (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    author TEXT NOT NULL,
    created_at TEXT NOT NULL,
    refers_to INTEGER,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    public_key TEXT,
    signature TEXT
);
CREATE TRIGGER entries_are_never_changed BEFORE UPDATE ON entries
    BEGIN SELECT RAISE(ABORT, 'the review log is append-only: record a correction instead'); END;
CREATE TRIGGER entries_are_never_deleted BEFORE DELETE ON entries
    BEGIN SELECT RAISE(ABORT, 'the review log is append-only: record a correction instead'); END;
CREATE VIEW angles AS
    SELECT seq, json_extract(payload, '$.index') AS angle, json_extract(payload, '$.path') AS path
    FROM entries WHERE kind = 'angle_added';
CREATE VIEW offsets AS
    SELECT seq, json_extract(payload, '$.angle') AS angle,
           json_extract(payload, '$.offset_frames') AS offset_frames,
           json_extract(payload, '$.method') AS method, author, created_at
    FROM entries WHERE kind = 'offset_set';
CREATE VIEW incidents AS
    SELECT seq AS incident, refers_to AS corrects, json_extract(payload, '$.type') AS type,
           json_extract(payload, '$.first_frame') AS first_frame,
           json_extract(payload, '$.last_frame') AS last_frame,
           json_extract(payload, '$.players') AS players, json_extract(payload, '$.notes') AS notes,
           author, created_at
    FROM entries WHERE kind IN ('incident', 'incident_corrected');
CREATE VIEW decisions AS
    SELECT seq, refers_to AS corrects, json_extract(payload, '$.incident') AS incident,
           json_extract(payload, '$.on_field_call') AS on_field_call,
           json_extract(payload, '$.var_recommendation') AS var_recommendation,
           json_extract(payload, '$.final_decision') AS final_decision,
           json_extract(payload, '$.reason') AS reason,
           json_extract(payload, '$.reviewer') AS reviewer, created_at, signature IS NOT NULL AS signed
    FROM entries WHERE kind = 'decision';
"""


class ReviewFileError(MatchdeskError):
    """The review file cannot be opened or written as asked."""


@dataclass(frozen=True)
class Entry:
    """One line of the review log."""

    seq: int
    kind: str
    payload: dict[str, Any]
    author: str
    created_at: str
    refers_to: int | None
    prev_hash: str
    hash: str
    public_key: str | None
    signature: str | None


def entry_hash(prev_hash: str, entry: dict[str, Any]) -> str:
    body = canonical(
        {k: entry[k] for k in ("seq", "kind", "payload", "author", "created_at", "refers_to", "public_key")}
    )
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


def genesis_hash(review_id: str) -> str:
    return hashlib.sha256(f"matchdesk review {review_id}".encode()).hexdigest()


def receipts_dir() -> Path:
    configured = os.environ.get(RECEIPTS_VARIABLE)
    base = Path(configured) if configured else Path(platformdirs.user_data_dir("matchdesk"))
    return base / "review-receipts"


class ReviewLog:
    """An open review file. Appends are atomic: an entry is either wholly stored or not at all."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = connection
        self.review_id = self._meta("review_id")

    # --- opening ----------------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, match: str, author: str, details: dict[str, Any] | None = None) -> ReviewLog:
        """A new review file; its first entry names the match (and ``details``: the sport's rules)."""
        if path.exists():
            raise ReviewFileError("already exists; open it instead of creating it", path)
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = _connect(path)
        with connection:
            connection.executescript(_SCHEMA)
            review_id = str(uuid.uuid4())
            connection.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)",
                [
                    ("review_id", review_id),
                    ("schema_version", str(SCHEMA_VERSION)),
                    ("application", "matchdesk"),
                ],
            )
        log = cls(path, connection)
        log.append("review_created", {"match": match, **(details or {})}, author)
        return log

    @classmethod
    def open(cls, path: Path) -> ReviewLog:
        if not path.is_file():
            raise ReviewFileError("review file not found", path)
        try:
            connection = _connect(path)
            connection.execute("SELECT value FROM meta WHERE key = 'review_id'").fetchone()
        except sqlite3.DatabaseError as error:
            raise ReviewFileError(f"not a matchdesk review file ({error})", path) from error
        return cls(path, connection)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ReviewLog:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # --- writing ----------------------------------------------------------------------------

    def append(self, kind: str, payload: dict[str, Any], author: str, refers_to: int | None = None) -> Entry:
        """Add one entry (signed when ``kind`` is a decision) in its own transaction."""
        key = load_or_create_key() if kind in SIGNED_KINDS else None
        try:
            with self._db:  # BEGIN ... COMMIT, or ROLLBACK on any error
                self._db.execute("BEGIN IMMEDIATE")
                last = self._db.execute("SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1").fetchone()
                seq, prev_hash = (last[0] + 1, last[1]) if last else (1, genesis_hash(self.review_id))
                if (
                    refers_to is not None
                    and not self._db.execute("SELECT 1 FROM entries WHERE seq = ?", (refers_to,)).fetchone()
                ):
                    raise ReviewFileError(f"entry {refers_to} does not exist", self.path)
                fields: dict[str, Any] = {
                    "seq": seq,
                    "kind": kind,
                    "payload": payload,
                    "author": author,
                    "created_at": datetime.now(UTC).isoformat(timespec="milliseconds"),
                    "refers_to": refers_to,
                    "public_key": public_key_hex(key) if key is not None else None,
                }
                digest = entry_hash(prev_hash, fields)
                signature = sign(key, bytes.fromhex(digest)) if key is not None else None
                entry = Entry(**fields, prev_hash=prev_hash, hash=digest, signature=signature)
                row = astuple(entry)
                self._db.execute(
                    f"INSERT INTO entries ({', '.join(f.name for f in dataclass_fields(Entry))})"
                    f" VALUES ({', '.join('?' * len(row))})",
                    (*row[:2], canonical(payload), *row[3:]),
                )
        except sqlite3.DatabaseError as error:
            raise ReviewFileError(
                f"could not record the {kind.replace('_', ' ')} ({error})", self.path
            ) from error
        self._write_receipt(seq, digest)
        return entry

    # --- reading ----------------------------------------------------------------------------

    def entries(self) -> Iterator[Entry]:
        rows = self._db.execute(
            "SELECT seq, kind, payload, author, created_at, refers_to, prev_hash, hash, public_key, signature"
            " FROM entries ORDER BY seq"
        )
        for row in rows:
            yield Entry(row[0], row[1], json.loads(row[2]), *row[3:])

    def _meta(self, key: str) -> str:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise ReviewFileError(f"the review file has no {key}", self.path)
        return str(row[0])

    # --- receipts ---------------------------------------------------------------------------

    def _receipt_path(self) -> Path:
        return receipts_dir() / f"{self.review_id}.json"

    def _write_receipt(self, seq: int, digest: str) -> None:
        target = self._receipt_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        write_text_whole(target, json.dumps({"seq": seq, "hash": digest, "file": str(self.path)}))

    def receipt(self) -> dict[str, Any] | None:
        path = self._receipt_path()
        if not path.exists():
            return None
        receipt: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return receipt


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, timeout=10)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")  # a recorded decision survives a power cut
    return connection


@dataclass(frozen=True)
class Verification:
    """What ``verify`` found."""

    ok: bool
    entries: int
    signed: int
    problems: list[str]
    signers: list[str]  # key fingerprints
    head: str  # hash of the newest entry

    def summary(self, path: Path) -> str:
        if self.ok:
            keys = ", ".join(self.signers) or "none"
            return (
                f"{path}: intact: {self.entries} entries, {self.signed} signed decisions verified"
                f" (signing keys: {keys}); head {self.head[:16]}"
            )
        return f"{path}: TAMPERED: " + "; ".join(self.problems)


def verify(path: Path) -> Verification:
    """Check the chain and every signature; name the first entry altered or removed."""
    with ReviewLog.open(path) as log:
        try:
            entries = list(log.entries())
        except (sqlite3.DatabaseError, json.JSONDecodeError) as error:
            return Verification(False, 0, 0, [f"the log cannot be read ({error})"], [], "")
        problems: list[str] = []
        previous_hash, expected_seq, signed, signers = genesis_hash(log.review_id), 1, 0, set()
        hashes: dict[int, str] = {}
        for entry in entries:
            if entry.seq != expected_seq:
                problems.append(entries_removed(expected_seq, entry.seq))
                break
            if entry.prev_hash != previous_hash:
                problems.append(f"entry {entry.seq} ({entry.kind}) does not follow the entry before it")
                break
            fields = {
                "seq": entry.seq,
                "kind": entry.kind,
                "payload": entry.payload,
                "author": entry.author,
                "created_at": entry.created_at,
                "refers_to": entry.refers_to,
                "public_key": entry.public_key,
            }
            if entry_hash(entry.prev_hash, fields) != entry.hash:
                problems.append(
                    f"entry {entry.seq} ({entry.kind}) was altered: its content no longer matches its hash"
                )
                break
            if entry.kind in SIGNED_KINDS:
                if not entry.public_key or not entry.signature:
                    problems.append(f"entry {entry.seq} ({entry.kind}) has lost its signature")
                    break
                if not signature_is_valid(entry.public_key, bytes.fromhex(entry.hash), entry.signature):
                    problems.append(f"entry {entry.seq} ({entry.kind}) has an invalid signature")
                    break
                signed += 1
                signers.add(fingerprint(entry.public_key))
            hashes[entry.seq] = entry.hash
            previous_hash, expected_seq = entry.hash, expected_seq + 1
        receipt = log.receipt()
        if not problems and receipt is not None:
            last = expected_seq - 1
            if receipt["seq"] > last:
                problems.append(
                    f"entries {last + 1}-{receipt['seq']} removed from the end (this machine recorded them)"
                )
            elif hashes.get(receipt["seq"]) != receipt["hash"]:
                problems.append(f"entry {receipt['seq']} differs from the one this machine recorded")
    return Verification(not problems, len(entries), signed, problems, sorted(signers), previous_hash)
