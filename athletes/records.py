"""Athletes, teams, wellness, tests and notes: adding, finding and listing them."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from athletes.models import LEVELS, SEXES, Athlete, Note, Team, TestResult, Wellness
from athletes.summary import AthleteThresholds, tanaka_hr_max
from athletes.vocabulary import HR_BY_AGE, HR_FROM_TEST, TEST_MAX_HR
from matchdesk.errors import MatchdeskError

DEFAULT_HR_REST = 60.0


def fold(text: str) -> str:
    """Lower case without diacritics, so that "nguyen van an" finds "Nguyễn Văn An"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


@dataclass(frozen=True)
class NewAthlete:
    name: str
    sex: str = "male"
    date_of_birth: date | None = None
    sport: str | None = None
    discipline: str | None = None
    team: str | None = None
    level: str | None = None
    coach: str | None = None
    hr_max: float | None = None
    hr_max_source: str | None = None
    hr_rest: float | None = None
    hr_rest_source: str | None = None
    hsr_kmh: float = 19.8
    sprint_kmh: float = 25.2
    id_number: str | None = None  # the citizen ID (CCCD)


def add_athlete(session: Session, new: NewAthlete) -> Athlete:
    """Checks the values a coach types, then stores the athlete (committed)."""
    athlete = new_athlete(session, new)
    session.commit()
    return athlete


def new_athlete(session: Session, new: NewAthlete) -> Athlete:
    """Checks the values a coach types and adds the athlete to ``session``, not committed (an import
    commits all its rows at once)."""
    name = " ".join(new.name.split())
    if not name:
        raise MatchdeskError("an athlete needs a name", "athletes")
    if new.sex not in SEXES:
        raise MatchdeskError(f"sex is one of {', '.join(SEXES)}, not {new.sex!r}", name)
    if new.level is not None and new.level not in LEVELS:
        raise MatchdeskError(f"level is one of {', '.join(LEVELS)}, not {new.level!r}", name)
    if new.hr_max is not None and not 120 <= new.hr_max <= 230:
        raise MatchdeskError(f"HRmax {new.hr_max:g} bpm is not possible", name)
    if new.hr_rest is not None and not 25 <= new.hr_rest <= 110:
        raise MatchdeskError(f"resting HR {new.hr_rest:g} bpm is not possible", name)
    if not 10 <= new.hsr_kmh < new.sprint_kmh <= 40:
        raise MatchdeskError("speed thresholds must rise: 10 <= HSR < sprint <= 40 km/h", name)
    if new.id_number is not None and not (new.id_number.isdigit() and len(new.id_number) in (9, 12)):
        raise MatchdeskError(f"ID number {new.id_number!r} is not 12 digits (CCCD) or 9 (CMND)", name)
    if new.date_of_birth is not None and not date(1900, 1, 1) <= new.date_of_birth <= date.today():
        raise MatchdeskError(f"date of birth {new.date_of_birth} is not possible", name)
    team = team_named(session, new.team, new.sport) if new.team else None
    hr_max, hr_max_source = new.hr_max, new.hr_max_source
    if hr_max is None and new.date_of_birth is not None:
        hr_max, hr_max_source = (
            round(tanaka_hr_max(age_on(new.date_of_birth)), 1),
            HR_BY_AGE,
        )
    athlete = Athlete(
        name=name,
        name_folded=fold(name),
        date_of_birth=new.date_of_birth,
        sex=new.sex,
        sport=new.sport,
        discipline=new.discipline,
        team=team,
        level=new.level,
        coach=new.coach,
        hr_max=hr_max,
        hr_max_source=hr_max_source if hr_max is not None else None,
        hr_rest=new.hr_rest,
        hr_rest_source=new.hr_rest_source if new.hr_rest is not None else None,
        hsr_kmh=new.hsr_kmh,
        sprint_kmh=new.sprint_kmh,
        id_number=new.id_number,
        created_at=datetime.now(UTC),
    )
    session.add(athlete)
    return athlete


def team_named(session: Session, name: str, sport: str | None = None) -> Team:
    team = session.scalar(select(Team).where(Team.name == name))
    if team is None:
        team = Team(name=name, sport=sport)
        session.add(team)
        session.flush()
    return team


def find_athlete(session: Session, name_or_id: str) -> Athlete:
    """By id (``6``, or ``#6`` as `athletes list` and the messages write it), exact name, or a unique
    match of the folded name."""
    number = name_or_id.strip().removeprefix("#")
    if number.isdigit():
        found = session.get(Athlete, int(number))
        if found is not None:
            return found
    matches = list(session.scalars(select(Athlete).where(Athlete.name == " ".join(name_or_id.split()))))
    if not matches:
        matches = list(session.scalars(select(Athlete).where(Athlete.name_folded.contains(fold(name_or_id)))))
    if not matches:
        raise MatchdeskError("no athlete of that name (see `matchdesk athletes list`)", name_or_id)
    if len(matches) > 1:
        names = ", ".join(f"{a.name} (#{a.id})" for a in matches[:5])
        raise MatchdeskError(f"several athletes match: {names}; give the number", name_or_id)
    return matches[0]


def list_athletes(
    session: Session,
    search: str | None = None,
    sport: str | None = None,
    team: str | None = None,
    level: str | None = None,
) -> list[Athlete]:
    query = select(Athlete).options(joinedload(Athlete.team)).order_by(Athlete.name_folded)
    if search:
        folded = fold(search)
        query = query.where(or_(Athlete.name_folded.contains(folded), Athlete.coach.contains(search)))
    if sport:
        query = query.where(Athlete.sport == sport)
    if team:
        query = query.join(Team, Athlete.team_id == Team.id).where(Team.name == team)
    if level:
        query = query.where(Athlete.level == level)
    return list(session.scalars(query).unique())


def thresholds(athlete: Athlete, observed_hr_max: float | None = None) -> AthleteThresholds:
    """The numbers the science needs. Without a known HRmax (a test, or Tanaka from the date of birth),
    200 bpm stands in, or the highest HR seen when that is higher: an easy session's or a resting
    reading's maximum is not the athlete's maximum."""
    hr_max = athlete.hr_max or max(observed_hr_max or 0.0, 200.0)
    return AthleteThresholds(
        hr_max=float(hr_max),
        hr_rest=float(athlete.hr_rest or DEFAULT_HR_REST),
        sex=athlete.sex,
        hsr_kmh=athlete.hsr_kmh,
        sprint_kmh=athlete.sprint_kmh,
        acceleration_ms2=athlete.acceleration_ms2,
    )


def add_wellness(session: Session, athlete: Athlete, day: date, **answers: float | None) -> Wellness:
    """One questionnaire a day (a second one that day replaces the first); scales 1-5, sleep 0-16 h."""
    for name, value in answers.items():
        if value is None:
            continue
        limits = (0.0, 16.0) if name == "sleep_hours" else (1.0, 5.0)
        if not limits[0] <= value <= limits[1]:
            raise MatchdeskError(
                f"wellness {name} {value:g} is outside {limits[0]:g}-{limits[1]:g}", athlete.name
            )
    entry = session.scalar(select(Wellness).where(Wellness.athlete_id == athlete.id, Wellness.day == day))
    if entry is None:
        entry = Wellness(athlete_id=athlete.id, day=day)
        session.add(entry)
    for name, value in answers.items():
        setattr(entry, name, value)
    session.commit()
    return entry


def add_test(session: Session, athlete: Athlete, day: date, kind: str, value: float, unit: str) -> TestResult:
    """A test result; a max HR test also becomes the athlete's HRmax (with where it came from)."""
    if kind == TEST_MAX_HR:
        if not 120 <= value <= 230:
            raise MatchdeskError(f"max HR test {value:g} bpm is not possible", athlete.name)
        athlete.hr_max, athlete.hr_max_source = value, f"{HR_FROM_TEST} {day.isoformat()}"
    result = TestResult(athlete_id=athlete.id, day=day, kind=kind, value=value, unit=unit)
    session.add(result)
    session.commit()
    return result


def add_note(session: Session, athlete: Athlete, text: str, author: str | None = None) -> Note:
    note = Note(athlete_id=athlete.id, written_at=datetime.now(UTC), author=author, text=text)
    session.add(note)
    session.commit()
    return note


def age_on(born: date, on: date | None = None) -> int:
    """Whole years of age on ``on`` (default today)."""
    today = on or date.today()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
