"""Coded events as a spreadsheet (CSV) and as the matrix of codes by labels a coach reads.

The CSV is UTF-8 with a byte-order mark, so that Excel shows Vietnamese names as they are: one row
per event with ``id``, ``code``, ``start_s``, ``end_s``, ``duration_s`` and ``labels`` (each
``GROUP: TEXT``, separated by `` | ``).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

import pandas as pd

from athletes.coding.events import CodedEvent, Label
from athletes.coding.sportscode import seconds_text
from matchdesk.errors import MatchdeskError

COLUMNS = ("id", "code", "start_s", "end_s", "duration_s", "labels")
LABELS_APART = " | "
NO_LABEL = "(no label)"


def write_csv(path: Path, events: Sequence[CodedEvent]) -> None:
    written = path.with_name(path.name + ".part")
    with written.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(COLUMNS)
        for event in sorted(events, key=lambda e: (e.start, e.id)):
            writer.writerow(
                [
                    event.id,
                    event.code,
                    seconds_text(event.start),
                    seconds_text(event.end),
                    seconds_text(event.duration),
                    LABELS_APART.join(str(label) for label in event.labels),
                ]
            )
    written.replace(path)


def read_csv(path: Path) -> list[CodedEvent]:
    """Events from a CSV with at least ``code``, ``start_s`` and ``end_s`` columns.

    Raises:
        MatchdeskError: naming the file, and the row and column of a value that is wrong.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            rows = list(csv.DictReader(file))
            header = rows[0].keys() if rows else set()
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise MatchdeskError(f"cannot be read as CSV ({error})", path) from error
    missing = [c for c in ("code", "start_s", "end_s") if c not in header]
    if rows and missing:
        raise MatchdeskError(f"no column {', '.join(missing)} (the columns are {', '.join(COLUMNS)})", path)
    events = []
    for number, row in enumerate(rows, start=2):  # the header is row 1
        code = (row.get("code") or "").strip()
        if not code:
            raise MatchdeskError(f"row {number}, column code: empty", path)
        start, end = (_seconds(row.get(c), number, c, path) for c in ("start_s", "end_s"))
        if end < start:
            raise MatchdeskError(f"row {number}: end_s is before start_s", path)
        labels = tuple(
            Label.parse(t) for t in (row.get("labels") or "").split(LABELS_APART.strip()) if t.strip()
        )
        given = (row.get("id") or "").strip()
        events.append(CodedEvent(int(given) if given.isdigit() else number - 1, code, start, end, labels))
    return events


def code_matrix(events: Sequence[CodedEvent]) -> pd.DataFrame:
    """How many events of each code (rows) carry each label (columns), with each code's total; events
    without a label count under ``NO_LABEL``."""
    pairs = [(e.code, str(label)) for e in events for label in e.labels]
    pairs += [(e.code, NO_LABEL) for e in events if not e.labels]
    table = pd.DataFrame(pairs, columns=["code", "label"])
    if table.empty:
        return pd.DataFrame()
    matrix = pd.crosstab(table["code"], table["label"])
    matrix["total"] = pd.Series({code: sum(e.code == code for e in events) for code in matrix.index})
    return matrix


def _seconds(text: str | None, row: int, column: str, path: Path) -> Fraction:
    try:
        value = Fraction(Decimal((text or "").strip()))
    except (InvalidOperation, ValueError) as error:
        raise MatchdeskError(
            f'row {row}, column {column}: "{text}" is not a number of seconds', path
        ) from error
    if value < 0:
        raise MatchdeskError(f"row {row}, column {column}: negative", path)
    return value
