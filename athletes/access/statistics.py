"""Statistics that may leave the department (for the province): counts and means per team, sport,
sex and level, of the athletes whose statistics consent is in force, with no names and no dates of
birth; groups of fewer than 5 athletes are suppressed (the ``athlete_statistics`` view, created by
the migrations, so that an analyst's login on PostgreSQL reads the same and nothing more)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, text

from athletes.access.access_log import log_access
from athletes.access.actor import AccessRefused, Actor
from athletes.access.tables import ErasedCounts
from athletes.database import Database

SMALLEST_GROUP = 5


def province_statistics(database: Database, actor: Actor) -> dict[str, Any]:
    if actor.role not in ("admin", "analyst"):
        raise AccessRefused(f"{actor.login} ({actor.role}) may not read the department's statistics")
    with database.session() as session:
        groups = [
            {
                "team": row.team,
                "sport": row.sport,
                "sex": row.sex,
                "level": row.level,
                "athletes": int(row.athletes),
                "sessions": int(row.sessions),
                "minutes": round(float(row.minutes or 0.0), 1),
                "hr_mean": None if row.hr_mean is None else round(float(row.hr_mean), 1),
                "distance_km": None if row.distance_km is None else round(float(row.distance_km), 2),
            }
            for row in session.execute(
                text("SELECT * FROM athlete_statistics ORDER BY team, sport, sex, level")
            )
        ]
        erased = session.execute(
            select(
                func.coalesce(func.sum(ErasedCounts.athletes), 0),
                func.coalesce(func.sum(ErasedCounts.sessions), 0),
            )
        ).one()
        log_access(session, actor, "export", [], {"kind": "statistics", "groups": len(groups)})
        session.commit()
    return {
        "groups": groups,
        "smallest_group": SMALLEST_GROUP,
        "erased": {"athletes": int(erased[0]), "sessions": int(erased[1])},
    }
