"""Opening the records database: one SQLite file in the user's data folder (WAL), encrypted with
SQLCipher when it has a key (:mod:`athletes.access.encryption`), or PostgreSQL by URL (``--db`` or
``MATCHDESK_DB``). The schema is brought up to date by Alembic on every open."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import platformdirs
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

import athletes.access.tables
import athletes.department.tables  # noqa: F401  (and the department's records)
from athletes.access.encryption import (
    check_key,
    cipher_url,
    find_key,
    is_plain,
    new_key,
    on_a_terminal,
    sqlite_path,
    store_in_keyring,
)
from matchdesk.errors import MatchdeskError

logger = logging.getLogger(__name__)

DATABASE_VARIABLE = "MATCHDESK_DB"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def default_url() -> str:
    """``MATCHDESK_DB`` if set, else ``athletes.sqlite`` in matchdesk's data folder."""
    configured = os.environ.get(DATABASE_VARIABLE)
    if configured:
        return configured
    folder = Path(os.environ.get("MATCHDESK_DATA_DIR") or platformdirs.user_data_dir("matchdesk"))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'athletes.sqlite'}"


class Database:
    """An engine, its migrated schema and a session factory."""

    def __init__(self, url: str | None = None, key: str | None = None) -> None:
        """``key``: the SQLite file's key (else ``MATCHDESK_DB_KEY``, the keyring, or a prompt)."""
        self.url = url or default_url()
        self.encrypted = False
        try:
            path = sqlite_path(self.url)
            engine_url = self.url if path is None else self._laptop_file(path, key, laptop=url is None)
            self.engine: Engine = create_engine(engine_url, future=True, **_engine_options(engine_url))
        except (ArgumentError, ImportError, ValueError) as error:
            raise MatchdeskError(
                f"not a database URL matchdesk can open ({error})", _shown(self.url)
            ) from error
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        try:
            self.migrate()
        except OperationalError as error:
            raise MatchdeskError(f"cannot open the database ({error.orig})", _shown(self.url)) from error
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    def _laptop_file(self, path: Path, key: str | None, laptop: bool) -> str:
        """The engine URL for the SQLite file ``path``: SQLCipher when it is, or is to be, encrypted.

        A new file is encrypted whenever a key is at hand; the laptop's own file gets a new key kept
        in the keyring, or a passphrase asked on a terminal, when none is. A plain file opens as it
        is, with a warning, until ``matchdesk athletes encrypt``."""
        exists = path.exists() and path.stat().st_size > 0
        if exists and is_plain(path):
            logger.warning(
                "%s is not encrypted: anyone who copies it reads the athletes' health data "
                "(matchdesk athletes encrypt)",
                path,
            )
            return f"sqlite:///{path}"
        key = key or find_key(path, ask=exists)
        if exists:
            if not key:
                raise MatchdeskError(
                    "this database is encrypted: give its key in MATCHDESK_DB_KEY, keep it in the "
                    "keyring, or run on a terminal to be asked for its passphrase",
                    path,
                )
            check_key(path, key)
        elif not key and laptop:
            key = _first_key(path)
        if not key:
            logger.warning("%s is created unencrypted: no key (set MATCHDESK_DB_KEY)", path)
            return f"sqlite:///{path}"
        self.encrypted = True
        return cipher_url(path, key)

    def migrate(self) -> None:
        """Apply any Alembic migration not yet applied."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def session(self) -> Session:
        return self.sessions()

    def close(self) -> None:
        self.engine.dispose()


def _first_key(path: Path) -> str | None:
    """A key for the laptop's new file: a passphrase asked on a terminal, else a random key kept in
    the keyring (None when this machine has neither)."""
    import getpass

    if on_a_terminal():
        first = getpass.getpass(f"new passphrase for {path}: ")
        if first and getpass.getpass("the same passphrase again: ") == first:
            return first
        raise MatchdeskError("the two passphrases differ (or are empty)", path)
    key = new_key()
    return key if store_in_keyring(path, key) else None


def _engine_options(url: str) -> dict[str, Any]:
    if url.startswith("sqlite"):
        return {"connect_args": {"timeout": 30}}
    return {"pool_pre_ping": True}


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _shown(url: str) -> str:
    """The URL without its password, for messages."""
    head, at, tail = url.rpartition("@")
    if not at:
        return url
    scheme, _, credentials = head.partition("://")
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{tail}"
