"""The indicators the sector's statistics ask of a province (Thông tư 11/2021/TT-BVHTTDL; reported
under Thông tư 16/2022/TT-BVHTTDL), counted in the database from the indicator views: athletes as
numbers only, never names.

Each indicator is counted by the database at every level of the form (sport within row within total),
so that a total of people counts each person once; ``athletes/department/forms.py`` lays the counts
out as the form's rows and columns."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from athletes.department.periods import Period
from athletes.department.vocabulary import INTERNATIONAL_LEVELS, NATIONAL_LEVELS

SMALLEST_GROUP = 5  # as `athletes statistics`: a count of 1 to 4 people is not shown


@dataclass(frozen=True)
class Indicator:
    """One indicator: what it counts (``counted``, an SQL aggregate) in which rows (``source`` and
    ``where``), split by ``row``, ``sport`` and ``column`` (the form's rows, sub-rows and columns)."""

    key: str
    source: str
    where: str
    counted: str
    row: str
    column: str
    people: bool  # counts of people: small groups are suppressed, and totals counted, not summed
    levels: tuple[str, ...] = ()  # the only levels it counts, when not all

    def count(self, session: Session, period: Period, groups: tuple[str, ...]) -> pd.DataFrame:
        """The count by ``groups`` (some of row, sport, column; none for the grand total)."""
        where = self.where
        parameters: dict[str, object] = {"first": period.first, "last": period.last}
        statement_levels = ""
        if self.levels:
            statement_levels = " AND level IN :levels"
            parameters["levels"] = self.levels
        listed = ", ".join(groups)
        select = f"SELECT {listed + ', ' if groups else ''}{self.counted} AS n FROM {self.source} "
        grouping = f" GROUP BY {listed}" if groups else ""
        statement = text(select + f"WHERE {where}{statement_levels}{grouping}")
        if self.levels:
            statement = statement.bindparams(bindparam("levels", expanding=True))
        result = session.execute(statement, parameters)
        table = pd.DataFrame(result.fetchall(), columns=[*groups, "n"])
        if "official" in groups:
            table["official"] = table["official"].astype(bool)
        table["n"] = table["n"].astype(int)
        return table


ATHLETES_BY_SQUAD = Indicator(
    "athletes_by_squad", "indicator_members", "start <= :last AND (until IS NULL OR until >= :first)",
    "count(DISTINCT athlete_id)", "level", "sex", people=True,
)  # fmt: skip
"""Athletes on a squad at any time in the period, by squad level, sport and sex."""

GRADED_ATHLETES = Indicator(
    "graded_athletes", "indicator_grades", "awarded_on BETWEEN :first AND :last",
    "count(DISTINCT athlete_id)", "grade", "sex", people=True,
)  # fmt: skip
"""Athletes awarded a grade in the period (confirmed by its decision), by grade, sport and sex."""

INTERNATIONAL_MEDALS = Indicator(
    "international_medals", "indicator_medals", "day BETWEEN :first AND :last AND official",
    "count(*)", "level", "medal", people=False, levels=INTERNATIONAL_LEVELS,
)  # fmt: skip
"""Medals at official international competitions that ended in the period (a team's medal counts
once), by level, sport and medal; invitational competitions count in none."""

NATIONAL_MEDALS = Indicator(
    "national_medals", "indicator_medals", "day BETWEEN :first AND :last",
    "count(*)", "level", "medal", people=False, levels=NATIONAL_LEVELS,
)  # fmt: skip
"""Medals at the national games and the national (youth) championships, by level, sport and medal."""

COMPETITIONS_HELD = Indicator(
    "competitions_held", "competitions", "in_province AND start BETWEEN :first AND :last",
    "count(*)", "level", "official", people=False,
)  # fmt: skip
"""Competitions held in the province that began in the period, by level, sport, official or not."""

INDICATORS = (ATHLETES_BY_SQUAD, GRADED_ATHLETES, INTERNATIONAL_MEDALS, NATIONAL_MEDALS, COMPETITIONS_HELD)


def shown(count: int, people: bool) -> int | str:
    """A count as it may leave the department: 1 to 4 people read "<5"."""
    return f"<{SMALLEST_GROUP}" if people and 0 < count < SMALLEST_GROUP else count
