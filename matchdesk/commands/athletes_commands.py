"""``matchdesk athletes``: records, wearable imports, wellness, tests, the season dashboard, reports and
live logging from the shell. Every command takes ``--db URL`` (default: ``MATCHDESK_DB`` or the SQLite
file in matchdesk's data folder)."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from athletes.vocabulary import HR_BY_HAND, LEVELS, SEXES, USER_VARIABLE
from matchdesk.commands.athletes_protection_commands import register_protection
from matchdesk.commands.athletes_session import (
    athlete_id,
    open_database,
    signed_in,
    signed_in_database,
    write_result,
)
from matchdesk.commands.department_commands import register_department
from matchdesk.commands.department_report_commands import register_department_reports
from matchdesk.commands.signing_commands import check_signing, sign_written, signing_options
from matchdesk.errors import MatchdeskError

if TYPE_CHECKING:
    from athletes.access.actor import Actor
    from athletes.models import Athlete, TrainingSession

EXIT_SOME_FILES_FAILED = 1


def register(commands: Any) -> None:
    athletes = commands.add_parser("athletes", help="athlete records, wearable imports, load, reports")
    actions = athletes.add_subparsers(dest="athletes_command", metavar="ACTION", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", help="database URL (sqlite:///file or postgresql+psycopg://...)")
    common.add_argument(
        "--user",
        default=os.environ.get(USER_VARIABLE),
        help="sign in as LOGIN (password from MATCHDESK_PASSWORD or asked); default MATCHDESK_USER",
    )

    add = actions.add_parser("add", parents=[common], help="add an athlete")
    add.add_argument("--name", required=True)
    add.add_argument("--sex", choices=SEXES, default="male")
    add.add_argument("--born", type=date.fromisoformat, help="date of birth, YYYY-MM-DD")
    add.add_argument("--sport")
    add.add_argument("--discipline")
    add.add_argument("--team")
    add.add_argument("--level", choices=LEVELS)
    add.add_argument("--coach")
    add.add_argument("--hr-max", type=float)
    add.add_argument("--hr-max-source", default=HR_BY_HAND)
    add.add_argument("--hr-rest", type=float)
    add.add_argument("--hr-rest-source", default=HR_BY_HAND)
    add.add_argument("--hsr-kmh", type=float, default=19.8)
    add.add_argument("--sprint-kmh", type=float, default=25.2)
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=run_add)

    listing = actions.add_parser("list", parents=[common], help="the roster, with search and filters")
    listing.add_argument("--search")
    listing.add_argument("--sport")
    listing.add_argument("--team")
    listing.add_argument("--level", choices=LEVELS)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)

    show = actions.add_parser("show", parents=[common], help="one athlete: record, sessions, load, flags")
    show.add_argument("athlete", help="name or number")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_show)

    imports = actions.add_parser(
        "import", parents=[common], help="import FIT/TCX/GPX/CSV/RR files or folders"
    )
    imports.add_argument("files", type=Path, nargs="+")
    imports.add_argument("--athlete", required=True)
    imports.add_argument("--kind", choices=["training", "match", "test"], default="training")
    imports.add_argument("--rpe", type=float, help="session RPE (CR-10) for every file")
    imports.add_argument(
        "--start",
        type=_aware_datetime,
        help="when files without a date of their own began (RR intervals, CSV of elapsed seconds),"
        " ISO 8601, e.g. 2026-03-02T06:30+07:00",
    )
    imports.add_argument("--map", dest="mapping", help="CSV column mapping: time=Col,hr=Col,lat=..,lon=..")
    imports.add_argument("--json", action="store_true")
    imports.set_defaults(handler=run_import)

    rpe = actions.add_parser("rpe", parents=[common], help="rate a stored session (CR-10 session RPE)")
    rpe.add_argument("session_id", type=int)
    rpe.add_argument("rpe", type=float)
    rpe.set_defaults(handler=run_rpe)

    wellness = actions.add_parser("wellness", parents=[common], help="a morning wellness entry (1-5)")
    wellness.add_argument("athlete")
    wellness.add_argument("--day", type=date.fromisoformat, default=date.today())
    wellness.add_argument("--sleep-hours", type=float)
    for name in ("sleep-quality", "fatigue", "soreness", "stress", "mood"):
        wellness.add_argument(f"--{name}", type=int)
    wellness.set_defaults(handler=run_wellness)

    test = actions.add_parser("test", parents=[common], help="a test result (max_hr sets HRmax)")
    test.add_argument("athlete")
    test.add_argument("kind", help="max_hr, sprint_30m, yoyo_ir1, ...")
    test.add_argument("value", type=float)
    test.add_argument("--unit", default="")
    test.add_argument("--day", type=date.fromisoformat, default=date.today())
    test.set_defaults(handler=run_test)

    note = actions.add_parser("note", parents=[common], help="a note on an athlete")
    note.add_argument("athlete")
    note.add_argument("text")
    note.add_argument("--author")
    note.set_defaults(handler=run_note)

    dashboard = actions.add_parser(
        "dashboard", parents=[common], help="load, ACWR, HRV and flags per athlete"
    )
    dashboard.add_argument("--team")
    dashboard.add_argument("--day", type=date.fromisoformat)
    dashboard.add_argument(
        "--load", choices=["internal", "distance", "hsr"], default="internal",
        help="count the load as internal (session RPE, else TRIMP) or external (distance, HSR: video, GPS)",
    )  # fmt: skip
    dashboard.add_argument("--json", action="store_true")
    dashboard.set_defaults(handler=run_dashboard)

    report = actions.add_parser(
        "report", parents=[common, signing_options()], help="department reports as Excel or PDF"
    )
    report.add_argument("kind", choices=["department", "profile"])
    report.add_argument("--athlete", help="for a profile")
    report.add_argument("--out", type=Path, required=True, help=".xlsx or .pdf")
    report.add_argument("--language", choices=["vi", "en"], default="vi")
    report.add_argument("--month", help="YYYY-MM: the month the load table ends with (default: all)")
    report.add_argument(
        "--load", choices=["internal", "distance", "hsr"], default="internal",
        help="count the load (ACWR, flags) as internal (session RPE, else TRIMP) or external (video, GPS)",
    )  # fmt: skip
    report.set_defaults(handler=run_report)

    live = actions.add_parser("live", parents=[common], help="log heart-rate straps live (BLE or simulated)")
    live.add_argument("athletes", nargs="+", help="athletes, one strap each")
    live.add_argument("--simulate", action="store_true", help="simulated straps (same byte format)")
    live.add_argument("--address", action="append", default=[], help="BLE address of each strap, in order")
    live.add_argument("--seconds", type=float, default=60.0)
    live.add_argument("--speed", type=float, default=1.0, help="simulated seconds per real second")
    live.set_defaults(handler=run_live)

    window = actions.add_parser("open", parents=[common], help="the athletes window (roster, athlete, live)")
    window.add_argument("--athlete", help="open this athlete's page")
    window.add_argument("--tab", choices=["roster", "athlete", "live"], help="the tab to show")
    window.add_argument(
        "--lang", choices=["vi", "en"], help="interface language (default: the saved setting)"
    )
    window.add_argument(
        "--screenshot", type=Path, metavar="PNG", help="save a picture of the window and exit"
    )
    window.set_defaults(handler=run_open)

    demo = actions.add_parser("demo", parents=[common], help="add the synthetic demo squad (10 athletes)")
    demo.add_argument("--until", type=date.fromisoformat, help="last day of the demo season (default today)")
    demo.add_argument(
        "--province", action="store_true",
        help="the province-sized records instead: about 600 athletes, 30 sports, five years (synthetic)",
    )  # fmt: skip
    demo.set_defaults(handler=run_demo)

    register_protection(actions, common)
    register_department(actions, common)
    register_department_reports(actions, common)


def _aware_datetime(text: str) -> datetime:
    """An ISO 8601 time; without a zone it is this machine's local time."""
    moment = datetime.fromisoformat(text)
    return moment.astimezone() if moment.tzinfo is None else moment


def no_analyst(actor: Actor, doing: str) -> None:
    from athletes.access.actor import AccessRefused

    if not actor.sees_names:
        raise AccessRefused(
            f"{actor.login} (analyst) sees statistics without names "
            f"(matchdesk athletes statistics), not {doing}"
        )


def athlete_record(athlete: Athlete) -> dict[str, Any]:
    return {
        "id": athlete.id,
        "name": athlete.name,
        "date_of_birth": athlete.date_of_birth.isoformat() if athlete.date_of_birth else None,
        "sex": athlete.sex,
        "sport": athlete.sport,
        "discipline": athlete.discipline,
        "team": athlete.team.name if athlete.team else None,
        "level": athlete.level,
        "coach": athlete.coach,
        "hr_max": athlete.hr_max,
        "hr_max_source": athlete.hr_max_source,
        "hr_rest": athlete.hr_rest,
        "hr_rest_source": athlete.hr_rest_source,
        "hsr_kmh": athlete.hsr_kmh,
        "sprint_kmh": athlete.sprint_kmh,
    }


def run_add(arguments: argparse.Namespace) -> int:
    from athletes.access.access_log import log_access
    from athletes.records import NewAthlete, add_athlete

    database, actor = signed_in_database(arguments)
    actor.require_admin("add athletes")
    with database.session() as session:
        athlete = add_athlete(
            session,
            NewAthlete(
                name=arguments.name,
                sex=arguments.sex,
                date_of_birth=arguments.born,
                sport=arguments.sport,
                discipline=arguments.discipline,
                team=arguments.team,
                level=arguments.level,
                coach=arguments.coach,
                hr_max=arguments.hr_max,
                hr_max_source=arguments.hr_max_source,
                hr_rest=arguments.hr_rest,
                hr_rest_source=arguments.hr_rest_source,
                hsr_kmh=arguments.hsr_kmh,
                sprint_kmh=arguments.sprint_kmh,
            ),
        )
        record = athlete_record(athlete)
        log_access(session, actor, "change", [athlete.id], {"added": True})
        session.commit()
    write_result(record if arguments.json else f"added #{record['id']} {record['name']}", arguments.json)
    return 0


def run_list(arguments: argparse.Namespace) -> int:
    from athletes.access.access_log import log_read
    from athletes.records import list_athletes

    database, actor = signed_in_database(arguments)
    no_analyst(actor, "the roster")
    with database.session() as session:
        found = [
            athlete_record(a)
            for a in list_athletes(
                session, arguments.search, arguments.sport, arguments.team, arguments.level
            )
            if actor.may_see(a)
        ]
        log_read(session, actor, [a["id"] for a in found], "roster")
    if arguments.json:
        write_result(found, True)
    else:
        for a in found:
            sport, team, level = a["sport"] or "-", a["team"] or "-", a["level"] or "-"
            sys.stdout.write(f"#{a['id']:<4} {a['name']:<30} {sport:<12} {team:<16} {level}\n")
    return 0


def run_show(arguments: argparse.Namespace) -> int:
    from sqlalchemy import select

    from athletes.access.access_log import log_read
    from athletes.dashboard import season
    from athletes.models import TrainingSession
    from athletes.records import find_athlete

    database, actor = signed_in_database(arguments)
    with database.session() as session:
        athlete = find_athlete(session, arguments.athlete)
        actor.require_sight(athlete)
        record = athlete_record(athlete)
        sessions = session.scalars(
            select(TrainingSession)
            .where(TrainingSession.athlete_id == athlete.id)
            .order_by(TrainingSession.start_utc)
        ).all()
        record["sessions"] = [_session_record(s) for s in sessions]
        log_read(session, actor, [athlete.id], "athlete page")
    (summary,) = season(database, athlete_ids=[record["id"]])
    record["load"] = {
        column: summary.latest(column)
        for column in (
            "acwr",
            "acwr_uncoupled",
            "acwr_ewma",
            "monotony",
            "strain",
            "fitness",
            "fatigue",
            "form",
        )
    }
    record["flags"] = [flag.message for flag in summary.flags]
    if arguments.json:
        write_result(record, True)
    else:
        sys.stdout.write(
            f"#{record['id']} {record['name']} ({record['sport'] or '-'}, {record['team'] or '-'})\n"
        )
        for s in record["sessions"]:
            sys.stdout.write(
                f"  session {s['id']:<5} {s['start']} {s['kind']:<8} {s['duration_s'] / 60:6.1f} min"
                f"  HR {s['hr_mean'] or 0:5.1f}  {s['distance_m'] / 1000:6.2f} km  from {s['source_file']}\n"
            )
        for name, value in record["load"].items():
            sys.stdout.write(f"  {name}: {'-' if value is None else f'{value:.2f}'}\n")
        for flag in record["flags"]:
            sys.stdout.write(f"  FLAG {flag}\n")
    return 0


def run_import(arguments: argparse.Namespace) -> int:
    from tqdm import tqdm

    from athletes.importer import import_files
    from athletes.wearables import wearable_files
    from athletes.wearables.csv_file import parse_mapping

    try:
        mapping = parse_mapping(arguments.mapping) if arguments.mapping else None
    except ValueError as error:
        raise MatchdeskError(str(error), "--map") from error
    database, actor = signed_in_database(arguments)
    importing_for = athlete_id(database, arguments.athlete, actor)
    files = wearable_files(arguments.files)
    with tqdm(total=len(files), unit="file", disable=arguments.json or not sys.stderr.isatty()) as bar:
        results = import_files(
            database,
            importing_for,
            files,
            mapping,
            arguments.kind,
            arguments.rpe,
            on_progress=lambda done, total, path: bar.update(1),
            start=arguments.start,
            actor=actor,
        )
    if arguments.json:
        write_result([r.as_json() for r in results], True)
    else:
        for r in results:
            if r.error:
                sys.stderr.write(f"matchdesk athletes import: error: {r.error}\n")
            else:
                state = "already imported as" if r.duplicate else "imported as"
                sys.stdout.write(f"{r.file}: {state} session {r.session_id} ({r.samples} samples)\n")
            for warning in r.warnings:
                sys.stdout.write(f"{r.file}: note: {warning}\n")
    return EXIT_SOME_FILES_FAILED if any(r.error for r in results) else 0


def run_rpe(arguments: argparse.Namespace) -> int:
    from athletes.access.access_log import log_access
    from athletes.models import Athlete, TrainingSession
    from athletes.science.load import session_rpe_load

    database, actor = signed_in_database(arguments)
    with database.session() as session:
        stored = session.get(TrainingSession, arguments.session_id)
        if stored is None:
            raise MatchdeskError("no such session", f"session {arguments.session_id}")
        owner = session.get(Athlete, stored.athlete_id)
        assert owner is not None
        actor.require_change(owner, "session")
        try:
            load = session_rpe_load(arguments.rpe, stored.duration_s / 60.0)
        except ValueError as error:
            raise MatchdeskError(str(error), f"session {arguments.session_id}") from error
        stored.rpe = arguments.rpe
        log_access(session, actor, "change", [stored.athlete_id], {"session": stored.id, "field": "rpe"})
        session.commit()
    sys.stdout.write(f"session {arguments.session_id}: RPE {arguments.rpe:g}, load {load:.0f} AU\n")
    return 0


def run_wellness(arguments: argparse.Namespace) -> int:
    from athletes.access.access_log import log_access
    from athletes.records import add_wellness, find_athlete

    database, actor = signed_in_database(arguments)
    with database.session() as session:
        athlete = find_athlete(session, arguments.athlete)
        actor.require_change(athlete, "wellness")
        log_access(session, actor, "change", [athlete.id], {"wellness": arguments.day.isoformat()})
        add_wellness(
            session,
            athlete,
            arguments.day,
            sleep_hours=arguments.sleep_hours,
            sleep_quality=arguments.sleep_quality,
            fatigue=arguments.fatigue,
            soreness=arguments.soreness,
            stress=arguments.stress,
            mood=arguments.mood,
        )
    return 0


def run_test(arguments: argparse.Namespace) -> int:
    from athletes.access.access_log import log_access
    from athletes.records import add_test, find_athlete

    database, actor = signed_in_database(arguments)
    with database.session() as session:
        athlete = find_athlete(session, arguments.athlete)
        actor.require_change(athlete, "test")
        log_access(session, actor, "change", [athlete.id], {"test": arguments.kind})
        add_test(session, athlete, arguments.day, arguments.kind, arguments.value, arguments.unit)
    return 0


def run_note(arguments: argparse.Namespace) -> int:
    from athletes.access.access_log import log_access
    from athletes.records import add_note, find_athlete

    database, actor = signed_in_database(arguments)
    with database.session() as session:
        athlete = find_athlete(session, arguments.athlete)
        actor.require_change(athlete, "note")
        log_access(session, actor, "change", [athlete.id], {"note": True})
        add_note(session, athlete, arguments.text, arguments.author or actor.login)
    return 0


def run_dashboard(arguments: argparse.Namespace) -> int:
    from athletes.access.access_log import log_read
    from athletes.access.actor import visible_athlete_ids
    from athletes.dashboard import LOAD_MEASURES, season

    database, actor = signed_in_database(arguments)
    no_analyst(actor, "the dashboard")
    with database.session() as session:
        visible = visible_athlete_ids(session, actor)
        log_read(session, actor, visible, "dashboard")
    rows: list[dict[str, Any]] = []
    for athlete in season(
        database, arguments.day, arguments.team, athlete_ids=visible, measure=arguments.load
    ):
        rows.append(
            {
                "athlete_id": athlete.athlete_id,
                "load_measure": LOAD_MEASURES[arguments.load],
                "name": athlete.name,
                "team": athlete.team,
                "sessions": athlete.sessions,
                **{
                    column: athlete.latest(column)
                    for column in (
                        "load",
                        "acwr",
                        "acwr_ewma",
                        "monotony",
                        "strain",
                        "fitness",
                        "fatigue",
                        "form",
                    )
                },
                "flags": [flag.message for flag in athlete.flags],
            }
        )
    if arguments.json:
        write_result(rows, True)
    else:
        sys.stdout.write(f"({LOAD_MEASURES[arguments.load]})\n")
        for row in rows:
            ratio = row["acwr_ewma"]
            athlete_flags: list[str] = row["flags"]
            shown = "-" if ratio is None else f"{ratio:.2f}"
            flags = "; ".join(athlete_flags)
            sys.stdout.write(f"{row['name']:<30} {row['sessions']:>4} sessions  ACWR {shown}  {flags}\n")
    return 0


def run_report(arguments: argparse.Namespace) -> int:
    from athletes.access.reports import department_report, profile_report

    check_signing(arguments, arguments.out)
    database, actor = signed_in_database(arguments)
    if arguments.kind == "profile":
        if not arguments.athlete:
            raise MatchdeskError("a profile needs --athlete", "report")
        chosen = athlete_id(database, arguments.athlete, actor)
        profile_report(database, actor, chosen, arguments.out, arguments.language, arguments.load)
    else:
        department_report(database, actor, arguments.out, arguments.language, arguments.load)
    for line in sign_written(arguments, arguments.out, arguments.language):
        sys.stdout.write(line + "\n")
    sys.stdout.write(f"{arguments.out}\n")
    return 0


def run_live(arguments: argparse.Namespace) -> int:
    import asyncio

    from athletes.live import BleakStrap, LiveLogger, SimulatedStrap, Strap
    from athletes.records import find_athlete

    database = open_database(arguments)
    with database.session() as session:
        athletes = [find_athlete(session, name) for name in arguments.athletes]
        straps: list[Strap] = []
        for number, athlete in enumerate(athletes):
            if arguments.simulate:
                straps.append(SimulatedStrap(seed=athlete.id, speed=arguments.speed))
            elif number < len(arguments.address):
                straps.append(BleakStrap(arguments.address[number]))
            else:
                raise MatchdeskError("give --address for each athlete, or --simulate", athlete.name)
    logger = LiveLogger(database, [a.id for a in athletes], straps, actor=signed_in(arguments, database))
    session_ids = asyncio.run(logger.run(arguments.seconds))
    sys.stdout.write(" ".join(f"session {i}" for i in session_ids) + "\n")
    return 0


def _session_record(stored: TrainingSession) -> dict[str, Any]:
    return {
        "id": stored.id,
        "kind": stored.kind,
        "start": stored.local_start.isoformat(),
        "duration_s": stored.duration_s,
        "rpe": stored.rpe,
        "samples": stored.samples,
        "hr_mean": stored.hr_mean,
        "hr_max": stored.hr_max,
        "distance_m": stored.distance_m,
        "trimp_banister": stored.trimp_banister,
        "trimp_edwards": stored.trimp_edwards,
        "rmssd_ms": stored.rmssd_ms,
        "source_file": stored.source_file,
        "source_format": stored.source_format,
        "artefacts": stored.artefacts or [],
    }


def run_open(arguments: argparse.Namespace) -> int:
    from ui.app import run_athletes  # Qt loads only for the window

    database = open_database(arguments)
    # Signed in here with --user (or on PostgreSQL by the URL's login); else the window asks.
    actor = (
        signed_in(arguments, database) if arguments.user or database.engine.dialect.name != "sqlite" else None
    )
    return run_athletes(
        database,
        athlete_id=athlete_id(database, arguments.athlete) if arguments.athlete else None,
        tab=arguments.tab,
        language=arguments.lang,
        screenshot=arguments.screenshot,
        actor=actor,
    )


def run_demo(arguments: argparse.Namespace) -> int:
    from athletes.demo import fill_demo_squad

    database = open_database(arguments)
    signed_in(arguments, database).require_admin("add the demo squad")
    if arguments.province:
        from athletes.department.province_demo import fill_province

        added = fill_province(database, until=arguments.until)
        sys.stdout.write(f"{added} demo athletes added, with five years of the department's records\n")
        return 0
    ids = fill_demo_squad(database, end=arguments.until)
    sys.stdout.write(f"{len(ids)} demo athletes added\n")
    return 0
