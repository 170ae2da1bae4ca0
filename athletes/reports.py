"""Department reports (roster, volume and load per team and month, athletes flagged, test results) and
the athlete profile, in Vietnamese or English, as Excel (XlsxWriter) or PDF (fpdf2, DejaVu embedded so
that Vietnamese prints correctly)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
from sqlalchemy import select

from athletes.dashboard import season, session_load
from athletes.database import Database
from athletes.models import Athlete, Team, TestResult, TrainingSession
from athletes.report_text import flag_text, session_kind, test_name, with_hr_source, words
from athletes.signing.room import keep_room_for_signatures
from matchdesk.errors import MatchdeskError
from matchdesk.whole_files import written_whole
from var.report import vietnamese_pdf


def department_tables(
    database: Database, language: str, measure: str = "internal"
) -> dict[str, pd.DataFrame]:
    """The department report's tables, titled in ``language``; flags from the load counted as
    ``measure``."""
    w = words(language)
    with database.session() as session:
        roster = session.execute(
            select(
                Athlete.name, Athlete.sport, Team.name, Athlete.level, Athlete.coach, Athlete.date_of_birth
            )
            .outerjoin(Team, Athlete.team_id == Team.id)
            .order_by(Athlete.sport, Team.name, Athlete.level, Athlete.name_folded)
        ).all()
        sessions = session.execute(
            select(
                Team.name,
                TrainingSession.day,
                TrainingSession.duration_s,
                TrainingSession.distance_m,
                TrainingSession.rpe,
                TrainingSession.trimp_banister,
                TrainingSession.kind,
                TrainingSession.hsr_distance_m,
            )
            .join(Athlete, TrainingSession.athlete_id == Athlete.id)
            .outerjoin(Team, Athlete.team_id == Team.id)
        ).all()
        tests = session.execute(
            select(TestResult.day, Athlete.name, TestResult.kind, TestResult.value, TestResult.unit)
            .join(Athlete, TestResult.athlete_id == Athlete.id)
            .order_by(TestResult.day, Athlete.name_folded)
        ).all()
    roster_table = pd.DataFrame(
        [(n, s, t, w.get(lv or "", lv), c, b.isoformat() if b else "") for n, s, t, lv, c, b in roster],
        columns=[w["name"], w["sport"], w["team"], w["level"], w["coach"], w["born"]],
    )
    frame = pd.DataFrame(
        sessions, columns=["team", "day", "duration_s", "distance_m", "rpe", "trimp", "kind", "hsr_m"]
    )
    frame = frame[frame["kind"] != "hrv"]
    frame["month"] = pd.to_datetime(frame["day"]).dt.strftime("%Y-%m")
    frame["load"] = [
        session_load(r, d, t)
        for r, d, t in zip(frame["rpe"], frame["duration_s"], frame["trimp"], strict=True)
    ]
    frame["team"] = frame["team"].fillna("-")
    volume = (
        frame.groupby(["team", "month"])
        .agg(
            sessions=("day", "size"),
            hours=("duration_s", "sum"),
            km=("distance_m", "sum"),
            hsr=("hsr_m", "sum"),
            load=("load", "sum"),
        )
        .reset_index()
    )
    volume["hours"] = (volume["hours"] / 3600).round(1)
    volume["km"] = (volume["km"] / 1000).round(1)
    volume["hsr"] = volume["hsr"].round(0)
    volume["load"] = volume["load"].round(0)
    volume.columns = [
        w["team"],
        w["month"],
        w["session_count"],
        w["hours"],
        w["distance_km"],
        w["hsr_m"],
        w["load_au"],
    ]
    flagged = [
        (a.name, a.team or "-", flag_text(flag, language))
        for a in season(database, measure=measure)
        for flag in a.flags
    ]
    return {
        w["roster"]: roster_table,
        w["volume"]: volume,
        w["flagged"]: pd.DataFrame(flagged, columns=[w["name"], w["team"], w["flag"]]),
        w["tests"]: pd.DataFrame(
            [(d.isoformat(), n, test_name(k, language), v, u) for d, n, k, v, u in tests],
            columns=[w["day"], w["name"], w["test"], w["value"], w["unit"]],
        ),
    }


def profile_tables(
    database: Database, athlete_id: int, language: str, measure: str = "internal"
) -> tuple[str, dict[str, pd.DataFrame]]:
    w = words(language)
    with database.session() as session:
        athlete = session.get(Athlete, athlete_id)
        if athlete is None:
            raise MatchdeskError("no such athlete", f"athlete {athlete_id}")
        team = athlete.team.name if athlete.team else "-"
        record = pd.DataFrame(
            [
                (w["sport"], athlete.sport or "-"),
                (w["team"], team),
                (w["level"], w.get(athlete.level or "", athlete.level or "-")),
                (w["coach"], athlete.coach or "-"),
                (w["born"], athlete.date_of_birth.isoformat() if athlete.date_of_birth else "-"),
                ("HRmax", _with_source(athlete.hr_max, athlete.hr_max_source, language)),
                ("HRrest", _with_source(athlete.hr_rest, athlete.hr_rest_source, language)),
            ],
            columns=[w["measure"], w["value"]],
        )
        recent = session.scalars(
            select(TrainingSession)
            .where(TrainingSession.athlete_id == athlete_id)
            .order_by(TrainingSession.start_utc.desc())
            .limit(20)
        ).all()
        sessions = pd.DataFrame(
            [
                (
                    s.day.isoformat(),
                    session_kind(s.kind, language),
                    round(s.duration_s / 60, 1),
                    round(s.hr_mean or 0, 1),
                    round(s.distance_m / 1000, 2),
                    round(session_load(s.rpe, s.duration_s, s.trimp_banister)),
                    w["video"] if s.source_format == "video" else (s.source_format or "-").upper(),
                )
                for s in recent
            ],
            columns=[
                w["day"],
                w["kind"],
                w["minutes"],
                w["hr_mean"],
                w["distance_km"],
                w["load_au"],
                w["source"],
            ],
        )
        tests = pd.DataFrame(
            [
                (t.day.isoformat(), test_name(t.kind, language), t.value, t.unit)
                for t in session.scalars(select(TestResult).where(TestResult.athlete_id == athlete_id))
            ],
            columns=[w["day"], w["test"], w["value"], w["unit"]],
        )
        name = athlete.name
    (summary,) = season(database, athlete_ids=[athlete_id], measure=measure)
    current = pd.DataFrame(
        [
            (label, "-" if summary.latest(column) is None else f"{summary.latest(column):.2f}")
            for label, column in (
                (w["acwr_rolling"], "acwr"),
                (w["acwr_ewma"], "acwr_ewma"),
                (w["monotony"], "monotony"),
                (w["strain"], "strain"),
                (w["fitness"], "fitness"),
                (w["fatigue"], "fatigue"),
                (w["form"], "form"),
            )
        ],
        columns=[w["measure"], w["value"]],
    )
    flags = pd.DataFrame(
        [(f.day.isoformat(), flag_text(f, language)) for f in summary.flags], columns=[w["day"], w["flag"]]
    )
    return name, {
        w["profile_title"]: record,
        w["load"]: current,
        w["flagged"]: flags,
        w["sessions"]: sessions,
        w["tests"]: tests,
    }


def write_department_report(
    database: Database, target: Path, language: str = "vi", measure: str = "internal"
) -> Path:
    tables = department_tables(database, language, measure)
    return _write(tables, target, words(language)["department_title"], language, measure)


def write_profile_report(
    database: Database, athlete_id: int, target: Path, language: str = "vi", measure: str = "internal"
) -> Path:
    name, tables = profile_tables(database, athlete_id, language, measure)
    return _write(tables, target, f"{words(language)['profile_title']}: {name}", language, measure)


def _write(tables: dict[str, pd.DataFrame], target: Path, title: str, language: str, measure: str) -> Path:
    suffix = target.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise MatchdeskError("a report is written as .xlsx or .pdf", target)
    target.parent.mkdir(parents=True, exist_ok=True)
    w = words(language)
    counted = f"{w['counted_as']}: {w['measure_' + measure]}. {w['linke']}"
    with written_whole(target) as partial:
        if suffix == ".xlsx":
            _write_excel(tables, partial, title, counted)
        else:
            _write_pdf(tables, partial, title, language, counted)
    return target


def _write_excel(tables: dict[str, pd.DataFrame], target: Path, title: str, counted: str) -> None:
    with pd.ExcelWriter(target, engine="xlsxwriter") as writer:
        for heading, table in tables.items():
            sheet = heading if len(heading) <= 31 else heading[:31].rsplit(" ", 1)[0]  # Excel's limit
            table.to_excel(writer, sheet_name=sheet, index=False, startrow=2)
            worksheet = writer.sheets[sheet]
            worksheet.write(0, 0, f"{title} — {heading}")
            worksheet.write(1, 0, counted)
            for number, column in enumerate(table.columns):
                width = max([len(str(column))] + [len(str(v)) for v in table[column].head(200)])
                worksheet.set_column(number, number, min(60, width + 2))


def _write_pdf(
    tables: dict[str, pd.DataFrame], target: Path, title: str, language: str, counted: str
) -> None:
    w = words(language)
    pdf = vietnamese_pdf(title)
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")  # else the next line starts at its right
    pdf.set_font("DejaVu", "", 9)
    # Two lines that wrap within the margins: the date, then the note (one line ran off the page).
    pdf.multi_cell(0, 5, f"{w['generated']}: {date.today().isoformat()}", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 5, w["note"], new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.multi_cell(0, 5, counted, new_x="LMARGIN", new_y="NEXT", align="L")
    for heading, table in tables.items():
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 12)
        pdf.cell(0, 8, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 8)
        if table.empty:
            pdf.cell(0, 6, w["none"], new_x="LMARGIN", new_y="NEXT")
            continue
        with pdf.table(text_align="LEFT") as grid:
            grid.row([str(c) for c in table.columns])
            for values in table.itertuples(index=False):
                grid.row(["" if pd.isna(v) else str(v) for v in values])
    keep_room_for_signatures(pdf)
    pdf.output(str(target))


def _with_source(value: float | None, source: str | None, language: str) -> str:
    """An HR figure and, in brackets, where it came from, in the report's language."""
    return "-" if value is None else with_hr_source(f"{value:g}", source, language)
