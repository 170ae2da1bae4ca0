"""Opening the records database: one SQLite file in the user's data folder (WAL), or PostgreSQL by URL
(``--db`` or ``MATCHDESK_DB``). The schema is brought up to date by Alembic on every open."""

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

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        try:
            self.engine: Engine = create_engine(self.url, future=True, **_engine_options(self.url))
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
