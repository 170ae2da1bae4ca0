"""The signed-in user and what their role lets them see and change.

- admin: everything, accounts and settings;
- coach: the athletes of the teams they are given (records, sessions, load, wellness, tests), not
  the medical notes;
- medical: the health data of the athletes of their teams, notes included;
- analyst: statistics without names or dates of birth;
- athlete: their own record.

On PostgreSQL the same rules are row-level security policies, so that a login reads nothing more
with psql than through matchdesk.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from athletes.models import Athlete
from matchdesk.errors import MatchdeskError

# What each role may change, besides reading what it sees.
CHANGES: dict[str, frozenset[str]] = {
    "admin": frozenset({"record", "session", "wellness", "test", "note", "consent", "live", "erase"}),
    "coach": frozenset({"session", "wellness", "test", "consent", "live"}),
    "medical": frozenset({"session", "wellness", "test", "note", "consent", "live"}),
    "athlete": frozenset({"wellness"}),
    "analyst": frozenset(),
}


def local_admin() -> Actor:
    """Whoever holds the laptop file's key, before any account is added: its admin."""
    import getpass

    return Actor(getpass.getuser(), "admin")


def visible_athlete_ids(session: Session, actor: Actor) -> list[int]:
    """The athletes ``actor`` may see (the dashboard's and the squad view's rows)."""
    return [a.id for a in session.scalars(select(Athlete).order_by(Athlete.id)) if actor.may_see(a)]


class AccessRefused(MatchdeskError):
    """The signed-in user's role does not allow this."""


@dataclass(frozen=True)
class Actor:
    login: str
    role: str
    team_ids: frozenset[int] = field(default_factory=frozenset)
    athlete_id: int | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def sees_names(self) -> bool:
        return self.role != "analyst"

    def may_ever(self, what: str) -> bool:
        """Whether the role may change ``what`` for some athlete (menus offered or not)."""
        return what in CHANGES.get(self.role, frozenset())

    def may_see(self, athlete: Athlete) -> bool:
        if self.role == "admin":
            return True
        if self.role == "athlete":
            return athlete.id == self.athlete_id
        if self.role in ("coach", "medical"):
            return athlete.team_id is not None and athlete.team_id in self.team_ids
        return False

    def may_see_notes(self, athlete: Athlete) -> bool:
        return self.role != "coach" and self.may_see(athlete)

    def may_change(self, athlete: Athlete, what: str) -> bool:
        return what in CHANGES.get(self.role, frozenset()) and self.may_see(athlete)

    def require_sight(self, athlete: Athlete) -> None:
        if not self.may_see(athlete):
            raise AccessRefused(
                f"{self.login} ({self.role}) may not see this athlete", f"athlete #{athlete.id}"
            )

    def require_change(self, athlete: Athlete, what: str) -> None:
        self.require_sight(athlete)
        if not self.may_change(athlete, what):
            raise AccessRefused(
                f"{self.login} ({self.role}) may not change this athlete's {what}", f"athlete #{athlete.id}"
            )

    def require_admin(self, doing: str) -> None:
        if not self.is_admin:
            raise AccessRefused(f"only an admin may {doing}; {self.login} is {self.role}")
