"""``matchdesk athletes import|dashboard|report|live|open|demo``: wearable files in, the season's load
and flags, the department's reports, straps logged live, the athletes window and the demo squads."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from matchdesk.commands.athletes_session import (
    athlete_id,
    no_analyst,
    open_database,
    signed_in,
    signed_in_database,
    write_result,
)
from matchdesk.commands.signing_commands import check_signing, sign_written, signing_options
from matchdesk.errors import MatchdeskError

EXIT_SOME_FILES_FAILED = 1


def register_monitoring(actions: Any, common: argparse.ArgumentParser) -> None:
    """The monitoring and reporting actions under ``matchdesk athletes``."""
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


def _aware_datetime(text: str) -> datetime:
    """An ISO 8601 time; without a zone it is this machine's local time."""
    moment = datetime.fromisoformat(text)
    return moment.astimezone() if moment.tzinfo is None else moment


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
