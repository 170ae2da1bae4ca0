"""The department's records at a province's size (issue 27): the year's indicators, a 10,000-row
results import and the month's pay table, on SQLite and on PostgreSQL.

    python bench/bench_department.py                          # SQLite, in a temporary folder
    tests/with_servers.sh sh -c 'python bench/bench_department.py --server "$MATCHDESK_TEST_POSTGRES"'

The synthetic province (``matchdesk athletes demo --province``: 600 athletes, 30 sports, five years)
is filled first. Targets: indicators for a year <= 5 s, the import <= 20 s, the pay table <= 2 s.
Baselines, measured in the same run: the indicators against pandas counting the same raw tables
(read and grouped); the import against openpyxl only reading the workbook; the pay table against one
SELECT of the month's camp rows.
"""

from __future__ import annotations

import argparse
import logging
import random
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
from openpyxl import Workbook, load_workbook
from sqlalchemy import create_engine, select, text

from athletes.access.actor import Actor
from athletes.database import Database
from athletes.department.pay_output import write_pay_table
from athletes.department.periods import Period
from athletes.department.province_demo import fill_province
from athletes.department.record_import import import_records
from athletes.department.statistics_report import write_indicators
from athletes.models import Athlete

logger = logging.getLogger("bench_department")
UNTIL = date(2026, 11, 30)
STAFF = Actor("bench", "admin")
TARGETS = {"indicators": 5.0, "import": 20.0, "pay": 2.0}


def timed(job: object) -> tuple[float, object]:
    started = time.perf_counter()
    result = job()  # type: ignore[operator]
    return time.perf_counter() - started, result


def results_workbook(database: Database, path: Path, rows: int) -> Path:
    """``rows`` results of athletes on the roster, over 250 new competitions, as a results sheet."""
    rng = random.Random(27)
    with database.session() as session:
        roster = session.execute(select(Athlete.name, Athlete.date_of_birth, Athlete.sport)).all()
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["Giải", "Môn", "Cấp giải", "Ngày bắt đầu", "Ngày kết thúc", "Nội dung", "Họ và tên",
                  "Ngày sinh", "Hạng", "Huy chương", "Thành tích"])  # fmt: skip
    for number in range(rows):
        name, born, sport = rng.choice(roster)
        start = date(2026, 1, 1) + timedelta(days=number % 250)
        rank = rng.randint(1, 8)
        sheet.append([
            f"Giải {sport} {number % 250}", sport, "Giải vô địch quốc gia", start.strftime("%d/%m/%Y"),
            (start + timedelta(days=2)).isoformat(), f"nội dung {number}", name, born.strftime("%d/%m/%Y"),
            rank, {1: "HCV", 2: "HCB", 3: "HCĐ"}.get(rank), f"{rng.uniform(10, 70):.2f}",
        ])  # fmt: skip
    book.save(path)
    return path


def pandas_counts(database: Database, year: int) -> int:
    """The baseline for the indicators: the raw tables read and counted with pandas."""
    with database.engine.connect() as connection:
        members = pd.read_sql(
            text("SELECT * FROM squad_members m JOIN squads s ON s.id = m.squad_id"), connection
        )
        results = pd.read_sql(
            text("SELECT * FROM results r JOIN competitions c ON c.id = r.competition_id"), connection
        )
        grades = pd.read_sql(text("SELECT * FROM grades"), connection)
    first, last = date(year, 1, 1), date(year, 12, 31)
    inside = members[(pd.to_datetime(members["start"]).dt.date <= last)]
    counted = inside.groupby(["level", "sport"])["athlete_id"].nunique().sum()
    counted += (
        results[pd.to_datetime(results["end"]).dt.date.between(first, last)]
        .groupby(["level", "medal"])
        .size()
        .sum()
    )
    counted += grades.groupby("grade").size().sum()
    return int(counted)


def run(database: Database, scratch: Path, rows: int) -> dict[str, tuple[float, float]]:
    seconds, _ = timed(lambda: fill_province(database, until=UNTIL))
    logger.info("province filled in %.1f s", seconds)
    figures = {}
    baseline, _ = timed(lambda: pandas_counts(database, 2025))
    took, _ = timed(lambda: write_indicators(database, STAFF, Period(2025), scratch / "chi_tieu.xlsx"))
    figures["indicators"] = (took, baseline)
    path = results_workbook(database, scratch / "ket_qua.xlsx", rows)
    baseline, _ = timed(lambda: list(load_workbook(path, read_only=True).active.iter_rows(values_only=True)))
    took, report = timed(lambda: import_records(database, STAFF, path, "results"))
    assert report.added == rows, report  # type: ignore[attr-defined]
    figures["import"] = (took, baseline)
    with database.engine.connect() as connection:
        baseline, _ = timed(lambda: connection.execute(
            text("SELECT * FROM camp_months WHERE month = :m"), {"m": date(2026, 10, 1)}).all())  # fmt: skip
    took, _ = timed(lambda: write_pay_table(database, STAFF, date(2026, 10, 1), scratch / "luong.xlsx"))
    figures["pay"] = (took, baseline)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--server", help="a PostgreSQL server URL: the bench creates and drops a database on it"
    )
    parser.add_argument("--rows", type=int, default=10_000)
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        if arguments.server:
            name = f"bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(arguments.server, isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            url, backend = arguments.server.rsplit("/", 1)[0] + f"/{name}", "PostgreSQL"
        else:
            url, backend = f"sqlite:///{scratch / 'athletes.sqlite'}", "SQLite"
        database = Database(url)
        try:
            figures = run(database, scratch, arguments.rows)
        finally:
            database.close()
            if arguments.server:
                with admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    logger.info("%s, %d athletes, %d result rows imported", backend, 600, arguments.rows)
    for what, (took, baseline) in figures.items():
        verdict = "meets" if took <= TARGETS[what] else "MISSES"
        logger.info("%-10s %6.2f s (target %4.1f s: %s); baseline %.3f s; %.1fx the baseline",
                    what, took, TARGETS[what], verdict, baseline, took / baseline)  # fmt: skip


if __name__ == "__main__":
    main()
