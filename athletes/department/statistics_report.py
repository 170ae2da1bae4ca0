"""The year's (or period's) indicators written for the province: counted, laid out in the forms,
charted year on year, and written whole or not at all. Admins, the department and analysts may make
it; what leaves holds no names, and small groups of people are suppressed."""

from __future__ import annotations

import logging
from pathlib import Path

from athletes.access.access_log import log_access
from athletes.access.actor import AccessRefused, Actor
from athletes.database import Database
from athletes.department.form_output import (
    Heading,
    YearFigures,
    write_forms_excel,
    write_forms_pdf,
    year_chart,
)
from athletes.department.forms import fill_forms
from athletes.department.indicators import GRADED_ATHLETES, INTERNATIONAL_MEDALS, NATIONAL_MEDALS
from athletes.department.periods import Period
from matchdesk.errors import MatchdeskError
from matchdesk.whole_files import written_whole

logger = logging.getLogger(__name__)

MAY_MAKE = ("admin", "department", "analyst")
CHART_YEARS = 5
DEFAULT_UNIT = {"vi": "Sở Văn hóa và Thể thao", "en": "Department of Culture and Sports"}
DEFAULT_RECEIVER = {"vi": "Bộ Văn hóa, Thể thao và Du lịch", "en": "Ministry of Culture, Sports and Tourism"}


def years_figures(database: Database, last_year: int) -> list[YearFigures]:
    """The chart's totals for the ``CHART_YEARS`` years up to ``last_year``."""
    figures = []
    with database.session() as session:
        for year in range(last_year - CHART_YEARS + 1, last_year + 1):
            whole = Period(year)
            totals = [int(i.count(session, whole, ())["n"].sum()) for i in
                      (INTERNATIONAL_MEDALS, NATIONAL_MEDALS, GRADED_ATHLETES)]  # fmt: skip
            figures.append(YearFigures(year, *totals))
    return figures


def write_indicators(
    database: Database, actor: Actor, period: Period, target: Path, language: str = "vi",
    unit: str | None = None, receiver: str | None = None,
) -> Path:  # fmt: skip
    """The indicators for ``period`` as ``target`` (.xlsx for the reporting system, .pdf to sign)."""
    if actor.role not in MAY_MAKE:
        raise AccessRefused(f"{actor.login} ({actor.role}) may not make the sector's statistics")
    suffix = target.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise MatchdeskError("the indicators are written as .xlsx or .pdf", target)
    heading = Heading(
        unit or DEFAULT_UNIT[language], receiver or DEFAULT_RECEIVER[language], period.words(language)
    )
    with database.session() as session:
        forms = fill_forms(session, period, language)
        log_access(session, actor, "export", [], {"kind": "indicators", "period": heading.period})
        session.commit()
    chart = year_chart(years_figures(database, period.year), language)
    target.parent.mkdir(parents=True, exist_ok=True)
    with written_whole(target) as partial:
        if suffix == ".xlsx":
            write_forms_excel(forms, heading, chart, partial, language)
        else:
            write_forms_pdf(forms, heading, chart, partial, language)
    logger.info("indicators for %s written to %s", heading.period, target)
    return target
