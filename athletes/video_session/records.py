"""A video session and the athletes' records: the squad must be on record, seen by the user, and have
consented to ``video`` (and to ``monitoring`` for their heart rate); each athlete's thresholds, HRmax
and HRrest come from the record; and, once the coach confirms the session's names, each athlete's
load is stored as one of his sessions, logged like every other access.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from athletes.access.access_log import log_access
from athletes.access.actor import Actor
from athletes.access.consent import consent_in_force, require_consent
from athletes.database import Database
from athletes.models import TrainingSession
from athletes.records import find_athlete
from tracking.external_load import LINKE_2018, LoadThresholds

VIDEO_FORMAT = "video"


@dataclass(frozen=True)
class SquadMember:
    """What a session needs of an athlete's record."""

    name: str
    athlete_id: int
    sex: str
    hr_max: float | None
    hr_rest: float | None
    thresholds: LoadThresholds
    heart_rate_allowed: bool  # monitoring consent in force


def squad_on_record(database: Database, actor: Actor, names: list[str]) -> dict[str, SquadMember]:
    """The squad's records. Raises (one line) when an athlete is not on record, not to be seen by the
    user, or has not consented to ``video``; the look is logged."""
    members = {}
    with database.session() as session:
        for name in names:
            athlete = find_athlete(session, name)
            actor.require_sight(athlete)
            require_consent(session, athlete, "video")
            members[name] = SquadMember(
                name,
                athlete.id,
                athlete.sex,
                athlete.hr_max,
                athlete.hr_rest,
                LoadThresholds(athlete.hsr_kmh, athlete.sprint_kmh, athlete.acceleration_ms2),
                consent_in_force(session, athlete.id, "monitoring"),
            )
        log_access(session, actor, "read", [m.athlete_id for m in members.values()], {"for": "video session"})
        session.commit()
    return members


def store_loads(
    database: Database,
    actor: Actor,
    members: dict[str, SquadMember],
    rows: list[dict[str, Any]],
    started: datetime,
    source: str,
) -> list[int]:
    """Each athlete's load (``matchdesk session load`` rows) stored as a session of his, in one
    transaction, logged; returns the sessions' ids. An athlete the video never tracked (not named on
    it) gets no session: an empty one would count as a day of his with no load."""
    stored = []
    with database.session() as session:
        for row in rows:
            if not row["tracked_s"] > 0:
                continue
            member = members[row["athlete"]]
            athlete = find_athlete(session, member.name)
            actor.require_change(athlete, "session")
            offset = started.utcoffset() or timedelta(0)
            heart = row["hr_mean"] if member.heart_rate_allowed else None
            record = TrainingSession(
                athlete_id=member.athlete_id,
                kind="training",
                start_utc=started.astimezone(UTC).replace(tzinfo=None),
                utc_offset_min=int(offset.total_seconds() // 60),
                day=started.date(),
                duration_s=float(row["tracked_s"]),
                source_file=source,
                source_format=VIDEO_FORMAT,
                samples=0,
                hr_mean=heart,
                distance_m=float(row["distance_m"]),
                top_speed_kmh=float(row["top_speed_kmh"]),
                hsr_distance_m=float(row["hsr_m"]),
                sprints=int(row["sprints"]),
                accelerations=int(row["accelerations"]),
                decelerations=int(row["decelerations"]),
                trimp_banister=row["trimp"] if member.heart_rate_allowed else None,
                notes=(
                    f"external load from video ({row['source']['camera']}, tracked "
                    f"{100 * row['source']['tracked_share']:.0f} % of the {row['window']}, calibration "
                    f"{row['source']['calibration_error_px']} px); {LINKE_2018}"
                ),
            )
            session.add(record)
            session.flush()
            stored.append(record.id)
        log_access(
            session,
            actor,
            "import",
            [members[r["athlete"]].athlete_id for r in rows],
            {"video session": source},
        )
        session.commit()
    return stored


@dataclass(frozen=True)
class SessionRecords:
    """The athletes' records a session window reads and, once the coach confirms, writes to: the
    database and the user signed in."""

    database: Database
    actor: Actor

    def squad(self, names: list[str]) -> dict[str, SquadMember]:
        return squad_on_record(self.database, self.actor, names)

    def store(self, rows: list[dict[str, Any]], started: datetime, source: str) -> list[int]:
        """``rows`` (``athletes_load``'s, worked out with :meth:`squad`) stored as sessions."""
        members = self.squad([row["athlete"] for row in rows])
        return store_loads(self.database, self.actor, members, rows, started, source)
