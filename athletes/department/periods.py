"""A reporting period: a year, a half (H1, H2), a quarter (Q1-Q4) or a month (01-12) of it."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from matchdesk.errors import MatchdeskError


@dataclass(frozen=True)
class Period:
    year: int
    part: str = "year"  # "year", "H1", "H2", "Q1".."Q4", or a month "01".."12"

    @property
    def months(self) -> tuple[int, int]:
        """The first and last month of the period."""
        if self.part == "year":
            return 1, 12
        if self.part in ("H1", "H2"):
            first = 1 if self.part == "H1" else 7
            return first, first + 5
        if self.part in ("Q1", "Q2", "Q3", "Q4"):
            first = 3 * (int(self.part[1]) - 1) + 1
            return first, first + 2
        return int(self.part), int(self.part)

    @property
    def first(self) -> date:
        return date(self.year, self.months[0], 1)

    @property
    def last(self) -> date:
        month = self.months[1]
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def words(self, language: str) -> str:
        """How the form's heading names the period."""
        vi = language == "vi"
        if self.part == "year":
            return f"Năm {self.year}" if vi else f"Year {self.year}"
        if self.part.startswith("H"):
            return (f"{'6 tháng đầu' if self.part == 'H1' else '6 tháng cuối'} năm {self.year}" if vi
                    else f"{'First' if self.part == 'H1' else 'Second'} half of {self.year}")  # fmt: skip
        if self.part.startswith("Q"):
            return f"Quý {self.part[1]} năm {self.year}" if vi else f"Quarter {self.part[1]} of {self.year}"
        return (
            f"Tháng {int(self.part)} năm {self.year}"
            if vi
            else f"{calendar.month_name[int(self.part)]} {self.year}"
        )


def period_of(year: int, part: str | None) -> Period:
    """``--year Y [--period P]`` as a Period; a clear error for anything else."""
    if not 1900 <= year <= 2200:
        raise MatchdeskError(f"{year} is not a year to report on")
    if part is None or part.lower() == "year":
        return Period(year)
    upper = part.upper()
    if upper in ("H1", "H2", "Q1", "Q2", "Q3", "Q4"):
        return Period(year, upper)
    if part.isdigit() and 1 <= int(part) <= 12:
        return Period(year, f"{int(part):02d}")
    raise MatchdeskError(f"a period is H1, H2, Q1-Q4 or a month 1-12, not {part!r}")
