"""Keeping the department's records: adding squads, members, coaches, competitions, results, camp
months, rates and grades, each checked as the department's staff would check it, and correcting them.
Only admins and the department's staff keep them (``require_keeper``)."""

from __future__ import annotations

import calendar
import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from athletes.access.actor import AccessRefused, Actor
from athletes.department.tables import (
    CampMonth,
    Competition,
    Grade,
    Rate,
    Result,
    ResultAthlete,
    Squad,
    SquadCoach,
    SquadMember,
)
from athletes.department.vocabulary import (
    COMPETITION_LEVELS,
    GRADES,
    MEDAL_WORDS,
    PAY_STATUSES,
    RATE_KINDS,
    RECORD_KINDS,
    SQUAD_LEVELS,
)
from athletes.models import Athlete
from matchdesk.errors import MatchdeskError

KEEPERS = ("admin", "department")


def require_keeper(actor: Actor, doing: str) -> None:
    """Only admins and the department's staff keep the records and see pay and camp tables."""
    if actor.role not in KEEPERS:
        raise AccessRefused(f"only an admin or the department may {doing}; {actor.login} is {actor.role}")


def _one_of(value: str, allowed: dict[str, str] | tuple[str, ...], what: str, where: str) -> str:
    if value not in allowed:
        raise MatchdeskError(f"{what} is one of {', '.join(allowed)}, not {value!r}", where)
    return value


def medal_named(word: str | None, where: str = "medal") -> str | None:
    """A medal as a spreadsheet or a person writes it ("Vàng", "HCV", "gold", "1"), or None for none."""
    if word is None or not str(word).strip() or str(word).strip() in ("-", "—"):
        return None
    found = MEDAL_WORDS.get(" ".join(str(word).lower().split()))
    if found is None:
        raise MatchdeskError(
            f"{word!r} is not a medal (gold/vàng/HCV, silver/bạc/HCB, bronze/đồng/HCĐ)", where
        )
    return found


def add_squad(session: Session, name: str, sport: str, level: str) -> Squad:
    _one_of(level, SQUAD_LEVELS, "a squad's level", name)
    if session.scalar(select(Squad).where(Squad.name == name)) is not None:
        raise MatchdeskError("a squad of this name exists already", name)
    squad = Squad(name=name, sport=sport, level=level)
    session.add(squad)
    session.flush()
    return squad


def squad_named(session: Session, name: str) -> Squad:
    squad = session.scalar(select(Squad).where(Squad.name == name))
    if squad is None:
        raise MatchdeskError("no squad of this name (see `matchdesk athletes squad list`)", name)
    return squad


def add_member(
    session: Session, squad: Squad, athlete: Athlete, start: date, end: date | None, pay_status: str
) -> SquadMember:
    """An athlete's period on a squad; periods on one squad may not overlap."""
    where = f"{athlete.name} on {squad.name}"
    _one_of(pay_status, PAY_STATUSES, "pay status", where)
    if end is not None and end < start:
        raise MatchdeskError(f"the period ends ({end}) before it starts ({start})", where)
    overlapping = session.scalar(
        select(SquadMember).where(
            SquadMember.squad_id == squad.id,
            SquadMember.athlete_id == athlete.id,
            or_(SquadMember.end.is_(None), SquadMember.end >= start),
            SquadMember.start <= (end or date.max),
        )
    )
    if overlapping is not None:
        raise MatchdeskError(
            f"already on this squad from {overlapping.start} (period #{overlapping.id})", where
        )
    member = SquadMember(squad=squad, athlete=athlete, start=start, end=end, pay_status=pay_status)
    session.add(member)
    return member


def add_coach(session: Session, squad: Squad, coach: str, start: date, end: date | None = None) -> SquadCoach:
    coach = " ".join(coach.split())
    if not coach:
        raise MatchdeskError("a coach needs a name", squad.name)
    row = SquadCoach(squad_id=squad.id, coach=coach, start=start, end=end)
    session.add(row)
    return row


@dataclass(frozen=True)
class NewCompetition:
    name: str
    sport: str
    level: str
    start: date
    end: date
    official: bool = True
    place: str | None = None
    in_province: bool = False


def add_competition(session: Session, new: NewCompetition) -> Competition:
    _one_of(new.level, COMPETITION_LEVELS, "a competition's level", new.name)
    if new.end < new.start:
        raise MatchdeskError(f"it ends ({new.end}) before it starts ({new.start})", new.name)
    competition = Competition(**new.__dict__)
    session.add(competition)
    session.flush()
    return competition


def competition_named(session: Session, name_or_id: str) -> Competition:
    if name_or_id.isdigit() and (found := session.get(Competition, int(name_or_id))) is not None:
        return found
    matches = list(session.scalars(select(Competition).where(Competition.name == name_or_id)))
    if len(matches) != 1:
        problem = "no competition of this name" if not matches else "several competitions have this name"
        raise MatchdeskError(
            f"{problem}; give its number (see `matchdesk athletes competition list`)", name_or_id
        )
    return matches[0]


@dataclass(frozen=True)
class NewResult:
    event: str
    athlete: Athlete | None = None
    team: str | None = None
    team_athletes: tuple[Athlete, ...] = ()
    rank: int | None = None
    medal: str | None = None
    mark: float | None = None
    mark_text: str | None = None
    records: tuple[str, ...] = ()
    source_file: Path | None = None  # a photo finish or review file of ours


def add_result(session: Session, competition: Competition, new: NewResult) -> Result:
    where = f"{competition.name}: {new.event}"
    if (new.athlete is None) == (new.team is None):
        raise MatchdeskError("a result is an athlete's or a team's (one of them)", where)
    if new.medal is not None:
        _one_of(new.medal, ("gold", "silver", "bronze"), "a medal", where)
    if new.rank is not None and new.rank < 1:
        raise MatchdeskError(f"rank {new.rank} is not a place", where)
    for kind in new.records:
        _one_of(kind, RECORD_KINDS, "a record broken", where)
    sha256 = None
    if new.source_file is not None:
        if not new.source_file.is_file():
            raise MatchdeskError("the linked photo finish or review file is not there", new.source_file)
        sha256 = hashlib.sha256(new.source_file.read_bytes()).hexdigest()
    result = Result(
        competition=competition,
        event=new.event,
        athlete=new.athlete,
        team=new.team,
        rank=new.rank,
        medal=new.medal,
        mark=new.mark,
        mark_text=new.mark_text,
        records=",".join(new.records) or None,
        source_file=str(new.source_file.resolve()) if new.source_file else None,
        source_sha256=sha256,
    )
    session.add(result)
    session.flush()
    session.add_all(ResultAthlete(result_id=result.id, athlete_id=a.id) for a in new.team_athletes)
    return result


def first_of_month(text: str) -> date:
    """``YYYY-MM`` as the month's first day."""
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise MatchdeskError(f"a month is YYYY-MM, not {text!r}") from None


def set_camp_month(
    session: Session, athlete: Athlete, month: date, training_days: int, competition_days: int,
    place: str | None = None,
) -> tuple[CampMonth, bool]:  # fmt: skip
    """An athlete's days of the month (replacing what was there); True when it changed a row."""
    days = calendar.monthrange(month.year, month.month)[1]
    where = f"{athlete.name}, {month:%Y-%m}"
    if training_days < 0 or competition_days < 0 or training_days + competition_days > days:
        raise MatchdeskError(
            f"{training_days} training and {competition_days} competition days do not fit in {days} days",
            where,
        )
    row = session.scalar(
        select(CampMonth).where(CampMonth.athlete_id == athlete.id, CampMonth.month == month)
    )
    changed = row is not None
    if row is None:
        row = CampMonth(athlete_id=athlete.id, month=month)
        session.add(row)
    row.training_days, row.competition_days, row.place = training_days, competition_days, place
    return row, changed


def add_rate(
    session: Session, kind: str, squad_level: str, amount_vnd: int, effective_from: date, source: str
) -> Rate:
    _one_of(kind, RATE_KINDS, "a rate", source)
    _one_of(squad_level, SQUAD_LEVELS, "a squad's level", source)
    if amount_vnd < 0:
        raise MatchdeskError(f"a rate of {amount_vnd} đồng is not possible", source)
    rate = Rate(
        kind=kind,
        squad_level=squad_level,
        amount_vnd=amount_vnd,
        effective_from=effective_from,
        source=source,
    )
    session.add(rate)
    return rate


def add_grade(
    session: Session, athlete: Athlete, sport: str, grade: str, awarded_on: date | None = None,
    decision_number: str | None = None, confirmed_by: str | None = None, result: Result | None = None,
) -> Grade:  # fmt: skip
    """A grade, confirmed when it comes with its decision (date and number), else proposed."""
    _one_of(grade, GRADES, "a grade", athlete.name)
    confirmed = awarded_on is not None and bool(decision_number)
    row = Grade(
        athlete_id=athlete.id, sport=sport, grade=grade, awarded_on=awarded_on,
        decision_number=decision_number, status="confirmed" if confirmed else "proposed",
        confirmed_by=confirmed_by if confirmed else None, result_id=result.id if result else None,
    )  # fmt: skip
    session.add(row)
    return row


def confirm_grade(
    session: Session, actor: Actor, grade_id: int, awarded_on: date, decision_number: str
) -> Grade:
    """A person confirms a proposed grade with the decision that awards it."""
    grade = session.get(Grade, grade_id)
    if grade is None:
        raise MatchdeskError(f"no grade #{grade_id}")
    if not decision_number.strip():
        raise MatchdeskError("a grade is confirmed with its decision's number", f"grade #{grade_id}")
    grade.status, grade.awarded_on, grade.decision_number = "confirmed", awarded_on, decision_number.strip()
    grade.confirmed_by = actor.login
    return grade


# What `correct` may change, per kind of record (the rest is added again instead).
CORRECTABLE: dict[str, tuple[type[Any], tuple[str, ...]]] = {
    "squad": (Squad, ("name", "sport", "level")),
    "member": (SquadMember, ("start", "end", "pay_status")),
    "competition": (
        Competition,
        ("name", "sport", "level", "start", "end", "official", "place", "in_province"),
    ),
    "result": (Result, ("event", "rank", "medal", "mark", "mark_text", "records")),
    "camp": (CampMonth, ("training_days", "competition_days", "place")),
    "grade": (Grade, ("grade", "sport")),
}


def correct(session: Session, kind: str, row_id: int, field: str, value: Any) -> tuple[Any, Any]:
    """Change one field of one record; returns (old, new) for the access log."""
    table, fields = CORRECTABLE[kind]
    row = session.get(table, row_id)
    if row is None:
        raise MatchdeskError(f"no {kind} #{row_id}")
    if field not in fields:
        raise MatchdeskError(f"a {kind}'s {field} is not corrected here; it is one of {', '.join(fields)}")
    if field == "level":
        _one_of(value, SQUAD_LEVELS if kind == "squad" else COMPETITION_LEVELS, "level", f"{kind} #{row_id}")
    if field == "medal":
        value = medal_named(value, f"{kind} #{row_id}")
    if field == "pay_status":
        _one_of(value, PAY_STATUSES, "pay status", f"{kind} #{row_id}")
    old = getattr(row, field)
    setattr(row, field, value)
    return old, value
