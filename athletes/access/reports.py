"""The department's reports as a signed-in user writes them, from the command line or the window: who
may write them, the consent they need, and the access-log entry for the export."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from athletes.access.access_log import log_access
from athletes.access.actor import Actor
from athletes.access.consent import require_consent
from athletes.database import Database
from athletes.models import Athlete
from matchdesk.errors import MatchdeskError


def profile_report(
    database: Database, actor: Actor, athlete_id: int, target: Path, language: str, measure: str = "internal"
) -> Path:
    """One athlete's profile, when ``actor`` sees them and their monitoring consent is in force."""
    from athletes.reports import write_profile_report

    with database.session() as session:
        athlete = session.get(Athlete, athlete_id)
        if athlete is None:
            raise MatchdeskError(f"no athlete #{athlete_id}")
        actor.require_sight(athlete)
        require_consent(session, athlete, "monitoring")
        log_access(session, actor, "export", [athlete_id], {"report": "profile", "file": target.name})
        session.commit()
    return write_profile_report(database, athlete_id, target, language, measure)


def department_report(
    database: Database, actor: Actor, target: Path, language: str, measure: str = "internal"
) -> Path:
    """Every team's report, with names and health data: admins only."""
    from athletes.reports import write_department_report

    actor.require_admin("write the department report (names and health data of every team)")
    with database.session() as session:
        everyone = list(session.scalars(select(Athlete.id)))
        log_access(session, actor, "export", everyone, {"report": "department", "file": target.name})
        session.commit()
    return write_department_report(database, target, language, measure)
