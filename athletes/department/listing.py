"""The department's records as rows for the command line and scripts."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import extract, or_, select
from sqlalchemy.orm import Session, joinedload

from athletes.department.tables import CampMonth, Competition, Grade, Rate, Result, Squad, SquadMember
from athletes.models import Athlete


def squads_on(session: Session, day: date) -> list[dict[str, Any]]:
    rows = []
    for squad in session.scalars(select(Squad).order_by(Squad.sport, Squad.level, Squad.name)):
        members = session.execute(
            select(Athlete.name, SquadMember.pay_status)
            .join(SquadMember, SquadMember.athlete_id == Athlete.id)
            .where(
                SquadMember.squad_id == squad.id,
                SquadMember.start <= day,
                or_(SquadMember.end.is_(None), SquadMember.end >= day),
            )
            .order_by(Athlete.name_folded)
        ).all()
        rows.append(
            {
                "id": squad.id,
                "squad": squad.name,
                "sport": squad.sport,
                "level": squad.level,
                "members": [{"name": n, "pay": p} for n, p in members],
            }
        )
    return rows


def grades(session: Session) -> list[dict[str, Any]]:
    return [
        {
            "id": g.id,
            "athlete": g.athlete.name,
            "sport": g.sport,
            "grade": g.grade,
            "status": g.status,
            "awarded_on": g.awarded_on.isoformat() if g.awarded_on else None,
            "decision": g.decision_number,
        }
        for g in session.scalars(select(Grade).options(joinedload(Grade.athlete)).order_by(Grade.id))
    ]


def competitions(session: Session, year: int | None) -> list[dict[str, Any]]:
    query = select(Competition).order_by(Competition.start)
    if year is not None:
        query = query.where(extract("year", Competition.start) == year)
    return [
        {
            "id": c.id,
            "name": c.name,
            "sport": c.sport,
            "level": c.level,
            "start": c.start.isoformat(),
            "end": c.end.isoformat(),
            "official": c.official,
            "place": c.place,
            "in_province": c.in_province,
        }
        for c in session.scalars(query)
    ]


def results(session: Session, competition: str | None) -> list[dict[str, Any]]:
    query = (  # each result's competition and athlete in the same read, not one query a row
        select(Result)
        .join(Competition)
        .options(joinedload(Result.competition), joinedload(Result.athlete))
        .order_by(Competition.start, Result.event, Result.rank)
    )
    if competition:
        named = Competition.name == competition
        query = query.where(
            or_(named, Competition.id == int(competition)) if competition.isdigit() else named
        )
    return [
        {
            "id": r.id,
            "competition": r.competition.name,
            "event": r.event,
            "who": r.athlete.name if r.athlete else r.team,
            "rank": r.rank,
            "medal": r.medal,
            "mark": r.mark,
            "mark_text": r.mark_text,
            "records": r.records,
            "source_file": r.source_file,
        }
        for r in session.scalars(query)
    ]


def camp_days(session: Session, month: date) -> list[dict[str, Any]]:
    return [
        {
            "id": c.id,
            "athlete": name,
            "training_days": c.training_days,
            "competition_days": c.competition_days,
            "place": c.place,
        }
        for c, name in session.execute(
            select(CampMonth, Athlete.name)
            .join(Athlete, Athlete.id == CampMonth.athlete_id)
            .where(CampMonth.month == month)
            .order_by(Athlete.name_folded)
        )
    ]


def rates(session: Session) -> list[dict[str, Any]]:
    return [
        {
            "kind": r.kind,
            "level": r.squad_level,
            "amount_vnd": r.amount_vnd,
            "from": r.effective_from.isoformat(),
            "source": r.source,
        }
        for r in session.scalars(select(Rate).order_by(Rate.effective_from, Rate.kind, Rate.squad_level))
    ]
