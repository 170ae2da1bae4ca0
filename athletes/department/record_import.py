"""Importing the department's spreadsheets (rosters, results, camp days) whole or not at all: every
row is checked, every problem named by its row and cell, and only a file without problems is stored,
in one transaction. Athletes already on record are found by ID number, or by name and date of birth;
the report says what was added, changed and skipped."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from athletes.access.access_log import log_access
from athletes.access.actor import Actor
from athletes.database import Database
from athletes.department.import_rows import ImportReport, Row, Rows, id_number
from athletes.department.keeping import require_keeper
from athletes.department.result_rows import results_rows
from athletes.department.spreadsheet_read import read_sheet
from athletes.department.spreadsheet_values import parse_day
from athletes.department.tables import CampMonth, RecordImport, Squad, SquadMember
from athletes.department.value_words import pay_named, sex_named, sport_named, squad_level_named
from athletes.models import Athlete
from athletes.records import NewAthlete, fold, new_athlete
from matchdesk.errors import MatchdeskError

__all__ = ["KINDS", "ImportRefused", "ImportReport", "import_records"]

KINDS = ("roster", "results", "camps")
ERRORS_SHOWN = 50


class ImportRefused(MatchdeskError):
    """The file has problems; nothing of it was stored."""

    def __init__(self, path: Path, errors: list[str]) -> None:
        shown = "\n  ".join(errors[:ERRORS_SHOWN])
        more = f"\n  ... and {len(errors) - ERRORS_SHOWN} more" if len(errors) > ERRORS_SHOWN else ""
        super().__init__(f"{len(errors)} problem(s); nothing was imported:\n  {shown}{more}", path)
        self.errors = errors


def _roster_row(rows: Rows, row: Row) -> None:
    name = " ".join(str(rows.get(row, "name", True)).split())
    born_value = rows.get(row, "date_of_birth")
    born = parse_day(born_value, rows.where(row, "date_of_birth")) if born_value is not None else None
    number = id_number(rows.get(row, "id_number"))
    sex = sex_named(rows.get(row, "sex", True), rows.where(row, "sex"))
    sport = sport_named(rows.get(row, "sport", True), rows.where(row, "sport"), rows.sports)
    rows.once(("id", number) if number else ("name", fold(name), born), row, name)
    if born is None and number is None:
        if rows.athletes.by_name.get(fold(name)):  # a namesake, or the same athlete: nothing tells
            raise MatchdeskError(
                f"{rows.where(row, 'name')}: an athlete named {name} is on record already: give the date of "
                "birth or ID number to tell them apart"
            )
        athlete = None
    else:
        athlete = rows.athletes.find(name, born, number)
    if athlete is None:
        athlete = new_athlete(rows.session, NewAthlete(name, sex, born, sport, id_number=number))
        rows.athletes.add(athlete)
        rows.report.added += 1
    else:
        changes = {
            k: v
            for k, v in (("sex", sex), ("sport", sport), ("date_of_birth", born), ("id_number", number))
            if v is not None and getattr(athlete, k) != v
        }
        for key, value in changes.items():
            setattr(athlete, key, value)
        if changes:
            rows.report.changed += 1
        else:
            rows.report.skipped += 1
    squad_name = rows.get(row, "squad")
    if squad_name is not None:
        _membership(rows, row, athlete, str(squad_name), sport)


def _membership(rows: Rows, row: Row, athlete: Athlete, squad_name: str, sport: str) -> None:
    session = rows.session
    squad = session.scalar(select(Squad).where(Squad.name == squad_name))
    if squad is None:
        level = rows.get(row, "squad_level")
        if level is None:
            raise MatchdeskError(f"{rows.where(row, 'squad')}: squad {squad_name!r} is new: give its level")
        squad = Squad(
            name=squad_name, sport=sport, level=squad_level_named(level, rows.where(row, "squad_level"))
        )
        session.add(squad)
        session.flush()
    start_value = rows.get(row, "start")
    if start_value is None:
        start = date.today()
        rows.report.notes.append(
            f"row {row[0]}: no date joined; {athlete.name} is on {squad.name} from today"
        )
    else:
        start = parse_day(start_value, rows.where(row, "start"))
    pay_value = rows.get(row, "pay_status")
    pay = pay_named(pay_value, rows.where(row, "pay_status")) if pay_value is not None else "daily"
    session.flush()
    current = session.scalar(
        select(SquadMember).where(
            SquadMember.squad_id == squad.id, SquadMember.athlete_id == athlete.id, SquadMember.end.is_(None)
        )
    )
    if current is None:
        session.add(SquadMember(squad=squad, athlete=athlete, start=start, end=None, pay_status=pay))
    elif current.pay_status != pay:
        current.pay_status = pay


def _month(value: Any, where: str) -> date:
    if isinstance(value, (date, datetime)):
        return parse_day(value, where).replace(day=1)
    text = str(value).strip().replace(".", "/")
    for first, second in ((0, 1), (1, 0)):
        parts = text.replace("-", "/").split("/")
        if len(parts) == 2 and all(p.isdigit() for p in parts):
            year, month = int(parts[first]), int(parts[second])
            if year > 1900 and 1 <= month <= 12:
                return date(year, month, 1)
    raise MatchdeskError(f"{where}: {value!r} is not a month (write 2026-03 or 03/2026)")


def _camp_row(rows: Rows, row: Row, on_record: dict[tuple[int, date], CampMonth]) -> None:
    import calendar

    athlete = rows.athlete(row)
    month = _month(rows.get(row, "month", True), rows.where(row, "month"))
    rows.once((athlete.id, month), row, f"{athlete.name} in {month:%Y-%m}")
    try:
        training = int(float(str(rows.get(row, "training_days", True))))
        competing = int(float(str(rows.get(row, "competition_days") or 0)))
    except ValueError:
        raise MatchdeskError(f"row {row[0]}: the days are not whole numbers") from None
    days = calendar.monthrange(month.year, month.month)[1]
    if training < 0 or competing < 0 or training + competing > days:
        raise MatchdeskError(
            f"{rows.where(row, 'training_days')}: {training} + {competing} days do not fit in {days}"
        )
    place = rows.get(row, "place")
    existing = on_record.get((athlete.id, month))
    if existing is None:
        rows.session.add(
            CampMonth(
                athlete_id=athlete.id,
                month=month,
                training_days=training,
                competition_days=competing,
                place=place,
            )
        )
        rows.report.added += 1
    elif (existing.training_days, existing.competition_days) != (training, competing):
        existing.training_days, existing.competition_days = training, competing
        rows.report.changed += 1
    else:
        rows.report.skipped += 1


def _row_by_row(rows: Rows, kind: str) -> list[str]:
    """A roster's or camp days' rows added to the session; the problems found, by row and cell."""
    errors = []
    camps = {}
    if kind == "camps":
        camps = {(c.athlete_id, c.month): c for c in rows.session.scalars(select(CampMonth))}
    for row in rows.sheet.rows:
        try:
            _roster_row(rows, row) if kind == "roster" else _camp_row(rows, row, camps)
        except MatchdeskError as error:
            errors.append(str(error) if error.path is None else f"row {row[0]}: {error}")
    return errors


def import_records(
    database: Database,
    actor: Actor,
    path: Path,
    kind: str,
    dry_run: bool = False,
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
) -> ImportReport:
    """Check every row of ``path`` and store them all (or, with ``dry_run``, say what would be)."""
    require_keeper(actor, "import the department's records")
    if kind not in KINDS:
        raise MatchdeskError(f"--kind is one of {', '.join(KINDS)}")
    read = read_sheet(path, kind, sheet, mapping)
    report = ImportReport(
        kind,
        str(path),
        read.header_row,
        {f: read.headers[c - 1] for f, c in read.mapping.items()},
        read.unmapped,
        len(read.rows),
        dry_run=dry_run,
    )
    with database.session() as session:
        rows = Rows(session, read, report)
        try:
            errors = results_rows(rows) if kind == "results" else _row_by_row(rows, kind)
            if errors:
                raise ImportRefused(path, errors)
            session.flush()
        except BaseException:
            session.rollback()
            raise
        if dry_run:
            session.rollback()
            return report
        session.add(
            RecordImport(
                imported_at=datetime.now(UTC),
                imported_by=actor.login,
                kind=kind,
                file_name=path.name,
                file_sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
                added=report.added,
                changed=report.changed,
                skipped=report.skipped,
            )
        )
        log_access(
            session,
            actor,
            "import",
            [],
            {
                "kind": kind,
                "file": path.name,
                "added": report.added,
                "changed": report.changed,
                "skipped": report.skipped,
            },
        )
        session.commit()
    return report
