"""Importing the department's spreadsheets (rosters, results, camp days) whole or not at all: every
row is checked, every problem named by its row and cell, and only a file without problems is stored,
in one transaction. Athletes already on record are found by ID number, or by name and date of birth;
the report says what was added, changed and skipped."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from athletes.access.access_log import log_access
from athletes.access.actor import Actor
from athletes.database import Database
from athletes.department.keeping import medal_named, require_keeper
from athletes.department.spreadsheet_read import Sheet, read_sheet
from athletes.department.spreadsheet_values import parse_day, parse_mark, parse_yes
from athletes.department.tables import CampMonth, Competition, RecordImport, Result, Squad, SquadMember
from athletes.department.value_words import (
    competition_level_named,
    pay_named,
    sex_named,
    sport_named,
    squad_level_named,
)
from athletes.models import Athlete
from athletes.records import NewAthlete, fold, new_athlete
from matchdesk.errors import MatchdeskError

KINDS = ("roster", "results", "camps")
ERRORS_SHOWN = 50
RECORD_WORDS = {
    "quoc gia": "national",
    "national": "national",
    "kl quoc gia": "national",
    "tinh": "provincial",
    "provincial": "provincial",
    "kl tinh": "provincial",
}


class ImportRefused(MatchdeskError):
    """The file has problems; nothing of it was stored."""

    def __init__(self, path: Path, errors: list[str]) -> None:
        shown = "\n  ".join(errors[:ERRORS_SHOWN])
        more = f"\n  ... and {len(errors) - ERRORS_SHOWN} more" if len(errors) > ERRORS_SHOWN else ""
        super().__init__(f"{len(errors)} problem(s); nothing was imported:\n  {shown}{more}", path)
        self.errors = errors


@dataclass
class ImportReport:
    kind: str
    file: str
    header_row: int
    mapping: dict[str, str]  # field -> the column's header
    unmapped: list[str]
    rows: int
    added: int = 0
    changed: int = 0
    skipped: int = 0
    dry_run: bool = False
    notes: list[str] = field(default_factory=list)


class _Athletes:
    """The athletes on record, found by ID number, by name and date of birth, or by a unique name."""

    def __init__(self, session: Session) -> None:
        self.by_id: dict[str, Athlete] = {}
        self.by_name_born: dict[tuple[str, date | None], Athlete] = {}
        self.by_name: dict[str, list[Athlete]] = {}
        for athlete in session.scalars(select(Athlete)):
            self.add(athlete)

    def add(self, athlete: Athlete) -> None:
        if athlete.id_number:
            self.by_id[athlete.id_number] = athlete
        self.by_name_born[fold(athlete.name), athlete.date_of_birth] = athlete
        self.by_name.setdefault(fold(athlete.name), []).append(athlete)

    def find(self, name: str, born: date | None, id_number: str | None) -> Athlete | None:
        if id_number and id_number in self.by_id:
            return self.by_id[id_number]
        if born is not None:
            return self.by_name_born.get((fold(name), born))
        same = self.by_name.get(fold(name), [])
        if len(same) > 1:
            raise MatchdeskError(f"several athletes are named {name}: give the date of birth or ID number")
        return same[0] if same else None


def _id_number(value: Any) -> str | None:
    """An ID number as text; a number cell has lost a CCCD's leading zeros (001... is Hà Nội)."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        digits = str(int(value))
        return digits.zfill(12) if len(digits) <= 12 else digits
    return str(value).strip() or None


class _Rows:
    """One import's state: the session, what is on record, and the counts."""

    def __init__(self, session: Session, sheet: Sheet, report: ImportReport) -> None:
        self.session, self.sheet, self.report = session, sheet, report
        self.athletes = _Athletes(session)
        self.sports = {s for (s,) in session.execute(select(Athlete.sport).distinct()) if s}
        self.seen: dict[object, int] = {}

    def get(self, row: tuple[int, list[Any]], name: str, required: bool = False) -> Any:
        value, cell = self.sheet.value(row, name)
        if value is None and required:
            where = f"row {row[0]}" if cell is None else str(cell)
            raise MatchdeskError(f"{where}: {self.sheet.headers[self.sheet.mapping[name] - 1]} is empty")
        return value

    def where(self, row: tuple[int, list[Any]], name: str) -> str:
        _, cell = self.sheet.value(row, name)
        header = self.sheet.headers[self.sheet.mapping[name] - 1] if name in self.sheet.mapping else name
        return f"{cell} ({header})" if cell else f"row {row[0]}"

    def once(self, key: object, row: tuple[int, list[Any]], what: str) -> None:
        if key in self.seen:
            raise MatchdeskError(f"row {row[0]}: {what} is also on row {self.seen[key]} (a duplicate)")
        self.seen[key] = row[0]

    def athlete(self, row: tuple[int, list[Any]]) -> Athlete:
        name = str(self.get(row, "name", True))
        born_value = self.get(row, "date_of_birth")
        born = parse_day(born_value, self.where(row, "date_of_birth")) if born_value is not None else None
        try:
            found = self.athletes.find(name, born, _id_number(self.get(row, "id_number")))
        except MatchdeskError as error:
            raise MatchdeskError(f"{self.where(row, 'name')}: {error.problem}") from None
        if found is None:
            raise MatchdeskError(
                f"{self.where(row, 'name')}: {name} is not in the roster (import the roster first)"
            )
        return found


def _roster_row(rows: _Rows, row: tuple[int, list[Any]]) -> None:
    name = " ".join(str(rows.get(row, "name", True)).split())
    born_value = rows.get(row, "date_of_birth")
    born = parse_day(born_value, rows.where(row, "date_of_birth")) if born_value is not None else None
    id_number = _id_number(rows.get(row, "id_number"))
    sex = sex_named(rows.get(row, "sex", True), rows.where(row, "sex"))
    sport = sport_named(rows.get(row, "sport", True), rows.where(row, "sport"), rows.sports)
    rows.once(("id", id_number) if id_number else ("name", fold(name), born), row, name)
    if born is None and id_number is None:
        if rows.athletes.by_name.get(fold(name)):  # a namesake, or the same athlete: nothing tells
            raise MatchdeskError(
                f"{rows.where(row, 'name')}: an athlete named {name} is on record already: give the date of "
                "birth or ID number to tell them apart"
            )
        athlete = None
    else:
        athlete = rows.athletes.find(name, born, id_number)
    if athlete is None:
        athlete = new_athlete(rows.session, NewAthlete(name, sex, born, sport, id_number=id_number))
        rows.athletes.add(athlete)
        rows.report.added += 1
    else:
        changes = {
            k: v
            for k, v in (("sex", sex), ("sport", sport), ("date_of_birth", born), ("id_number", id_number))
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


def _membership(
    rows: _Rows, row: tuple[int, list[Any]], athlete: Athlete, squad_name: str, sport: str
) -> None:
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


def _competition(
    rows: _Rows, row: tuple[int, list[Any]], cache: dict[tuple[str, str, date], Competition]
) -> Competition:
    name = str(rows.get(row, "competition", True))
    sport = sport_named(rows.get(row, "sport", True), rows.where(row, "sport"), rows.sports)
    start = parse_day(rows.get(row, "start", True), rows.where(row, "start"))
    key = (name, sport, start)
    if key in cache:
        return cache[key]
    end_value = rows.get(row, "end")
    end = parse_day(end_value, rows.where(row, "end")) if end_value is not None else start
    if end < start:
        raise MatchdeskError(f"{rows.where(row, 'end')}: it ends ({end}) before it starts ({start})")
    official = rows.get(row, "official")
    held_here = rows.get(row, "in_province")
    competition = Competition(
        name=name,
        sport=sport,
        level=competition_level_named(rows.get(row, "level", True), rows.where(row, "level")),
        start=start,
        end=end,
        official=True if official is None else parse_yes(official),
        in_province=False if held_here is None else parse_yes(held_here),
        place=None,
    )
    rows.session.add(competition)
    rows.session.flush()
    cache[key] = competition
    return competition


def _results(rows: _Rows) -> None:
    session = rows.session
    competitions = {(c.name, c.sport, c.start): c for c in session.scalars(select(Competition))}
    on_record = {(r.competition_id, r.event, r.athlete_id): r for r in session.scalars(select(Result))}
    errors: list[str] = []
    for row in rows.sheet.rows:
        try:
            competition = _competition(rows, row, competitions)
            athlete = rows.athlete(row)
            event = str(rows.get(row, "event", True))
            rows.once((competition.id, event, athlete.id), row, f"{athlete.name} in {event}")
            rank_value = rows.get(row, "rank")
            try:
                rank = None if rank_value is None else int(float(str(rank_value)))
            except ValueError:
                raise MatchdeskError(f"{rows.where(row, 'rank')}: {rank_value!r} is not a rank") from None
            medal = medal_named(rows.get(row, "medal"), rows.where(row, "medal"))
            mark_value = rows.get(row, "mark")
            mark = None if mark_value is None else parse_mark(mark_value, rows.where(row, "mark"))
            records_value = rows.get(row, "records")
            records = None
            if records_value is not None:
                kind = RECORD_WORDS.get(fold(str(records_value)))
                if kind is None:
                    raise MatchdeskError(
                        f"{rows.where(row, 'records')}: {records_value!r} is not a record (quốc gia, tỉnh)"
                    )
                records = kind
            existing = on_record.get((competition.id, event, athlete.id))
            if existing is None:
                session.add(
                    Result(
                        competition_id=competition.id,
                        event=event,
                        athlete_id=athlete.id,
                        rank=rank,
                        medal=medal,
                        mark=mark,
                        mark_text=None if mark_value is None else str(mark_value),
                        records=records,
                    )
                )
                rows.report.added += 1
            elif (existing.rank, existing.medal, existing.mark, existing.records) != (
                rank,
                medal,
                mark,
                records,
            ):
                existing.rank, existing.medal, existing.mark, existing.records = rank, medal, mark, records
                rows.report.changed += 1
            else:
                rows.report.skipped += 1
        except MatchdeskError as error:
            errors.append(str(error))
    if errors:
        raise ImportRefused(rows.sheet.path, errors)


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


def _camp_row(rows: _Rows, row: tuple[int, list[Any]], on_record: dict[tuple[int, date], CampMonth]) -> None:
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
        rows = _Rows(session, read, report)
        try:
            if kind == "results":
                _results(rows)
            else:
                errors = []
                camps = (
                    {(c.athlete_id, c.month): c for c in session.scalars(select(CampMonth))}
                    if kind == "camps"
                    else {}
                )
                for row in read.rows:
                    try:
                        _roster_row(rows, row) if kind == "roster" else _camp_row(rows, row, camps)
                    except MatchdeskError as error:
                        errors.append(str(error) if error.path is None else f"row {row[0]}: {error}")
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
