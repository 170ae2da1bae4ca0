"""The season dashboard: for every athlete, load, ACWR, monotony, strain, fitness/fatigue/form, HRV
against its band, and flags, computed from the stored session summaries (never the raw samples)."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import select

from athletes.database import Database
from athletes.flags import Flag, FlagRules, athlete_flags
from athletes.models import Athlete, Team, TrainingSession, Wellness
from athletes.science import hrv, load
from matchdesk.errors import MatchdeskError


@dataclass
class AthleteSeason:
    athlete_id: int
    name: str
    team: str | None
    sessions: int
    daily: pd.DataFrame  # load, acwr, acwr_uncoupled, acwr_ewma, monotony, strain, fitness, fatigue, form
    hrv: pd.DataFrame  # ln_rmssd, baseline, low, high
    flags: list[Flag] = field(default_factory=list)
    measure: str = "internal"  # what the load is counted as: a key of LOAD_MEASURES

    def latest(self, column: str) -> float | None:
        values = self.daily[column].dropna() if column in self.daily else pd.Series(dtype=float)
        return float(values.iloc[-1]) if len(values) else None


# What a session's load is counted as: internal (the athlete's effort) or external (what he ran, from
# the video or a GPS vest). Every figure built on the load says which.
LOAD_MEASURES = {
    "internal": "internal load: session RPE, else Banister's TRIMP",
    "distance": "external load: distance (m), from video or GPS",
    "hsr": "external load: high-speed running (m), from video or GPS",
}


def session_load(rpe: float | None, duration_s: float, trimp: float | None) -> float:
    """The load a session adds: Foster's session RPE when the athlete rated it, else Banister's TRIMP."""
    if rpe is not None and not math.isnan(rpe):
        return load.session_rpe_load(rpe, duration_s / 60.0)
    return 0.0 if trimp is None or math.isnan(trimp) else float(trimp)


def season(
    database: Database,
    today: date | None = None,
    team: str | None = None,
    athlete_ids: list[int] | None = None,
    rules: FlagRules | None = None,
    measure: str = "internal",
) -> list[AthleteSeason]:
    """Every athlete's season to ``today`` (default: the last day with a session), its load counted as
    ``measure`` (one of ``LOAD_MEASURES``)."""
    if measure not in LOAD_MEASURES:
        raise MatchdeskError(f"no load measure {measure!r}: one of {', '.join(LOAD_MEASURES)}")
    with database.session() as session:
        athletes_query = select(Athlete.id, Athlete.name, Team.name).outerjoin(
            Team, Athlete.team_id == Team.id
        )
        if team:
            athletes_query = athletes_query.where(Team.name == team)
        if athlete_ids is not None:
            athletes_query = athletes_query.where(Athlete.id.in_(athlete_ids))
        athletes = session.execute(athletes_query.order_by(Athlete.id)).all()
        ids = [row[0] for row in athletes]
        rows = session.execute(
            select(
                TrainingSession.athlete_id,
                TrainingSession.day,
                TrainingSession.kind,
                TrainingSession.rpe,
                TrainingSession.duration_s,
                TrainingSession.trimp_banister,
                TrainingSession.ln_rmssd,
                TrainingSession.distance_m,
                TrainingSession.hsr_distance_m,
            ).where(TrainingSession.athlete_id.in_(ids))
        ).all()
        wellness_rows = session.execute(
            select(Wellness.athlete_id, Wellness.day).where(Wellness.athlete_id.in_(ids))
        ).all()
    columns = ["athlete_id", "day", "kind", "rpe", "duration_s", "trimp", "ln_rmssd", "distance", "hsr"]
    sessions = pd.DataFrame(rows, columns=columns)
    sessions["day"] = pd.to_datetime(sessions["day"])
    if measure == "internal":
        sessions["load"] = [
            session_load(r, d, t) if k != "hrv" else 0.0
            for r, d, t, k in zip(
                sessions["rpe"], sessions["duration_s"], sessions["trimp"], sessions["kind"], strict=True
            )
        ]
    else:
        sessions["load"] = pd.to_numeric(sessions[measure], errors="coerce").fillna(0.0).astype(float)
    end = pd.Timestamp(today) if today is not None else (sessions["day"].max() if len(sessions) else None)
    wellness = pd.DataFrame(wellness_rows, columns=["athlete_id", "day"])
    results = []
    grouped = dict(tuple(sessions.groupby("athlete_id")))
    for athlete_id, name, team_name in athletes:
        own = grouped.get(athlete_id, sessions.iloc[0:0])
        results.append(_athlete_season(athlete_id, name, team_name, own, wellness, end, rules))
    return [dataclasses.replace(r, measure=measure) for r in results]


def _athlete_season(
    athlete_id: int,
    name: str,
    team: str | None,
    own: pd.DataFrame,
    wellness: pd.DataFrame,
    end: pd.Timestamp | None,
    rules: FlagRules | None,
) -> AthleteSeason:
    if own.empty or end is None:
        return AthleteSeason(athlete_id, name, team, 0, pd.DataFrame(), pd.DataFrame())
    daily_load = own.groupby("day")["load"].sum()
    index = pd.date_range(min(daily_load.index.min(), end), end, freq="D")
    daily = daily_load.reindex(index, fill_value=0.0).astype(np.float64)
    frame = pd.DataFrame({"load": daily})
    frame["acwr"] = load.acwr_rolling(daily)
    frame["acwr_uncoupled"] = load.acwr_rolling(daily, coupled=False)
    frame["acwr_ewma"] = load.acwr_ewma(daily)
    frame["monotony"] = load.monotony(daily)
    frame["strain"] = load.strain(daily)
    frame = frame.join(load.fitness_fatigue(daily))
    readings = own.dropna(subset=["ln_rmssd"]).groupby("day")["ln_rmssd"].mean().sort_index()
    band = (
        hrv.baseline(readings)
        if len(readings)
        else pd.DataFrame(columns=["ln_rmssd", "baseline", "low", "high"])
    )
    days = [d.date() for d in pd.to_datetime(wellness.loc[wellness["athlete_id"] == athlete_id, "day"])]
    flags = athlete_flags(end.date(), frame["acwr_ewma"], frame["monotony"], band, days, rules)
    return AthleteSeason(athlete_id, name, team, len(own), frame, band, flags)
