"""``matchdesk athletes squad|grade|competition|result|camp|rate ...``: the department's records,
added, listed and corrected from the shell. Admins and the department's staff keep them."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from athletes.department.vocabulary import COMPETITION_LEVELS, GRADES, PAY_STATUSES, RATE_KINDS, SQUAD_LEVELS
from matchdesk.commands.athletes_session import signed_in_database, write_result
from matchdesk.errors import MatchdeskError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from athletes.access.actor import Actor


def _day(text: str) -> date:
    from athletes.department.spreadsheet_values import parse_day

    return parse_day(text, "date")


def register_department(actions: Any, common: argparse.ArgumentParser) -> None:
    def group(name: str, help_text: str) -> Any:
        parser = actions.add_parser(name, help=help_text)
        return parser.add_subparsers(dest=f"{name}_action", metavar="ACTION", required=True)

    def action(parent: Any, name: str, handler: Callable[[argparse.Namespace], int], help_text: str) -> Any:
        parser = parent.add_parser(name, parents=[common], help=help_text)
        parser.set_defaults(handler=handler)
        return parser

    squad = group("squad", "squads (the decree's five levels), their athletes and coaches")
    add = action(squad, "add", run_squad_add, "add a squad")
    add.add_argument("name")
    add.add_argument("--sport", required=True)
    add.add_argument("--level", choices=SQUAD_LEVELS, required=True)
    member = action(squad, "member", run_squad_member, "put an athlete on a squad for a period")
    member.add_argument("squad")
    member.add_argument("athlete")
    member.add_argument("--from", dest="start", type=_day, required=True)
    member.add_argument("--until", dest="end", type=_day)
    member.add_argument("--pay", choices=PAY_STATUSES, required=True, help="state salary, or paid per day")
    coach = action(squad, "coach", run_squad_coach, "a coach's period with a squad")
    coach.add_argument("squad")
    coach.add_argument("coach")
    coach.add_argument("--from", dest="start", type=_day, required=True)
    coach.add_argument("--until", dest="end", type=_day)
    listing = action(squad, "list", run_squad_list, "the squads and who is on them on a day")
    listing.add_argument("--on", type=_day, default=None, help="members on this day (default today)")
    listing.add_argument("--json", action="store_true")

    grade = group("grade", "grades (Kiện tướng, Cấp 1, Cấp 2): proposed from results, confirmed by decision")
    add = action(grade, "add", run_grade_add, "a grade (confirmed when --on and --decision are given)")
    add.add_argument("athlete")
    add.add_argument("--grade", choices=GRADES, required=True)
    add.add_argument("--sport", required=True)
    add.add_argument("--on", type=_day, help="the decision's date")
    add.add_argument("--decision", help="the decision's number")
    confirm = action(grade, "confirm", run_grade_confirm, "confirm a proposed grade with its decision")
    confirm.add_argument("grade_id", type=int)
    confirm.add_argument("--on", type=_day, required=True)
    confirm.add_argument("--decision", required=True)
    action(grade, "propose", run_grade_propose, "propose grades from results meeting the standards")
    standard = action(grade, "standard", run_grade_standard, "the mark an event asks for a grade")
    standard.add_argument("--sport", required=True)
    standard.add_argument("--event", required=True)
    standard.add_argument("--sex", choices=["male", "female"], required=True)
    standard.add_argument("--grade", choices=GRADES, required=True)
    standard.add_argument("--mark", type=float, required=True, help="seconds, metres or points")
    standard.add_argument("--lower-is-better", action="store_true", help="a time (else a distance or score)")
    standard.add_argument("--from", dest="start", type=_day, required=True)
    listing = action(grade, "list", run_grade_list, "grades, proposed and confirmed")
    listing.add_argument("--json", action="store_true")

    competition = group("competition", "competitions: sport, level, dates, official or invitational")
    add = action(competition, "add", run_competition_add, "add a competition")
    add.add_argument("name")
    add.add_argument("--sport", required=True)
    add.add_argument("--level", choices=COMPETITION_LEVELS, required=True)
    add.add_argument("--start", type=_day, required=True)
    add.add_argument("--end", type=_day, required=True)
    add.add_argument("--invitational", action="store_true", help="counts in no medal indicator")
    add.add_argument("--place")
    add.add_argument("--in-province", action="store_true", help="held in the province")
    listing = action(competition, "list", run_competition_list, "competitions")
    listing.add_argument("--year", type=int)
    listing.add_argument("--json", action="store_true")

    result = group("result", "results: event, athlete or team, rank, medal, mark, records")
    add = action(result, "add", run_result_add, "add a result")
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
    finish = action(
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
    listing = action(result, "list", run_result_list, "results")
    listing.add_argument("--competition")
    listing.add_argument("--json", action="store_true")

    camp = group("camp", "training camp and competition days per athlete per month")
    add = action(camp, "add", run_camp_set, "an athlete's days of a month (replacing what was there)")
    add.add_argument("athlete")
    add.add_argument("--month", required=True, help="YYYY-MM")
    add.add_argument("--training-days", type=int, required=True)
    add.add_argument("--competition-days", type=int, default=0)
    add.add_argument("--place")
    listing = action(camp, "list", run_camp_list, "the month's days")
    listing.add_argument("--month", required=True)
    listing.add_argument("--json", action="store_true")

    rate = group("rate", "day rates per squad level (Decree 349/2025; the nutrition circular)")
    add = action(rate, "add", run_rate_add, "a rate in force from a date")
    add.add_argument("kind", choices=RATE_KINDS)
    add.add_argument("level", choices=SQUAD_LEVELS)
    add.add_argument("amount", type=int, help="đồng per day")
    add.add_argument("--from", dest="start", type=_day, required=True)
    add.add_argument(
        "--source", required=True, help="the decree or circular, e.g. 'Nghị định 349/2025/NĐ-CP'"
    )
    listing = action(rate, "list", run_rate_list, "the rates")
    listing.add_argument("--json", action="store_true")

    for name in ("squad", "grade", "competition", "result", "camp"):
        parent = {"squad": squad, "grade": grade, "competition": competition, "result": result, "camp": camp}[
            name
        ]
        fix = action(parent, "correct", run_correct, f"correct one field of a {name} record")
        fix.add_argument("record_id", type=int)
        fix.add_argument("field")
        fix.add_argument("value")
        fix.set_defaults(record_kind="member" if name == "squad" else name)


def _keeping(arguments: argparse.Namespace, doing: str) -> tuple[Any, Actor]:
    from athletes.department.keeping import require_keeper

    database, actor = signed_in_database(arguments)
    require_keeper(actor, doing)
    return database, actor


def _listing(
    arguments: argparse.Namespace,
    doing: str | None,
    fetch: Callable[[Session], list[dict[str, Any]]],
    line: Callable[[dict[str, Any]], str],
) -> int:
    """Rows as JSON (--json) or a line each; ``doing`` names what only keepers may (None: anyone)."""
    database, _ = _keeping(arguments, doing) if doing else signed_in_database(arguments)
    with database.session() as session:
        rows = fetch(session)
    write_result(rows, arguments.json, "\n".join(line(r) for r in rows))
    return 0


def _commit(
    session: Session, actor: Actor, what: str, athlete_ids: list[int], detail: dict[str, Any]
) -> None:
    from athletes.access.access_log import log_access

    log_access(session, actor, "change", athlete_ids, {"record": what, **detail})
    session.commit()


def run_squad_add(arguments: argparse.Namespace) -> int:
    from athletes.department.keeping import add_squad

    database, actor = _keeping(arguments, "keep squads")
    with database.session() as session:
        squad = add_squad(session, arguments.name, arguments.sport, arguments.level)
        _commit(session, actor, "squad", [], {"added": squad.name})
        write_result(squad.id, False, f"squad #{squad.id} {squad.name}")
    return 0


def run_squad_member(arguments: argparse.Namespace) -> int:
    from athletes.department.keeping import add_member, squad_named
    from athletes.records import find_athlete

    database, actor = _keeping(arguments, "keep squads")
    with database.session() as session:
        athlete = find_athlete(session, arguments.athlete)
        squad = squad_named(session, arguments.squad)
        member = add_member(session, squad, athlete, arguments.start, arguments.end, arguments.pay)
        _commit(session, actor, "member", [athlete.id], {"squad": squad.name, "from": str(arguments.start)})
        write_result(
            member.id, False, f"period #{member.id}: {athlete.name} on {squad.name} from {member.start}"
        )
    return 0


def run_squad_coach(arguments: argparse.Namespace) -> int:
    from athletes.department.keeping import add_coach, squad_named

    database, actor = _keeping(arguments, "keep squads")
    with database.session() as session:
        squad = squad_named(session, arguments.squad)
        add_coach(session, squad, arguments.coach, arguments.start, arguments.end)
        _commit(session, actor, "coach", [], {"squad": squad.name, "coach": arguments.coach})
    return 0


def run_squad_list(arguments: argparse.Namespace) -> int:
    from athletes.department.listing import squads_on

    return _listing(
        arguments,
        "see the squads",
        lambda session: squads_on(session, arguments.on or date.today()),
        lambda r: f"{r['squad']} ({r['level']}, {r['sport']}): {len(r['members'])} athletes",
    )


def run_grade_add(arguments: argparse.Namespace) -> int:
    from athletes.department.keeping import add_grade
    from athletes.records import find_athlete

    database, actor = _keeping(arguments, "keep grades")
    with database.session() as session:
        athlete = find_athlete(session, arguments.athlete)
        grade = add_grade(
            session, athlete, arguments.sport, arguments.grade, arguments.on, arguments.decision, actor.login
        )
        session.flush()
        _commit(session, actor, "grade", [athlete.id], {"grade": grade.grade, "status": grade.status})
        write_result(
            grade.id, False, f"grade #{grade.id}: {athlete.name} {GRADES[grade.grade]} ({grade.status})"
        )
    return 0


def run_grade_confirm(arguments: argparse.Namespace) -> int:
    from athletes.department.keeping import confirm_grade

    database, actor = _keeping(arguments, "confirm grades")
    with database.session() as session:
        grade = confirm_grade(session, actor, arguments.grade_id, arguments.on, arguments.decision)
        _commit(
            session,
            actor,
            "grade",
            [grade.athlete_id],
            {"confirmed": grade.id, "decision": grade.decision_number},
        )
    return 0


def run_grade_propose(arguments: argparse.Namespace) -> int:
    from athletes.department.grading import propose_grades

    database, actor = _keeping(arguments, "propose grades")
    with database.session() as session:
        proposed = propose_grades(session)
        _commit(session, actor, "grade", [g.athlete_id for g in proposed], {"proposed": len(proposed)})
        lines = [
            f"grade #{g.id}: athlete #{g.athlete_id} {GRADES[g.grade]} (proposed; confirm it)"
            for g in proposed
        ]
    write_result(len(lines), False, "\n".join(lines) or "no result meets a standard not yet granted")
    return 0


def run_grade_standard(arguments: argparse.Namespace) -> int:
    from athletes.department.grading import add_standard

    database, actor = _keeping(arguments, "keep the grade standards")
    with database.session() as session:
        add_standard(
            session,
            arguments.sport,
            arguments.event,
            arguments.sex,
            arguments.grade,
            arguments.mark,
            arguments.lower_is_better,
            arguments.start,
        )
        _commit(session, actor, "standard", [], {"event": arguments.event, "grade": arguments.grade})
    return 0


def run_grade_list(arguments: argparse.Namespace) -> int:
    from athletes.department.listing import grades

    return _listing(
        arguments,
        "see the grades",
        grades,
        lambda r: f"#{r['id']} {r['athlete']}: {r['grade']} {r['sport']} ({r['status']})",
    )


def run_competition_add(arguments: argparse.Namespace) -> int:
    from athletes.department.keeping import NewCompetition, add_competition

    database, actor = _keeping(arguments, "keep competitions")
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
        _commit(session, actor, "competition", [], {"added": competition.name})
        write_result(competition.id, False, f"competition #{competition.id} {competition.name}")
    return 0


def run_competition_list(arguments: argparse.Namespace) -> int:
    from athletes.department.listing import competitions

    return _listing(
        arguments,
        None,
        lambda session: competitions(session, arguments.year),
        lambda r: f"#{r['id']} {r['start']} {r['name']} ({r['level']})",
    )


def run_result_add(arguments: argparse.Namespace) -> int:
    from athletes.department.keeping import NewResult, add_result, competition_named, medal_named
    from athletes.department.spreadsheet_values import parse_mark
    from athletes.records import find_athlete

    database, actor = _keeping(arguments, "keep results")
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
        _commit(session, actor, "result", who, {"competition": competition.name, "event": arguments.event})
        write_result(result.id, False, f"result #{result.id}")
    return 0


def run_result_from_finish(arguments: argparse.Namespace) -> int:
    from athletes.department.finish_link import results_from_finish
    from athletes.department.keeping import competition_named
    from athletes.records import find_athlete

    database, actor = _keeping(arguments, "keep results")
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
        _commit(
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

    return _listing(
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

    database, actor = _keeping(arguments, "keep camp days")
    with database.session() as session:
        athlete = find_athlete(session, arguments.athlete)
        month = first_of_month(arguments.month)
        set_camp_month(
            session, athlete, month, arguments.training_days, arguments.competition_days, arguments.place
        )
        _commit(session, actor, "camp", [athlete.id], {"month": arguments.month})
    return 0


def run_camp_list(arguments: argparse.Namespace) -> int:
    from athletes.department.keeping import first_of_month
    from athletes.department.listing import camp_days

    return _listing(
        arguments,
        "see the camp days",
        lambda session: camp_days(session, first_of_month(arguments.month)),
        lambda r: f"#{r['id']} {r['athlete']}: {r['training_days']} + {r['competition_days']}",
    )


def run_rate_add(arguments: argparse.Namespace) -> int:
    from athletes.department.keeping import add_rate

    database, actor = _keeping(arguments, "keep the rates")
    with database.session() as session:
        add_rate(
            session, arguments.kind, arguments.level, arguments.amount, arguments.start, arguments.source
        )
        _commit(session, actor, "rate", [], {"kind": arguments.kind, "level": arguments.level})
    return 0


def run_rate_list(arguments: argparse.Namespace) -> int:
    from athletes.department.listing import rates

    return _listing(
        arguments,
        "see the rates",
        rates,
        lambda r: f"{r['from']} {r['kind']} {r['level']}: {r['amount_vnd']:,} đ ({r['source']})",
    )


def run_correct(arguments: argparse.Namespace) -> int:
    from athletes.department.keeping import correct

    database, actor = _keeping(arguments, "correct the records")
    value: Any = arguments.value
    if arguments.field in ("start", "end"):
        value = _day(value)
    elif arguments.field in ("training_days", "competition_days", "rank"):
        value = int(value)
    elif arguments.field in ("official", "in_province"):
        value = value.lower() in ("yes", "true", "1", "có")
    with database.session() as session:
        old, new = correct(session, arguments.record_kind, arguments.record_id, arguments.field, value)
        _commit(
            session,
            actor,
            arguments.record_kind,
            [],
            {"id": arguments.record_id, "field": arguments.field, "old": str(old), "new": str(new)},
        )
    sys.stdout.write(f"{arguments.record_kind} #{arguments.record_id} {arguments.field}: {old} -> {new}\n")
    return 0
