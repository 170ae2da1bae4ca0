"""``matchdesk athletes add|list|show|rpe|wellness|test|note``: an athlete's record and what a coach
enters by hand: sessions' RPE, morning wellness, test results and notes."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from athletes.vocabulary import HR_BY_HAND, LEVELS, SEXES
from matchdesk.commands.athletes_session import no_analyst, signed_in_database, write_result
from matchdesk.errors import MatchdeskError

if TYPE_CHECKING:
    from athletes.models import Athlete, TrainingSession


def register_records(actions: Any, common: argparse.ArgumentParser) -> None:
    """The record's actions under ``matchdesk athletes``."""
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
