"""Reading the spreadsheets the department already keeps (Excel or CSV): merged header cells filled
in, the header row found among the first rows, and each column mapped to a field by its name in
Vietnamese or English (with or without diacritics), or as the user maps it."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from athletes.records import fold
from matchdesk.errors import MatchdeskError

HEADER_SEARCH_ROWS = 15

# Each kind's fields, and the column names that mean them (folded: no diacritics, lower case).
FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "roster": {
        "name": (
            "ho va ten",
            "ho ten",
            "ten van dong vien",
            "van dong vien",
            "vdv",
            "name",
            "full name",
            "athlete",
        ),
        "date_of_birth": ("ngay sinh", "ngay thang nam sinh", "dob", "date of birth", "born", "birth date"),
        "sex": ("gioi tinh", "gioi", "nam/nu", "sex", "gender"),
        "id_number": (
            "cccd",
            "so cccd",
            "cmnd",
            "so cmnd",
            "cccd/cmnd",
            "so dinh danh",
            "can cuoc",
            "id number",
        ),
        "sport": ("mon", "mon the thao", "mon thi dau", "sport"),
        "squad": ("doi", "doi tuyen", "ten doi", "squad", "team"),
        "squad_level": ("cap doi tuyen", "cap doi", "tuyen", "squad level", "level"),
        "pay_status": ("che do", "huong", "che do huong", "pay", "pay status"),
        "start": ("ngay vao doi", "ngay tap trung", "tu ngay", "from", "since", "start"),
        "coach": ("hlv", "huan luyen vien", "coach"),
    },
    "results": {
        "competition": ("giai", "ten giai", "giai dau", "giai thi dau", "competition"),
        "sport": ("mon", "mon the thao", "mon thi dau", "sport"),
        "level": ("cap giai", "cap do giai", "level", "competition level"),
        "start": ("ngay bat dau", "tu ngay", "start", "from"),
        "end": ("ngay ket thuc", "den ngay", "end", "until"),
        "official": ("chinh thuc", "official"),
        "in_province": ("to chuc tai tinh", "tai tinh", "in province", "held in province"),
        "event": ("noi dung", "noi dung thi dau", "cu ly", "event"),
        "name": ("ho va ten", "ho ten", "van dong vien", "vdv", "name", "athlete"),
        "date_of_birth": ("ngay sinh", "dob", "date of birth", "born"),
        "id_number": ("cccd", "so cccd", "cmnd", "so dinh danh", "id number"),
        "team": ("doi", "ten doi", "don vi", "team"),
        "members": ("thanh vien", "cac vdv", "vdv trong doi", "members"),
        "rank": ("hang", "thu hang", "xep hang", "rank", "place"),
        "medal": ("huy chuong", "hc", "medal"),
        "mark": ("thanh tich", "ket qua", "mark", "result", "time"),
        "records": ("ky luc", "pha ky luc", "record", "records"),
    },
    "camps": {
        "name": ("ho va ten", "ho ten", "van dong vien", "vdv", "name", "athlete"),
        "date_of_birth": ("ngay sinh", "dob", "date of birth", "born"),
        "id_number": ("cccd", "so cccd", "cmnd", "so dinh danh", "id number"),
        "month": ("thang", "month"),
        "training_days": ("ngay tap", "so ngay tap", "ngay tap luyen", "so ngay tap luyen", "training days"),
        "competition_days": ("ngay thi dau", "so ngay thi dau", "competition days"),
        "place": ("dia diem", "noi tap", "noi tap trung", "place"),
    },
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "roster": ("name", "sex", "sport"),
    "results": ("competition", "sport", "level", "start", "event"),  # and an athlete's name or a team's
    "camps": ("name", "month", "training_days"),
}


@dataclass(frozen=True)
class Cell:
    """Where a value sits, as the user names it: "D12" in Excel, "row 12, column 4" in a CSV."""

    row: int
    column: int  # from 1
    excel: bool

    def __str__(self) -> str:
        if self.excel:
            from openpyxl.utils import get_column_letter

            return f"cell {get_column_letter(self.column)}{self.row}"
        return f"row {self.row}, column {self.column}"


@dataclass
class Sheet:
    path: Path
    header_row: int
    headers: list[str]
    mapping: dict[str, int]  # field -> column (from 1)
    unmapped: list[str]  # headers mapped to nothing
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)  # (row number, values)
    excel: bool = True

    def value(self, row: tuple[int, list[Any]], name: str) -> tuple[Any, Cell | None]:
        """The row's value of field ``name`` (None when empty or unmapped), and its cell."""
        column = self.mapping.get(name)
        if column is None:
            return None, None
        values = row[1]
        value = values[column - 1] if column - 1 < len(values) else None
        if isinstance(value, str):
            value = " ".join(value.split()) or None
        return value, Cell(row[0], column, self.excel)


def _grid(path: Path, sheet: str | None) -> tuple[list[list[Any]], bool]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                first = handle.readline()
                handle.seek(0)
                # The header line's commonest of , ; and tab (Excel in Vietnamese locales writes ;).
                delimiter = max(",;\t", key=first.count)
                return [list(r) for r in csv.reader(handle, delimiter=delimiter)], False
        except UnicodeDecodeError:
            raise MatchdeskError("is not UTF-8 text: save it from Excel as 'CSV UTF-8'", path) from None
    if suffix not in (".xlsx", ".xlsm"):
        raise MatchdeskError("give an Excel workbook (.xlsx) or a CSV file", path)
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, data_only=True)
    except Exception as error:  # zip, XML or openpyxl's own: not a workbook it can read
        raise MatchdeskError(f"cannot be read as an Excel workbook ({type(error).__name__})", path) from None
    if sheet is not None and sheet not in book.sheetnames:
        raise MatchdeskError(f"has no sheet {sheet!r} (it has {', '.join(book.sheetnames)})", path)
    worksheet = book[sheet] if sheet else book.worksheets[0]
    grid = [list(row) for row in worksheet.iter_rows(values_only=True)]
    for merged in worksheet.merged_cells.ranges:  # a merged cell's value fills each cell it covers
        value = grid[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                grid[r - 1][c - 1] = value
    return grid, True


def _field_of(header: Any, fields: dict[str, tuple[str, ...]], own: dict[str, str]) -> str | None:
    folded = fold(str(header or "")).strip(" :*")
    if folded in own:
        return own[folded]
    for name, synonyms in fields.items():
        if folded == name or folded in synonyms:
            return name
    return None


def read_sheet(
    path: Path, kind: str, sheet: str | None = None, mapping: dict[str, str] | None = None
) -> Sheet:
    """The sheet's rows, with its columns mapped to ``kind``'s fields. ``mapping`` maps a header the
    user names (as written) to a field, over the names matchdesk knows."""
    if not path.is_file():
        raise MatchdeskError("no such file", path)
    fields = FIELDS[kind]
    own = {fold(header): name for header, name in (mapping or {}).items()}
    for header, name in (mapping or {}).items():
        if name not in fields:
            raise MatchdeskError(f"--map {header}={name}: {kind} has no field {name!r} ({', '.join(fields)})")
    grid, excel = _grid(path, sheet)
    best, best_count = -1, 0
    for number, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        count = len({f for f in (_field_of(v, fields, own) for v in row) if f})
        if count > best_count:
            best, best_count = number, count
    if best < 0 or best_count < 2:
        columns = ", ".join(REQUIRED[kind])
        raise MatchdeskError(f"no header row in its first {HEADER_SEARCH_ROWS} rows names {columns}...", path)
    headers = ["" if v is None else str(v) for v in grid[best]]
    found: dict[str, int] = {}
    unmapped = []
    for column, header in enumerate(headers, start=1):
        mapped = _field_of(header, fields, own)
        if mapped and mapped not in found:
            found[mapped] = column
        elif header.strip():
            unmapped.append(header)
    missing = [name for name in REQUIRED[kind] if name not in found]
    if kind == "results" and "name" not in found and "team" not in found:
        missing.append("name (or team)")
    if missing:
        raise MatchdeskError(
            f"no column for {', '.join(missing)} "
            f"(header row {best + 1}: {', '.join(h for h in headers if h)}); "
            "name it, or map it with --map 'HEADER=FIELD'",
            path,
        )
    rows = [
        (number, values)
        for number, values in enumerate(grid[best + 1 :], start=best + 2)
        if any(v not in (None, "") for v in values) and not _numbering_row(values)
    ]
    return Sheet(path, best + 1, headers, found, unmapped, rows, excel)


def _numbering_row(values: list[Any]) -> bool:
    """The row forms put under the header to number the columns: (1) (2) (3)... or A B 1 2 3."""
    filled = [fold(str(v)).strip("() ") for v in values if v not in (None, "")]
    numbers = [f for f in filled if f not in ("a", "b", "c")]
    return len(numbers) >= 3 and numbers == [str(n) for n in range(1, len(numbers) + 1)]
