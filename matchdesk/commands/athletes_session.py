"""The athletes commands' session: the database opened, and the user signed in on it."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from athletes.access.actor import Actor
    from athletes.database import Database


def open_database(arguments: argparse.Namespace) -> Database:
    """The database, on PostgreSQL as ``--user`` (the server checks the password)."""
    from athletes.access.accounts import password_from_environment
    from athletes.database import Database, default_url

    url = arguments.db or default_url()
    user = getattr(arguments, "user", None)
    if user and url.startswith("postgresql"):
        from sqlalchemy.engine import make_url

        url = (
            make_url(url)
            .set(username=user, password=password_from_environment(user))
            .render_as_string(hide_password=False)
        )
    return Database(url)


def signed_in(arguments: argparse.Namespace, database: Database) -> Actor:
    from athletes.access.accounts import sign_in

    return sign_in(database, getattr(arguments, "user", None))


def signed_in_database(arguments: argparse.Namespace) -> tuple[Database, Actor]:
    """The database, and the user acting on it (signed in as ``--user``)."""
    database = open_database(arguments)
    return database, signed_in(arguments, database)


def athlete_id(database: Database, name_or_number: str, actor: Actor | None = None) -> int:
    """The id of the athlete a command names (by name or number); MatchdeskError when there is none,
    or when ``actor`` may not see them."""
    from athletes.records import find_athlete

    with database.session() as session:
        athlete = find_athlete(session, name_or_number)
        if actor is not None:
            actor.require_sight(athlete)
        return athlete.id


def write_result(value: Any, as_json: bool, line: str | None = None) -> None:
    """``value`` as JSON for scripts, or in words for people: ``line``, or the value itself."""
    words = str(value) if line is None else line
    sys.stdout.write((json.dumps(value, ensure_ascii=False, indent=1) if as_json else words) + "\n")


def no_analyst(actor: Actor, doing: str) -> None:
    from athletes.access.actor import AccessRefused

    if not actor.sees_names:
        raise AccessRefused(
            f"{actor.login} (analyst) sees statistics without names "
            f"(matchdesk athletes statistics), not {doing}"
        )
