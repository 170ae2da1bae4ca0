"""The sector's indicators on a province-sized department (the synthetic demo): every count the forms
print is checked against the same count made independently with pandas from the record tables, on
SQLite and on PostgreSQL; then the forms as the reporting system takes them (Excel) and as the
department prints them (PDF), with small groups of people suppressed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import text

from athletes.access.actor import AccessRefused, Actor
from athletes.database import Database
from athletes.department.forms import Form, fill_form
from athletes.department.indicators import INDICATORS, SMALLEST_GROUP
from athletes.department.periods import Period, period_of
from athletes.department.province_demo import fill_province
from athletes.department.statistics_report import write_indicators
from athletes.department.vocabulary import INTERNATIONAL_LEVELS, NATIONAL_LEVELS
from tests.test_athletes_records import database_url  # noqa: F401  (fixture: SQLite, and PostgreSQL in CI)

UNTIL = date(2026, 11, 30)
ANALYST = Actor("thongke", "analyst")


@pytest.fixture
def province(database_url: str) -> Iterator[Database]:  # noqa: F811
    database = Database(database_url)
    fill_province(database, until=UNTIL)
    yield database
    database.close()


def _tables(database: Database) -> dict[str, pd.DataFrame]:
    with database.engine.connect() as connection:
        return {
            name: pd.read_sql(text(f"SELECT * FROM {name}"), connection)
            for name in ("athletes", "squads", "squad_members", "grades", "competitions", "results")
        }


def _day(column: pd.Series) -> pd.Series:
    return pd.to_datetime(column).dt.date


def expected_counts(tables: dict[str, pd.DataFrame], key: str, period: Period) -> pd.DataFrame:
    """The counting an independent statistician would do: one row per (row, sport, column, n)."""
    athletes = tables["athletes"][["id", "sex"]].rename(columns={"id": "athlete_id"})
    if key == "athletes_by_squad":
        members = tables["squad_members"].merge(tables["squads"], left_on="squad_id", right_on="id")
        members = members.merge(athletes, on="athlete_id")
        ends = members["end"].where(members["end"].notna(), None)
        inside = (_day(members["start"]) <= period.last) & (
            ends.isna() | (pd.to_datetime(ends).dt.date >= period.first)
        )
        return members[inside].rename(columns={"level": "row", "sex": "column"})[
            ["row", "sport", "column", "athlete_id"]
        ]
    if key == "graded_athletes":
        grades = tables["grades"].merge(athletes, on="athlete_id")
        grades = grades[(grades["status"] == "confirmed") & grades["awarded_on"].notna()]
        day = _day(grades["awarded_on"])
        grades = grades[(day >= period.first) & (day <= period.last)]
        return grades.rename(columns={"grade": "row", "sex": "column"})[
            ["row", "sport", "column", "athlete_id"]
        ]
    competitions = tables["competitions"]
    if key == "competitions_held":
        day = _day(competitions["start"])
        held = competitions[
            competitions["in_province"].astype(bool) & (day >= period.first) & (day <= period.last)
        ]
        return held.assign(column=held["official"].astype(bool)).rename(columns={"level": "row"})[
            ["row", "sport", "column", "id"]
        ]
    results = tables["results"].merge(
        competitions, left_on="competition_id", right_on="id", suffixes=("", "_c")
    )
    day = _day(results["end"])
    results = results[results["medal"].notna() & (day >= period.first) & (day <= period.last)]
    if key == "international_medals":
        results = results[results["level"].isin(INTERNATIONAL_LEVELS) & results["official"].astype(bool)]
    else:
        results = results[results["level"].isin(NATIONAL_LEVELS)]
    return results.rename(columns={"level": "row", "medal": "column"})[["row", "sport", "column", "id"]]


def _count(facts: pd.DataFrame, people: bool) -> int:
    return int(facts["athlete_id"].nunique()) if people else len(facts)


def _check_form(form: Form, facts: pd.DataFrame, people: bool, column_keys: list[object]) -> int:
    """Every cell of ``form`` against ``facts``; returns how many cells were checked."""
    checked = 0
    by_code = {row.code: row for row in form.rows}
    groups: list[tuple[str, pd.DataFrame]] = [("01", facts)]
    for row in form.rows:
        if row.depth == 1:
            key = row_key(form, row.label)
            groups.append((row.code, facts[facts["row"] == key]))
        elif row.depth == 2:
            parent = groups[[code for code, _ in groups].index(row.code[:2])][1]
            groups.append((row.code, parent[parent["sport"] == row.label]))
    for code, part in groups:
        cells = [
            _count(part, people),
            *(_count(part[part["column"] == value], people) for value in column_keys),
        ]
        expected = tuple(f"<{SMALLEST_GROUP}" if people and 0 < n < SMALLEST_GROUP else n for n in cells)
        assert by_code[code].values == expected, f"{form.key} row {code} {by_code[code].label}"
        checked += len(cells)
    # Every sport with a count has its row, and none without.
    for code, part in groups:
        if by_code[code].depth == 1:
            shown = {r.label for r in form.rows if r.depth == 2 and r.code.startswith(code + ".")}
            assert shown == set(part["sport"]), f"{form.key} row {code}"
    return checked


def row_key(form: Form, label: str) -> str:
    from athletes.department.vocabulary import COMPETITION_LEVELS, GRADES, SQUAD_LEVELS

    names = {**SQUAD_LEVELS, **GRADES, **COMPETITION_LEVELS}
    return next(key for key, name in names.items() if name == label)


COLUMN_KEYS = {"sex": ["male", "female"], "medal": ["gold", "silver", "bronze"], "official": [True, False]}


@pytest.mark.parametrize("period", [Period(2026), Period(2024), Period(2025, "H2"), Period(2026, "03")])
def test_every_indicator_agrees_with_counts_made_independently(province: Database, period: Period) -> None:
    tables = _tables(province)
    checked = 0
    with province.session() as session:
        for indicator in INDICATORS:
            form = fill_form(session, indicator, period, "vi")
            facts = expected_counts(tables, indicator.key, period)
            checked += _check_form(form, facts, indicator.people, COLUMN_KEYS[indicator.column])
    assert checked > 100


def test_a_group_of_fewer_than_five_people_is_not_shown_but_medals_are(province: Database) -> None:
    with province.session() as session:
        athletes, _, international, *_ = (fill_form(session, i, Period(2026), "vi") for i in INDICATORS)
    cells = [v for row in athletes.rows for v in row.values]
    assert "<5" in cells and not any(isinstance(v, int) and 0 < v < 5 for v in cells)
    medal_cells = [v for row in international.rows for v in row.values]
    assert all(isinstance(v, int) for v in medal_cells)  # medals are public results: never suppressed


def test_an_invitational_competitions_medals_count_in_no_international_indicator(province: Database) -> None:
    with province.engine.begin() as connection:
        connection.execute(
            text("UPDATE competitions SET official = false WHERE level IN ('sea_games', 'asiad')")
        )
    with province.session() as session:
        form = fill_form(session, INDICATORS[2], Period(2026), "vi")
    levels = {row.label: row.values[0] for row in form.rows if row.depth == 1}
    assert levels["Đại hội Thể thao Đông Nam Á (SEA Games)"] == 0
    assert levels["Đại hội Thể thao châu Á (ASIAD)"] == 0


def test_the_year_as_the_reporting_system_takes_it_and_as_the_department_prints_it(
    province: Database, tmp_path: Path
) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    workbook = load_workbook(write_indicators(province, ANALYST, Period(2025), tmp_path / "chi_tieu.xlsx"))
    assert workbook.sheetnames == ["TTCC-01", "TTCC-02", "TTCC-03", "TTCC-04", "TTCC-05", "Biểu đồ"]
    sheet = workbook["TTCC-01"]
    assert sheet["A1"].value == "Biểu số: TTCC-01"
    assert "Sở Văn hóa và Thể thao" in str(sheet["D1"].value)
    assert sheet["A5"].value == "Kỳ báo cáo: Năm 2025"
    assert [sheet.cell(7, c).value for c in range(1, 6)] == ["Chỉ tiêu", "Mã số", "Tổng số", "Nam", "Nữ"]
    assert [sheet.cell(8, c).value for c in range(1, 6)] == ["A", "B", "1", "2", "3"]
    assert (sheet["A9"].value, sheet["B9"].value) == ("Tổng số", "01")
    assert sheet["C9"].value == sheet["D9"].value + sheet["E9"].value  # each athlete has one sex
    assert workbook["Biểu đồ"]._images  # the year-on-year chart

    half = write_indicators(province, ANALYST, period_of(2025, "H1"), tmp_path / "indicators.pdf", "en")
    english = "".join(p.extract_text() for p in PdfReader(half).pages)
    assert "First half of 2025" in english and "Medals at official international competitions" in english
    assert "Số huy chương" not in english
    vietnamese = "".join(
        p.extract_text()
        for p in PdfReader(write_indicators(province, ANALYST, Period(2025), tmp_path / "v.pdf")).pages
    )
    assert (
        "Huy chương và vận động viên được phong đẳng cấp qua các năm" in vietnamese
        or "Người lập biểu" in vietnamese
    )
    assert "<5" in vietnamese


def test_a_coach_may_not_make_the_sectors_statistics(province: Database, tmp_path: Path) -> None:
    with pytest.raises(AccessRefused):
        write_indicators(province, Actor("hlv", "coach", frozenset({1})), Period(2025), tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()
