"""What the athletes screens show, read from the database in one go: the roster's rows, one athlete's
page (record, sessions, season, wellness, tests, notes) and one session's chart series. Headless, so
the screens only draw and the command line and tests can read the same."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd
from sqlalchemy import func, select

from athletes.access.access_log import log_read
from athletes.access.actor import Actor, local_admin
from athletes.dashboard import AthleteSeason, season, session_load
from athletes.database import Database
from athletes.importer import read_series
from athletes.models import Athlete, Note, SessionSeries, Team, TestResult, TrainingSession, Wellness
from athletes.records import list_athletes, thresholds
from matchdesk.errors import MatchdeskError


@dataclass(frozen=True)
class RosterRow:
    athlete_id: int
    name: str
    sport: str | None
    team: str | None
    level: str | None
    coach: str | None
    sessions: int
    last_day: date | None


@dataclass(frozen=True)
class FilterChoices:
    sports: list[str]
    teams: list[str]
    levels: list[str]


@dataclass(frozen=True)
class SessionRow:
    session_id: int
    start: datetime  # in the zone the session was recorded in
    kind: str
    duration_s: float
    hr_mean: float | None
    hr_max: float | None
    distance_m: float
    load: float
    rpe: float | None
    source: str | None
    source_format: str | None
    artefacts: list[str]
    has_series: bool


@dataclass
class AthletePage:
    athlete_id: int
    name: str
    # (what, value, where the value came from or ""), in English; the screen translates the labels
    # and the sources (report_text.with_hr_source)
    facts: list[tuple[str, str, str]]
    sessions: list[SessionRow]
    season: AthleteSeason
    wellness: pd.DataFrame  # day index; sleep_hours, sleep_quality, fatigue, soreness, stress, mood
    tests: list[tuple[date, str, float, str]]
    notes: list[tuple[datetime, str | None, str]] = field(default_factory=list)


@dataclass
class SessionChart:
    seconds: np.ndarray
    hr: np.ndarray
    speed_kmh: np.ndarray | None
    zone_bounds: np.ndarray  # lower edge of zones 1..5 in bpm
    hr_max: float
    hsr_kmh: float
    sprint_kmh: float


def roster(
    database: Database,
    search: str | None = None,
    sport: str | None = None,
    team: str | None = None,
    level: str | None = None,
    actor: Actor | None = None,
) -> list[RosterRow]:
    """The roster, filtered, with each athlete's session count and last day (HRV readings not counted);
    only the athletes ``actor`` may see."""
    actor = actor or local_admin()
    with database.session() as session:
        athletes = [a for a in list_athletes(session, search, sport, team, level) if actor.may_see(a)]
        counts = dict(
            (athlete_id, (count, last))
            for athlete_id, count, last in session.execute(
                select(TrainingSession.athlete_id, func.count(), func.max(TrainingSession.day))
                .where(TrainingSession.kind != "hrv")
                .group_by(TrainingSession.athlete_id)
            )
        )
        return [
            RosterRow(
                a.id,
                a.name,
                a.sport,
                a.team.name if a.team else None,
                a.level,
                a.coach,
                *counts.get(a.id, (0, None)),
            )
            for a in athletes
        ]


def filter_choices(database: Database) -> FilterChoices:
    with database.session() as session:
        sports = session.scalars(select(Athlete.sport).where(Athlete.sport.is_not(None)).distinct()).all()
        teams = session.scalars(select(Team.name).distinct()).all()
        levels = session.scalars(select(Athlete.level).where(Athlete.level.is_not(None)).distinct()).all()
    return FilterChoices(sorted(s for s in sports if s), sorted(teams), sorted(lv for lv in levels if lv))


def athlete_page(
    database: Database,
    athlete_id: int,
    today: date | None = None,
    actor: Actor | None = None,
    measure: str = "internal",
) -> AthletePage:
    """One athlete's page, when ``actor`` may see them (notes only for roles that see notes), his
    season's load counted as ``measure``; the read is logged."""
    actor = actor or local_admin()
    with database.session() as session:
        athlete = session.get(Athlete, athlete_id)
        if athlete is None:
            raise MatchdeskError("no such athlete", f"athlete {athlete_id}")
        actor.require_sight(athlete)
        sees_notes = actor.may_see_notes(athlete)
        name = athlete.name
        facts = _facts(athlete)
        stored = session.scalars(
            select(TrainingSession)
            .where(TrainingSession.athlete_id == athlete_id, TrainingSession.kind != "hrv")
            .order_by(TrainingSession.start_utc.desc())
        ).all()
        with_series = set(
            session.scalars(
                select(SessionSeries.session_id)
                .join(TrainingSession, SessionSeries.session_id == TrainingSession.id)
                .where(TrainingSession.athlete_id == athlete_id)
            )
        )
        sessions = [_session_row(s, s.id in with_series) for s in stored]
        wellness = pd.DataFrame(
            [
                (w.day, w.sleep_hours, w.sleep_quality, w.fatigue, w.soreness, w.stress, w.mood)
                for w in session.scalars(
                    select(Wellness).where(Wellness.athlete_id == athlete_id).order_by(Wellness.day)
                )
            ],
            columns=["day", "sleep_hours", "sleep_quality", "fatigue", "soreness", "stress", "mood"],
        ).set_index("day")
        tests = [
            (t.day, t.kind, t.value, t.unit)
            for t in session.scalars(
                select(TestResult).where(TestResult.athlete_id == athlete_id).order_by(TestResult.day)
            )
        ]
        notes = (
            [
                (n.written_at, n.author, n.text)
                for n in session.scalars(
                    select(Note).where(Note.athlete_id == athlete_id).order_by(Note.written_at.desc())
                )
            ]
            if sees_notes
            else []
        )
        log_read(session, actor, [athlete_id], "athlete page")
    (own_season,) = season(database, today=today, athlete_ids=[athlete_id], measure=measure)
    return AthletePage(athlete_id, name, facts, sessions, own_season, wellness, tests, notes)


def session_chart(database: Database, session_id: int) -> SessionChart:
    """A session's heart rate and speed against time, with the athlete's zones."""
    with database.session() as session:
        stored = session.get(TrainingSession, session_id)
        if stored is None:
            raise MatchdeskError("no such session", f"session {session_id}")
        athlete = session.get(Athlete, stored.athlete_id)
        assert athlete is not None
        limits = thresholds(athlete, stored.hr_max)
    table = read_series(database, session_id)
    speed = table["speed_kmh"].to_numpy(float) if "speed_kmh" in table else None
    if speed is not None and not np.isfinite(speed).any():
        speed = None
    return SessionChart(
        table["seconds"].to_numpy(float),
        table["hr"].to_numpy(float),
        speed,
        limits.zone_bounds(),
        limits.hr_max,
        limits.hsr_kmh,
        limits.sprint_kmh,
    )


def _facts(athlete: Athlete) -> list[tuple[str, str, str]]:
    def number(value: float | None, unit: str) -> str:
        return "-" if value is None else f"{value:g} {unit}"

    def source(value: float | None, where: str | None) -> str:
        return where or "" if value is not None else ""

    return [
        ("Sport", " / ".join(p for p in (athlete.sport, athlete.discipline) if p) or "-", ""),
        ("Team", athlete.team.name if athlete.team else "-", ""),
        ("Level", athlete.level or "-", ""),
        ("Coach", athlete.coach or "-", ""),
        ("Born", athlete.date_of_birth.isoformat() if athlete.date_of_birth else "-", ""),
        ("Sex", athlete.sex, ""),
        ("HRmax", number(athlete.hr_max, "bpm"), source(athlete.hr_max, athlete.hr_max_source)),
        ("Resting HR", number(athlete.hr_rest, "bpm"), source(athlete.hr_rest, athlete.hr_rest_source)),
        ("HSR / sprint", f"{athlete.hsr_kmh:g} / {athlete.sprint_kmh:g} km/h", ""),
    ]


def _session_row(stored: TrainingSession, has_series: bool) -> SessionRow:
    return SessionRow(
        stored.id,
        stored.local_start,
        stored.kind,
        stored.duration_s,
        stored.hr_mean,
        stored.hr_max,
        stored.distance_m,
        session_load(stored.rpe, stored.duration_s, stored.trimp_banister),
        stored.rpe,
        stored.source_file,
        stored.source_format,
        list(stored.artefacts or []),
        has_series,
    )
