"""Values as the department's spreadsheets write them: dates in several formats (2026-03-14,
14/03/2026, 14-03-2026, 14.03.2026, an Excel date), marks as times (1:02.53), distances or scores,
yes/no in Vietnamese or English."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from matchdesk.errors import MatchdeskError

_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_day(value: object, where: str) -> date:
    """A date: ISO (2026-03-14), day first as Vietnam writes it (14/03/2026, 14-03-2026, 14.03.2026),
    or an Excel date (a date cell, or its serial number)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and 20_000 < value < 80_000:
        return _EXCEL_EPOCH + timedelta(days=int(value))
    text = str(value).strip()
    try:
        if match := _ISO.match(text):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DAY_FIRST.match(text):
            return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        raise MatchdeskError(f"{text!r} is not a date that exists", where) from None
    raise MatchdeskError(f"{text!r} is not a date (write 2026-03-14 or 14/03/2026)", where)


def parse_mark(value: object, where: str) -> float:
    """A time, distance or score as a number: "1:02.53" is 62.53 s, "10.85" and "7,85" are numbers."""
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace(",", ".")
    try:
        if ":" in text:
            total = 0.0
            for part in text.split(":"):
                total = total * 60 + float(part)
            return total
        return float(text)
    except ValueError:
        raise MatchdeskError(f"{value!r} is not a time, distance or score", where) from None


def parse_yes(value: object) -> bool:
    return str(value).strip().lower() in ("1", "x", "yes", "true", "có", "co", "y")
