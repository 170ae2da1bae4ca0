"""``matchdesk athletes competition|result|camp|rate ...`` and ``... correct``: competitions and their
results (also from our own photo finish), camp and competition days, day rates, and corrections of one
field, from the shell. Admins and the department's staff keep them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from athletes.department.vocabulary import COMPETITION_LEVELS, RATE_KINDS, SQUAD_LEVELS
from matchdesk.commands.athletes_session import write_result
from matchdesk.commands.department_command_parts import Registrar, commit, keeping, listing
from matchdesk.commands.department_command_parts import day as _day
from matchdesk.errors import MatchdeskError


def register_results_and_days(registrar: Registrar, groups: dict[str, Any]) -> None:
    """The competition, result, camp and rate commands, and ``correct`` under each group."""
    competition = registrar.group(
        "competition", "competitions: sport, level, dates, official or invitational"
    )
    add = registrar.action(competition, "add", run_competition_add, "add a competition")
    add.add_argument("name")
    add.add_argument("--sport", required=True)
    add.add_argument("--level", choices=COMPETITION_LEVELS, required=True)
    add.add_argument("--start", type=_day, required=True)
    add.add_argument("--end", type=_day, required=True)
    add.add_argument("--invitational", action="store_true", help="counts in no medal indicator")
    add.add_argument("--place")
    add.add_argument("--in-province", action="store_true", help="held in the province")
    listing = registrar.action(competition, "list", run_competition_list, "competitions")
    listing.add_argument("--year", type=int)
    listing.add_argument("--json", action="store_true")

    result = registrar.group("result", "results: event, athlete or team, rank, medal, mark, records")
    add = registrar.action(result, "add", run_result_add, "add a result")
    add.add_argument("competition", help="name or number")
    add.add_argument("--event", required=True)
    add.add_argument("--athlete")
    add.add_argument("--team", help="a team's result (its athletes with --members)")
    add.add_argument("--members", nargs="*", default=[], help="the team's athletes")
    add.add_argument("--rank", type=int)
    add.add_argument("--medal", help="gold/silver/bronze, Vàng/Bạc/Đồng, HCV/HCB/HCĐ")
    add.add_argument("--mark", help="the time, distance or score as written (12.34, 1:02.5, 7.85)")
    add.add_argument("--record", action="append", default=[], choices=["national", "provincial"])
    add.add_argument("--source", type=Path, help="a photo finish or review file of ours it comes from")
    finish = registrar.action(
        result, "from-finish", run_result_from_finish, "results from a photo finish in a review file"
    )
    finish.add_argument("competition", help="name or number")
    finish.add_argument("review", type=Path, metavar="REVIEW_FILE")
    finish.add_argument("result_number", type=int, metavar="RESULT", help="the photo finish's result number")
    finish.add_argument(
        "--lane",
        action="append",
        default=[],
        metavar="N=ATHLETE",
        required=True,
        help="who ran in lane N (repeat for each lane)",
    )
    finish.add_argument("--event", help="the event (default: the photo finish's)")
    finish.add_argument("--medals", action="store_true", help="a final: places 1-3 take the medals")
    listing = registrar.action(result, "list", run_result_list, "results")
    listing.add_argument("--competition")
    listing.add_argument("--json", action="store_true")

    camp = registrar.group("camp", "training camp and competition days per athlete per month")
    add = registrar.action(
        camp, "add", run_camp_set, "an athlete's days of a month (replacing what was there)"
    )
    add.add_argument("athlete")
    add.add_argument("--month", required=True, help="YYYY-MM")
    add.add_argument("--training-days", type=int, required=True)
    add.add_argument("--competition-days", type=int, default=0)
    add.add_argument("--place")
    listing = registrar.action(camp, "list", run_camp_list, "the month's days")
    listing.add_argument("--month", required=True)
    listing.add_argument("--json", action="store_true")

    rate = registrar.group("rate", "day rates per squad level (Decree 349/2025; the nutrition circular)")
    add = registrar.action(rate, "add", run_rate_add, "a rate in force from a date")
    add.add_argument("kind", choices=RATE_KINDS)
    add.add_argument("level", choices=SQUAD_LEVELS)
    add.add_argument("amount", type=int, help="đồng per day")
    add.add_argument("--from", dest="start", type=_day, required=True)
    add.add_argument(
        "--source", required=True, help="the decree or circular, e.g. 'Nghị định 349/2025/NĐ-CP'"
    )
    listing = registrar.action(rate, "list", run_rate_list, "the rates")
    listing.add_argument("--json", action="store_true")

    for name in ("squad", "grade", "competition", "result", "camp"):
        parent = {**groups, "competition": competition, "result": result, "camp": camp}[name]
        fix = registrar.action(parent, "correct", run_correct, f"correct one field of a {name} record")
        fix.add_argument("record_id", type=int)
        fix.add_argument("field")
        fix.add_argument("value")
        fix.set_defaults(record_kind="member" if name == "squad" else name)


def run_competition_add(arguments: argparse.Namespace) -> int:
    from athletes.department.keeping import NewCompetition, add_competition

    database, actor = keeping(arguments, "keep competitions")
    new = NewCompetition(
        arguments.name,
        arguments.sport,
        arguments.level,
        arguments.start,
        arguments.end,
        not arguments.invitational,
        arguments.place,
        arguments.in_province,
    )
    with database.session() as session:
        competition = add_competition(session, new)
        commit(session, actor, "competition", [], {"added": competition.name})
        write_result(competition.id, False, f"competition #{competition.id} {competition.name}")
    return 0


def run_competition_list(arguments: argparse.Namespace) -> int:
    from athletes.department.listing import competitions

    return listing(
        arguments,
        None,
        lambda session: competitions(session, arguments.year),
        lambda r: f"#{r['id']} {r['start']} {r['name']} ({r['level']})",
    )


def run_result_add(arguments: argparse.Namespace) -> int:
    from athletes.department.keeping import NewResult, add_result, competition_named, medal_named
    from athletes.department.spreadsheet_values import parse_mark
    from athletes.records import find_athlete

    database, actor = keeping(arguments, "keep results")
    if bool(arguments.athlete) == bool(arguments.team):
        raise MatchdeskError("a result is an athlete's (--athlete) or a team's (--team)")
    with database.session() as session:
        competition = competition_named(session, arguments.competition)
        athlete = find_athlete(session, arguments.athlete) if arguments.athlete else None
        members = tuple(find_athlete(session, name) for name in arguments.members)
        new = NewResult(
            arguments.event,
            athlete,
            arguments.team,
            members,
            arguments.rank,
            medal_named(arguments.medal),
            parse_mark(arguments.mark, "--mark") if arguments.mark else None,
            arguments.mark,
            tuple(arguments.record),
            arguments.source,
        )
        result = add_result(session, competition, new)
        who = [athlete.id] if athlete else [m.id for m in members]
        commit(session, actor, "result", who, {"competition": competition.name, "event": arguments.event})
        write_result(result.id, False, f"result #{result.id}")
    return 0


def run_result_from_finish(arguments: argparse.Namespace) -> int:
    from athletes.department.finish_link import results_from_finish
    from athletes.department.keeping import competition_named
    from athletes.records import find_athlete

    database, actor = keeping(arguments, "keep results")
    with database.session() as session:
        lanes = {}
        for item in arguments.lane:
            lane, _, name = item.partition("=")
            if not lane.strip().isdigit() or not name.strip():
                raise MatchdeskError(f"--lane {item!r}: write N=ATHLETE, e.g. 4='Nguyễn Văn Hùng'")
            lanes[int(lane)] = find_athlete(session, name.strip())
        competition = competition_named(session, arguments.competition)
        stored = results_from_finish(
            session,
            competition,
            arguments.review,
            arguments.result_number,
            lanes,
            arguments.event,
            arguments.medals,
        )
        commit(
            session,
            actor,
            "result",
            [a.id for a in lanes.values()],
            {
                "competition": competition.name,
                "photo_finish": f"{arguments.review.name}#{arguments.result_number}",
            },
        )
        lines = [f"{r.rank}. {r.athlete.name if r.athlete else ''}  {r.mark_text}" for r in stored]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def run_result_list(arguments: argparse.Namespace) -> int:
    from athletes.department.listing import results

    return listing(
        arguments,
        "see the results",
        lambda session: results(session, arguments.competition),
        lambda r: (
            f"#{r['id']} {r['competition']}: {r['event']} {r['who']} {r['rank'] or ''} {r['medal'] or ''}"
        ),
    )


def run_camp_set(arguments: argparse.Namespace) -> int:
    from athletes.department.keeping import first_of_month, set_camp_month
    from athletes.records import find_athlete

    database, actor = keeping(arguments, "keep camp days")
    with database.session() as session:
        athlete = find_athlete(session, arguments.athlete)
        month = first_of_month(arguments.month)
        set_camp_month(
            session, athlete, month, arguments.training_days, arguments.competition_days, arguments.place
        )
        commit(session, actor, "camp", [athlete.id], {"month": arguments.month})
    return 0


def run_camp_list(arguments: argparse.Namespace) -> int:
    from athletes.department.keeping import first_of_month
    from athletes.department.listing import camp_days

    return listing(
        arguments,
        "see the camp days",
        lambda session: camp_days(session, first_of_month(arguments.month)),
        lambda r: f"#{r['id']} {r['athlete']}: {r['training_days']} + {r['competition_days']}",
    )


def run_rate_add(arguments: argparse.Namespace) -> int:
    from athletes.department.keeping import add_rate

    database, actor = keeping(arguments, "keep the rates")
    with database.session() as session:
        add_rate(
            session, arguments.kind, arguments.level, arguments.amount, arguments.start, arguments.source
        )
        commit(session, actor, "rate", [], {"kind": arguments.kind, "level": arguments.level})
    return 0


def run_rate_list(arguments: argparse.Namespace) -> int:
    from athletes.department.listing import rates

    return listing(
        arguments,
        "see the rates",
        rates,
        lambda r: f"{r['from']} {r['kind']} {r['level']}: {r['amount_vnd']:,} đ ({r['source']})",
    )


def run_correct(arguments: argparse.Namespace) -> int:
    from athletes.department.keeping import correct

    database, actor = keeping(arguments, "correct the records")
    value: Any = arguments.value
    if arguments.field in ("start", "end"):
        value = _day(value)
    elif arguments.field in ("training_days", "competition_days", "rank"):
        value = int(value)
    elif arguments.field in ("official", "in_province"):
        value = value.lower() in ("yes", "true", "1", "có")
    with database.session() as session:
        old, new = correct(session, arguments.record_kind, arguments.record_id, arguments.field, value)
        commit(
            session,
            actor,
            arguments.record_kind,
            [],
            {"id": arguments.record_id, "field": arguments.field, "old": str(old), "new": str(new)},
        )
    sys.stdout.write(f"{arguments.record_kind} #{arguments.record_id} {arguments.field}: {old} -> {new}\n")
    return 0
