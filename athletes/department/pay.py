"""The month's pay table, the accountant's sheet: each athlete's training and competition days that
month times the day rates of their squad's level (Decree 349/2025/ND-CP's daily pay for those paid
per day; the nutrition rates of the Ministry of Finance's circular for everyone), squad by squad.

A rate is the one in force on the month's first day. An athlete on several squads that month is paid
at the highest level; one with days but on no squad is listed apart, unpaid, for the department to
settle."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from athletes.department.tables import CampMonth, Rate, Squad, SquadMember
from athletes.department.vocabulary import RATE_KINDS, SQUAD_LEVELS
from athletes.models import Athlete
from matchdesk.errors import MatchdeskError

COLUMNS = (
    "squad", "level", "athlete", "pay_status", "training_days", "competition_days",
    "daily_pay_rate", "daily_pay", "nutrition_training_rate", "nutrition_training",
    "nutrition_competition_rate", "nutrition_competition", "total",
)  # fmt: skip


@dataclass(frozen=True)
class PayTable:
    month: date
    rows: pd.DataFrame  # COLUMNS, ordered by level, squad and name
    unplaced: list[str]  # athletes with days that month on no squad: not paid here
    rate_sources: list[str]


def rates_on(session: Session, day: date) -> tuple[dict[tuple[str, str], int], list[str]]:
    """Each (kind, level)'s rate in force on ``day``, and where the rates come from."""
    rates: dict[tuple[str, str], tuple[date, int, str]] = {}
    for rate in session.scalars(select(Rate).where(Rate.effective_from <= day)):
        key = (rate.kind, rate.squad_level)
        if key not in rates or rates[key][0] < rate.effective_from:
            rates[key] = (rate.effective_from, rate.amount_vnd, rate.source)
    return {k: v[1] for k, v in rates.items()}, sorted({v[2] for v in rates.values()})


def pay_table(session: Session, month: date) -> PayTable:
    last = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    days = session.execute(
        select(CampMonth.athlete_id, Athlete.name, CampMonth.training_days, CampMonth.competition_days)
        .join(Athlete, Athlete.id == CampMonth.athlete_id)
        .where(CampMonth.month == month)
    ).all()
    memberships = session.execute(
        select(SquadMember.athlete_id, Squad.name, Squad.level, SquadMember.pay_status)
        .join(Squad, Squad.id == SquadMember.squad_id)
        .where(and_(SquadMember.start <= last, or_(SquadMember.end.is_(None), SquadMember.end >= month)))
    ).all()
    order = {level: rank for rank, level in enumerate(SQUAD_LEVELS)}
    squad_of: dict[int, tuple[str, str, str]] = {}
    for athlete_id, squad, level, status in memberships:
        if athlete_id not in squad_of or order[level] < order[squad_of[athlete_id][1]]:
            squad_of[athlete_id] = (squad, level, status)
    rates, sources = rates_on(session, month)
    rows, unplaced = [], []
    for athlete_id, name, training, competing in days:
        if athlete_id not in squad_of:
            unplaced.append(name)
            continue
        squad, level, status = squad_of[athlete_id]
        rate = {kind: _rate(rates, kind, level, month) for kind in RATE_KINDS}
        daily = rate["daily_pay"] if status == "daily" else 0
        row: dict[str, object] = {
            "squad": squad, "level": level, "athlete": name, "pay_status": status,
            "training_days": training, "competition_days": competing,
            "daily_pay_rate": daily, "daily_pay": daily * (training + competing),
            "nutrition_training_rate": rate["nutrition_training"],
            "nutrition_training": rate["nutrition_training"] * training,
            "nutrition_competition_rate": rate["nutrition_competition"],
            "nutrition_competition": rate["nutrition_competition"] * competing,
        }  # fmt: skip
        row["total"] = (
            daily * (training + competing)
            + rate["nutrition_training"] * training
            + rate["nutrition_competition"] * competing
        )
        rows.append(row)
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    if len(table):
        table["rank"] = table["level"].map(order)
        table = table.sort_values(["rank", "squad", "athlete"]).drop(columns="rank").reset_index(drop=True)
    return PayTable(month, table, sorted(unplaced), sources)


def _rate(rates: dict[tuple[str, str], int], kind: str, level: str, month: date) -> int:
    if (kind, level) not in rates:
        raise MatchdeskError(
            f"no {kind} rate for the {level} level in force on {month:%Y-%m-%d}: "
            f"add it with `matchdesk athletes rate add {kind} {level} AMOUNT --from DATE`"
        )
    return rates[kind, level]
