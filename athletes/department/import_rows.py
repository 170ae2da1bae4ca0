"""One import's rows and what they are checked against: the sheet, the athletes on record (found by
ID number, or by name and date of birth), each value named by its row and cell, duplicates within the
file, and the counts of what was added, changed and skipped."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from athletes.department.spreadsheet_read import Sheet
from athletes.department.spreadsheet_values import parse_day
from athletes.models import Athlete
from athletes.records import fold
from matchdesk.errors import MatchdeskError

Row = tuple[int, list[Any]]  # the sheet's row number and its values


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


class AthletesOnRecord:
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


def id_number(value: Any) -> str | None:
    """An ID number as text; a number cell has lost a CCCD's leading zeros (001... is Hà Nội)."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        digits = str(int(value))
        return digits.zfill(12) if len(digits) <= 12 else digits
    return str(value).strip() or None


class Rows:
    """One import's state: the session, what is on record, and the counts."""

    def __init__(self, session: Session, sheet: Sheet, report: ImportReport) -> None:
        self.session, self.sheet, self.report = session, sheet, report
        self.athletes = AthletesOnRecord(session)
        self.sports = {s for (s,) in session.execute(select(Athlete.sport).distinct()) if s}
        self.seen: dict[object, int] = {}

    def get(self, row: Row, name: str, required: bool = False) -> Any:
        value, cell = self.sheet.value(row, name)
        if value is None and required:
            where = f"row {row[0]}" if cell is None else str(cell)
            raise MatchdeskError(f"{where}: {self.sheet.headers[self.sheet.mapping[name] - 1]} is empty")
        return value

    def where(self, row: Row, name: str) -> str:
        _, cell = self.sheet.value(row, name)
        header = self.sheet.headers[self.sheet.mapping[name] - 1] if name in self.sheet.mapping else name
        return f"{cell} ({header})" if cell else f"row {row[0]}"

    def once(self, key: object, row: Row, what: str) -> None:
        if key in self.seen:
            raise MatchdeskError(f"row {row[0]}: {what} is also on row {self.seen[key]} (a duplicate)")
        self.seen[key] = row[0]

    def athlete(self, row: Row) -> Athlete:
        name = str(self.get(row, "name", True))
        born_value = self.get(row, "date_of_birth")
        born = parse_day(born_value, self.where(row, "date_of_birth")) if born_value is not None else None
        try:
            found = self.athletes.find(name, born, id_number(self.get(row, "id_number")))
        except MatchdeskError as error:
            raise MatchdeskError(f"{self.where(row, 'name')}: {error.problem}") from None
        if found is None:
            raise MatchdeskError(
                f"{self.where(row, 'name')}: {name} is not in the roster (import the roster first)"
            )
        return found
