"""The indicators laid out as the statistics forms lay them out: a grand total row, a row per level
(or grade), a sub-row per sport under it; a total column, then one per sex, medal or kind; rows
coded, columns numbered (A, B, 1, 2, ...). The forms' codes and titles are data (``forms.toml``)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy.orm import Session

from athletes.department.indicators import INDICATORS, Indicator, shown
from athletes.department.periods import Period
from athletes.department.vocabulary import (
    COMPETITION_LEVELS,
    COMPETITION_LEVELS_EN,
    GRADES,
    GRADES_EN,
    MEDALS,
    MEDALS_EN,
    SQUAD_LEVELS,
    SQUAD_LEVELS_EN,
)
from athletes.records import fold

FORMS_FILE = Path(__file__).with_name("forms.toml")

# The form's columns after the total: each value of the indicator's column, named.
COLUMN_VALUES: dict[str, tuple[tuple[object, str, str], ...]] = {
    "sex": (("male", "Nam", "Male"), ("female", "Nữ", "Female")),
    "medal": tuple((key, MEDALS[key].removeprefix("Huy chương "), MEDALS_EN[key]) for key in MEDALS),
    "official": ((True, "Chính thức", "Official"), (False, "Mời", "Invitational")),
}
ROW_NAMES = {
    "athletes_by_squad": (SQUAD_LEVELS, SQUAD_LEVELS_EN),
    "graded_athletes": (GRADES, GRADES_EN),
}
HEADINGS = {
    "vi": {"indicator": "Chỉ tiêu", "code": "Mã số", "total": "Tổng số"},
    "en": {"indicator": "Indicator", "code": "Code", "total": "Total"},
}


@dataclass(frozen=True)
class FormRow:
    code: str
    label: str
    depth: int  # 0: grand total, 1: level or grade, 2: sport
    values: tuple[int | str, ...]  # the total, then each column; small counts of people as "<5"


@dataclass(frozen=True)
class Form:
    key: str
    code: str
    title: str
    columns: tuple[str, ...]  # after "Indicator" and "Code": the total, then each value
    rows: tuple[FormRow, ...]


def form_texts() -> dict[str, dict[str, str]]:
    with FORMS_FILE.open("rb") as handle:
        return tomllib.load(handle)


def fill_form(
    session: Session,
    indicator: Indicator,
    period: Period,
    language: str,
    texts: dict[str, dict[str, str]] | None = None,
) -> Form:
    """One indicator's form for ``period``, counted by the database at each level (``texts``: the
    forms' codes and titles, read from ``forms.toml`` when not given)."""
    own = (texts or form_texts())[indicator.key]
    english = language == "en"
    words = HEADINGS[language]
    values = COLUMN_VALUES[indicator.column]
    row_names = ROW_NAMES.get(indicator.key, (COMPETITION_LEVELS, COMPETITION_LEVELS_EN))[1 if english else 0]
    row_keys = [k for k in row_names if not indicator.levels or k in indicator.levels]
    r, c = indicator.row, indicator.column

    def line(code: str, label: str, depth: int, total: pd.DataFrame, split: pd.DataFrame) -> FormRow:
        count = int(total["n"].sum())
        by_value = dict(zip(split[c], split["n"], strict=True))
        cells = [count, *(int(by_value.get(key, 0)) for key, _, _ in values)]
        return FormRow(code, label, depth, tuple(shown(n, indicator.people) for n in cells))

    per_row, per_row_column = indicator.count(session, period, (r,)), indicator.count(session, period, (r, c))
    per_sport = indicator.count(session, period, (r, "sport"))
    per_sport_column = indicator.count(session, period, (r, "sport", c))
    rows = [
        line(
            "01",
            words["total"],
            0,
            indicator.count(session, period, ()),
            indicator.count(session, period, (c,)),
        )
    ]
    for number, key in enumerate(row_keys, start=2):
        rows.append(
            line(
                f"{number:02d}",
                row_names[key],
                1,
                per_row[per_row[r] == key],
                per_row_column[per_row_column[r] == key],
            )
        )
        mine, mine_split = per_sport[per_sport[r] == key], per_sport_column[per_sport_column[r] == key]
        for sub, sport in enumerate(sorted(mine["sport"], key=fold), start=1):
            rows.append(
                line(
                    f"{number:02d}.{sub:02d}",
                    sport,
                    2,
                    mine[mine["sport"] == sport],
                    mine_split[mine_split["sport"] == sport],
                )
            )
    return Form(
        indicator.key,
        own["code"],
        own["en" if english else "vi"],
        (words["total"], *(name_en if english else name_vi for _, name_vi, name_en in values)),
        tuple(rows),
    )


def fill_forms(session: Session, period: Period, language: str) -> list[Form]:
    texts = form_texts()  # read once for all the forms
    return [fill_form(session, indicator, period, language, texts) for indicator in INDICATORS]
