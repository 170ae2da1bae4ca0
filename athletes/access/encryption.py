"""The laptop's athletes file, encrypted at rest with SQLCipher.

The key comes from ``MATCHDESK_DB_KEY``, else the operating system's keyring, else a passphrase
asked once on a terminal. A plain file still opens (with a warning) until ``matchdesk athletes
encrypt`` turns it into an encrypted one; ``rekey`` changes the key.
"""

from __future__ import annotations

import getpass
import logging
import os
import secrets
import sqlite3
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy.engine import make_url

from matchdesk.errors import MatchdeskError

logger = logging.getLogger(__name__)

KEY_VARIABLE = "MATCHDESK_DB_KEY"
KEYRING_SERVICE = "matchdesk-athletes"
PLAIN_HEADER = b"SQLite format 3\x00"


def sqlite_path(url: str) -> Path | None:
    """The file a ``sqlite://`` URL names (None for other databases and in-memory ones)."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def is_plain(path: Path) -> bool:
    """Whether ``path`` is an unencrypted SQLite file (its first bytes say so)."""
    with path.open("rb") as file:
        return file.read(len(PLAIN_HEADER)) == PLAIN_HEADER


def keyring_key(path: Path) -> str | None:
    """The key stored in the operating system's keyring for ``path``, when there is a keyring."""
    try:
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(KEYRING_SERVICE, str(path.resolve()))
        except (KeyringError, RuntimeError) as error:  # no backend on a headless machine
            logger.debug("no keyring: %s", error)
            return None
    except ImportError:
        return None


def store_in_keyring(path: Path, key: str) -> bool:
    """Keep ``key`` in the keyring for ``path``; False when this machine has no usable keyring."""
    try:
        import keyring
        from keyring.errors import KeyringError

        keyring.set_password(KEYRING_SERVICE, str(path.resolve()), key)
    except (ImportError, KeyringError, RuntimeError) as error:
        logger.info("the key could not go into a keyring (%s)", error)
        return False
    return True


def find_key(path: Path, ask: bool = True) -> str | None:
    """``MATCHDESK_DB_KEY``, the keyring's key for ``path``, or a passphrase asked on a terminal."""
    key = os.environ.get(KEY_VARIABLE) or keyring_key(path)
    if key:
        return key
    if ask and on_a_terminal():
        return getpass.getpass(f"passphrase for {path}: ") or None
    return None


def on_a_terminal() -> bool:
    """Whether someone can be asked for a passphrase."""
    return sys.stdin is not None and sys.stdin.isatty()


def new_key() -> str:
    return secrets.token_urlsafe(32)


def cipher_url(path: Path, key: str) -> str:
    """SQLAlchemy's SQLCipher URL for ``path`` and ``key`` (the key in the password, quoted)."""
    return f"sqlite+pysqlcipher://:{quote(key, safe='')}@/{path}"


def _cipher_connect(path: Path, key: str) -> Any:
    import sqlcipher3

    connection = sqlcipher3.connect(str(path))
    connection.execute(f"PRAGMA key = {_quoted(key)}")
    return connection


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def check_key(path: Path, key: str) -> None:
    """MatchdeskError in one line when ``key`` does not open the encrypted ``path``."""
    import sqlcipher3

    try:
        connection = _cipher_connect(path, key)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except sqlcipher3.DatabaseError as error:
        raise MatchdeskError(
            "the key does not open this encrypted database (wrong key or not a matchdesk file)", path
        ) from error


def encrypt_file(path: Path, key: str) -> int:
    """Turn the plain SQLite ``path`` into an encrypted one with ``key``; nothing lost: every table's
    rows are counted in both before the encrypted copy replaces the plain file. Returns the rows."""
    if not path.exists():
        raise MatchdeskError("no such database file", path)
    if not is_plain(path):
        raise MatchdeskError("already encrypted (use rekey to change its key)", path)
    plain = sqlite3.connect(str(path))
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = _row_counts(plain)
    finally:
        plain.close()
    encrypted = path.with_name(path.name + ".encrypting")
    encrypted.unlink(missing_ok=True)
    import sqlcipher3

    connection = sqlcipher3.connect(str(path))
    try:
        connection.execute(f"ATTACH DATABASE {_quoted(str(encrypted))} AS encrypted KEY {_quoted(key)}")
        connection.execute("SELECT sqlcipher_export('encrypted')")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        connection.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        connection.execute("DETACH DATABASE encrypted")
    finally:
        connection.close()
    check = _cipher_connect(encrypted, key)
    try:
        after = _row_counts(check)
    finally:
        check.close()
    if after != before:
        encrypted.unlink(missing_ok=True)
        raise MatchdeskError(
            "the encrypted copy does not hold every row; the plain file is left as it was", path
        )
    for leftover in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    os.replace(encrypted, path)
    return sum(before.values())


def rekey(path: Path, old_key: str, new: str) -> None:
    """Change the key of the encrypted ``path`` (SQLCipher re-encrypts every page)."""
    check_key(path, old_key)
    connection = _cipher_connect(path, old_key)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode = DELETE")  # rekey is refused in WAL mode
        connection.execute(f"PRAGMA rekey = {_quoted(new)}")
    finally:
        connection.close()
    check_key(path, new)


def _row_counts(connection: Any) -> dict[str, int]:
    tables = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}
