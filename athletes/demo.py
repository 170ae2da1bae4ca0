"""A demo squad: two teams, eight weeks of training, HRV and wellness, so the screens and reports can
be seen without anyone's wearables. Every number is synthetic and says so in the session's source.

Most sessions are stored as summaries only (as a season of imports leaves them); each athlete's last
sessions carry a full 1 Hz recording (heart rate, GPS, speed) stored through the ordinary import path,
so the session charts have something to draw. Three athletes are given something a coach should see:
a load spike, an HRV drop below the baseline band, and missing wellness questionnaires.
"""

from __future__ import annotations

import logging
import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path

import numpy as np

from athletes.access.actor import Actor
from athletes.access.consent import consent_to
from athletes.database import Database
from athletes.importer import store_recording
from athletes.models import TestResult, TrainingSession, Wellness
from athletes.records import NewAthlete, add_athlete
from athletes.vocabulary import HR_FROM_TEST, HR_MORNINGS
from athletes.wearables.recording import Recording

logger = logging.getLogger(__name__)

VIETNAM = timezone(timedelta(hours=7))
PITCH_ORIGIN = (10.9510, 106.8200)  # a training ground's corner (latitude, longitude)
METRES_PER_DEGREE = 111_320.0
DEMO_SOURCE = "demo squad (synthetic)"


@dataclass(frozen=True)
class DemoAthlete:
    name: str
    sex: str
    born: date
    sport: str
    team: str
    level: str
    hr_max: float
    hr_rest: float
    story: str = ""  # "spike", "hrv_drop", "no_wellness" or nothing


FOOTBALL, ATHLETICS = "Bóng đá", "Điền kinh"
SQUAD = (
    DemoAthlete("Nguyễn Văn An", "male", date(2007, 3, 14), FOOTBALL, "Bóng đá nam U19", "youth", 201, 52),
    DemoAthlete("Trần Minh Đức", "male", date(2007, 8, 2), FOOTBALL, "Bóng đá nam U19", "youth", 198, 55),
    DemoAthlete(
        "Phạm Quốc Huy", "male", date(2008, 1, 22), FOOTBALL, "Bóng đá nam U19", "youth", 203, 50, "spike"
    ),
    DemoAthlete("Lê Hoàng Nam", "male", date(2007, 11, 5), FOOTBALL, "Bóng đá nam U19", "youth", 199, 54),
    DemoAthlete(
        "Ngô Đức Thịnh",
        "male",
        date(2006, 6, 30),
        FOOTBALL,
        "Bóng đá nam U19",
        "youth",
        196,
        56,
        "no_wellness",
    ),
    DemoAthlete("Hoàng Gia Bảo", "male", date(2007, 4, 18), FOOTBALL, "Bóng đá nam U19", "youth", 200, 53),
    DemoAthlete(
        "Nguyễn Thị Hương", "female", date(2001, 9, 9), ATHLETICS, "Điền kinh tỉnh", "national", 194, 48
    ),
    DemoAthlete(
        "Trần Thị Mai",
        "female",
        date(2003, 2, 27),
        ATHLETICS,
        "Điền kinh tỉnh",
        "provincial",
        197,
        51,
        "hrv_drop",
    ),
    DemoAthlete(
        "Lê Thị Hồng Nhung", "female", date(2004, 12, 1), ATHLETICS, "Điền kinh tỉnh", "provincial", 199, 50
    ),
    DemoAthlete("Đỗ Minh Khoa", "male", date(2002, 7, 12), ATHLETICS, "Điền kinh tỉnh", "national", 195, 47),
)
COACHES = {FOOTBALL: "Vũ Mạnh Cường", ATHLETICS: "Phan Thị Lan"}


DEMO_ACTOR = Actor("demo", "admin")


def fill_demo_squad(
    database: Database, end: date | None = None, weeks: int = 8, recorded_sessions: int = 2, seed: int = 11
) -> list[int]:
    """Add the demo squad's athletes and their season to ``end`` (default today); returns their ids."""
    end = end or date.today()
    rng = random.Random(seed)
    first = end - timedelta(weeks=weeks) + timedelta(days=1)
    ids: list[int] = []
    for member in SQUAD:
        with database.session() as session:
            athlete = add_athlete(
                session,
                NewAthlete(
                    member.name,
                    sex=member.sex,
                    date_of_birth=member.born,
                    sport=member.sport,
                    team=member.team,
                    level=member.level,
                    coach=COACHES[member.sport],
                    hr_max=member.hr_max,
                    hr_max_source=HR_FROM_TEST,
                    hr_rest=member.hr_rest,
                    hr_rest_source=HR_MORNINGS,
                ),
            )
            athlete_id = athlete.id
            # Synthetic athletes: their (imaginary) forms cover every purpose but research.
            consent_to(
                session, DEMO_ACTOR, athlete, ("monitoring", "live", "video", "statistics"), "demo guardian"
            )
            training_days = _training_days(first, end)
            summarised, recorded = training_days[:-recorded_sessions], training_days[-recorded_sessions:]
            for day in summarised:
                session.add(_summary_session(athlete_id, member, day, end, rng))
            for day in _days(first, end):
                session.add(_hrv_reading(athlete_id, member, day, end, rng))
                skipped = member.story == "no_wellness" and (end - day).days <= 4
                if not skipped and (rng.random() < 0.9 or (end - day).days < 3):
                    session.add(_wellness(athlete_id, member, day, end, rng))
            session.add(
                TestResult(
                    athlete_id=athlete_id,
                    day=first + timedelta(days=2),
                    kind="max HR test",
                    value=member.hr_max,
                    unit="bpm",
                )
            )
            sprint = 4.1 if member.sex == "male" else 4.6
            session.add(
                TestResult(
                    athlete_id=athlete_id,
                    day=first + timedelta(days=3),
                    kind="30 m sprint",
                    value=round(sprint + rng.random() * 0.3, 2),
                    unit="s",
                )
            )
            session.commit()
        for day in recorded:
            minutes = 110 if member.story == "spike" else 45
            recording = demo_recording(member, day, rng, minutes)
            store_recording(database, athlete_id, recording, digest=None, rpe=_rpe(member, day, end, rng))
        ids.append(athlete_id)
        logger.info("demo athlete %s added", member.name)
    return ids


def demo_recording(member: DemoAthlete, day: date, rng: random.Random, minutes: int = 45) -> Recording:
    """A 1 Hz training recording: warm-up, small-sided games with sprints, cool-down, on a pitch."""
    seconds = np.arange(minutes * 60, dtype=np.float64)
    speed = np.empty_like(seconds)
    current = 1.5
    for index, second in enumerate(seconds):
        phase = second / len(seconds)
        if phase < 0.15 or phase > 0.9:
            target = 2.2  # jogging, m/s
        elif rng.random() < 0.01:
            target = 7.6  # a sprint, ~27 km/h
        elif rng.random() < 0.05:
            target = rng.choices([0.8, 1.5, 2.5, 4.0, 5.5], weights=[3, 3, 2, 1, 0.5])[0]
        else:
            target = current
        current += (target - current) * 0.35
        speed[index] = max(0.0, current + rng.gauss(0.0, 0.08))
    effort = np.convolve(speed / 7.6, np.ones(30) / 30, mode="same")  # heart rate lags the running
    reserve = member.hr_max - member.hr_rest
    hr = member.hr_rest + reserve * (0.45 + 0.5 * np.clip(effort * 1.6, 0, 1))
    hr += np.array([rng.gauss(0.0, 1.2) for _ in seconds])
    heading, x, y = 0.0, 20.0, 20.0
    xs, ys = np.empty_like(seconds), np.empty_like(seconds)
    for index, step in enumerate(speed):
        heading += rng.gauss(0.0, 0.25)
        x, y = x + step * math.cos(heading), y + step * math.sin(heading)
        if not 0 <= x <= 100:
            heading = math.pi - heading
            x = min(max(x, 0.0), 100.0)
        if not 0 <= y <= 64:
            heading = -heading
            y = min(max(y, 0.0), 64.0)
        xs[index], ys[index] = x, y
    latitude = PITCH_ORIGIN[0] + ys / METRES_PER_DEGREE
    longitude = PITCH_ORIGIN[1] + xs / (METRES_PER_DEGREE * math.cos(math.radians(PITCH_ORIGIN[0])))
    start = datetime.combine(day, time(16, 0), tzinfo=VIETNAM)
    return Recording(
        source=Path(f"{DEMO_SOURCE} {member.name} {day.isoformat()}"),
        format="demo",
        start=start,
        seconds=seconds,
        hr=np.round(hr),
        latitude=latitude,
        longitude=longitude,
        speed_ms=speed,
        sport=member.sport,
    )


def _days(first: date, end: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((end - first).days + 1)]


def _training_days(first: date, end: date) -> list[date]:
    """Five days a week: Sunday and Thursday off."""
    return [day for day in _days(first, end) if day.weekday() not in (3, 6)]


def _rpe(member: DemoAthlete, day: date, end: date, rng: random.Random) -> float:
    if member.story == "spike" and (end - day).days < 6:
        return float(rng.choice([9, 10]))
    return float(rng.choice([4, 5, 5, 6, 6, 7]))


def _summary_session(
    athlete_id: int, member: DemoAthlete, day: date, end: date, rng: random.Random
) -> TrainingSession:
    minutes = rng.choice([60, 75, 90])
    if member.story == "spike" and (end - day).days < 6:
        minutes = 150
    hr_mean = member.hr_rest + (member.hr_max - member.hr_rest) * rng.uniform(0.55, 0.7)
    start = datetime.combine(day, time(16, 0), tzinfo=VIETNAM)
    return TrainingSession(
        athlete_id=athlete_id,
        kind="match" if day.weekday() == 5 and member.sport == FOOTBALL else "training",
        start_utc=start.astimezone(UTC).replace(tzinfo=None),
        utc_offset_min=420,
        day=day,
        duration_s=minutes * 60.0,
        rpe=_rpe(member, day, end, rng),
        source_file=DEMO_SOURCE,
        source_format="demo",
        samples=minutes * 60,
        hr_mean=round(hr_mean, 1),
        hr_max=round(member.hr_max * rng.uniform(0.9, 0.98)),
        distance_m=round(minutes * rng.uniform(85, 110)),
        top_speed_kmh=round(rng.uniform(24, 31), 1),
        hsr_distance_m=round(minutes * rng.uniform(4, 9)),
        sprints=rng.randint(2, 12),
        trimp_banister=round(minutes * rng.uniform(1.1, 1.6), 1),
    )


def _hrv_reading(
    athlete_id: int, member: DemoAthlete, day: date, end: date, rng: random.Random
) -> TrainingSession:
    ln_rmssd = 4.2 + rng.gauss(0.0, 0.12)
    if member.story == "hrv_drop" and (end - day).days < 5:
        ln_rmssd = 3.75 + rng.gauss(0.0, 0.05)
    start = datetime.combine(day, time(6, 30), tzinfo=VIETNAM)
    return TrainingSession(
        athlete_id=athlete_id,
        kind="hrv",
        start_utc=start.astimezone(UTC).replace(tzinfo=None),
        utc_offset_min=420,
        day=day,
        duration_s=300.0,
        source_file=DEMO_SOURCE,
        source_format="demo",
        ln_rmssd=round(ln_rmssd, 3),
        rmssd_ms=round(math.exp(ln_rmssd), 1),
    )


def _wellness(athlete_id: int, member: DemoAthlete, day: date, end: date, rng: random.Random) -> Wellness:
    tired = member.story in ("spike", "hrv_drop") and (end - day).days < 5
    return Wellness(
        athlete_id=athlete_id,
        day=day,
        sleep_hours=round(rng.uniform(5.5, 6.5) if tired else rng.uniform(7.0, 9.0), 1),
        sleep_quality=rng.randint(2, 3) if tired else rng.randint(3, 5),
        fatigue=rng.randint(1, 2) if tired else rng.randint(3, 5),
        soreness=rng.randint(2, 3) if tired else rng.randint(3, 5),
        stress=rng.randint(3, 5),
        mood=rng.randint(2, 3) if tired else rng.randint(3, 5),
    )
