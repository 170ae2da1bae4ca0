"""Accounts: adding users and signing in.

Laptop (SQLite): whoever holds the file's key acts as its admin until the first account is added;
from then on every command names a user and a password (checked against an scrypt hash).
Department (PostgreSQL): each user is a login role; the server checks the password (SCRAM) and the
database's owner acts as admin.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import os
import re
import secrets
import sys
from datetime import UTC, datetime

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from athletes.access.access_log import log_access
from athletes.access.actor import Actor
from athletes.access.tables import ROLES, User, UserTeam
from athletes.database import Database
from athletes.models import Team
from athletes.records import find_athlete
from matchdesk.errors import MatchdeskError

PASSWORD_VARIABLE = "MATCHDESK_PASSWORD"
LOGIN_RULE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${salt.hex()}${digest.hex()}"


def password_matches(stored: str, password: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        found = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(found.hex(), digest)


def password_from_environment(login: str) -> str:
    """``MATCHDESK_PASSWORD``, or a prompt on a terminal."""
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None and sys.stdin.isatty():
        password = getpass.getpass(f"password for {login}: ")
    if not password:
        raise MatchdeskError(f"no password for {login}: set MATCHDESK_PASSWORD or run on a terminal")
    return password


def sign_in(database: Database, login: str | None, password: str | None = None) -> Actor:
    """The user the commands and windows act as. MatchdeskError when the sign-in fails."""
    if database.engine.dialect.name == "postgresql":
        return _postgresql_actor(database)
    with database.session() as session:
        accounts = session.scalar(select(func.count()).select_from(User)) or 0
        if accounts == 0:
            return Actor(login or getpass.getuser(), "admin")
        if not login:
            raise MatchdeskError("this database has accounts: sign in with --user LOGIN (or MATCHDESK_USER)")
        user = session.scalar(select(User).where(User.login == login))
        password = password if password is not None else password_from_environment(login)
        if user is None or not user.password_hash or not password_matches(user.password_hash, password):
            raise MatchdeskError(f"sign-in refused for {login}: wrong login or password")
        return _actor(session, user)


def _postgresql_actor(database: Database) -> Actor:
    with database.session() as session:
        me = session.execute(text("SELECT session_user")).scalar_one()
        owner = session.execute(
            text(
                "SELECT pg_get_userbyid(datdba) = session_user OR (SELECT rolsuper FROM pg_roles "
                "WHERE rolname = session_user) FROM pg_database WHERE datname = current_database()"
            )
        ).scalar_one()
        if owner:
            return Actor(me, "admin")
        user = session.scalar(select(User).where(User.login == me))
        if user is None:
            raise MatchdeskError(f"{me} has no matchdesk account in this database")
        return _actor(session, user)


def _actor(session: Session, user: User) -> Actor:
    teams = session.scalars(select(UserTeam.team_id).where(UserTeam.user_id == user.id)).all()
    return Actor(user.login, user.role, frozenset(teams), user.athlete_id)


def add_user(
    database: Database,
    actor: Actor,
    login: str,
    role: str,
    password: str,
    teams: list[str] | None = None,
    athlete: str | None = None,
) -> None:
    """A new account (admins only). On PostgreSQL also its login role, in the role's group."""
    actor.require_admin("add accounts")
    if not LOGIN_RULE.match(login):
        raise MatchdeskError("a login is lower-case letters, digits and _ (at most 63)", login)
    if role not in ROLES:
        raise MatchdeskError(f"role is one of {', '.join(ROLES)}", login)
    if role in ("coach", "medical") and not teams:
        raise MatchdeskError(f"a {role} needs --team (the teams in their care)", login)
    if role == "athlete" and not athlete:
        raise MatchdeskError("an athlete's account needs --athlete (their own record)", login)
    if len(password) < 8:
        raise MatchdeskError("a password has at least 8 characters", login)
    postgres = database.engine.dialect.name == "postgresql"
    with database.session() as session:
        if session.scalar(select(User).where(User.login == login)) is not None:
            raise MatchdeskError("this login exists already", login)
        team_rows = []
        for name in teams or []:
            team = session.scalar(select(Team).where(Team.name == name))
            if team is None:
                raise MatchdeskError("no such team", name)
            team_rows.append(team)
        own = find_athlete(session, athlete).id if athlete else None
        if postgres:
            quoted = password.replace("'", "''")
            # An admin adds accounts in turn: they may create login roles and grant the groups.
            may_create = " CREATEROLE" if role == "admin" else ""
            session.execute(text(f"CREATE ROLE \"{login}\" LOGIN{may_create} PASSWORD '{quoted}'"))
            session.execute(text(f'GRANT matchdesk_{role} TO "{login}"'))
            if role == "admin":
                groups = ", ".join(f"matchdesk_{r}" for r in ROLES)
                session.execute(text(f'GRANT {groups} TO "{login}" WITH ADMIN OPTION'))
        user = User(
            login=login,
            role=role,
            athlete_id=own,
            password_hash=None if postgres else hash_password(password),
            created_at=datetime.now(UTC),
        )
        session.add(user)
        session.flush()
        session.add_all(UserTeam(user_id=user.id, team_id=team.id) for team in team_rows)
        log_access(session, actor, "account", [], {"added": login, "role": role, "teams": teams or []})
        session.commit()
