"""``matchdesk athletes squad|grade ...``: the department's squads, their athletes and coaches, and the
grades, added, listed and corrected from the shell (competitions, results, days and rates: in
``department_result_commands``). Admins and the department's staff keep them."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from athletes.department.vocabulary import GRADES, PAY_STATUSES, SQUAD_LEVELS
from matchdesk.commands.athletes_session import write_result
from matchdesk.commands.department_command_parts import Registrar, commit, keeping, listing
from matchdesk.commands.department_command_parts import day as _day
from matchdesk.commands.department_result_commands import register_results_and_days


def register_department(actions: Any, common: argparse.ArgumentParser) -> None:
    registrar = Registrar(actions, common)
    squad = registrar.group("squad", "squads (the decree's five levels), their athletes and coaches")
    add = registrar.action(squad, "add", run_squad_add, "add a squad")
    add.add_argument("name")
    add.add_argument("--sport", required=True)
    add.add_argument("--level", choices=SQUAD_LEVELS, required=True)
    member = registrar.action(squad, "member", run_squad_member, "put an athlete on a squad for a period")
    member.add_argument("squad")
    member.add_argument("athlete")
    member.add_argument("--from", dest="start", type=_day, required=True)
    member.add_argument("--until", dest="end", type=_day)
    member.add_argument("--pay", choices=PAY_STATUSES, required=True, help="state salary, or paid per day")
    coach = registrar.action(squad, "coach", run_squad_coach, "a coach's period with a squad")
    coach.add_argument("squad")
    coach.add_argument("coach")
    coach.add_argument("--from", dest="start", type=_day, required=True)
    coach.add_argument("--until", dest="end", type=_day)
    listing = registrar.action(squad, "list", run_squad_list, "the squads and who is on them on a day")
    listing.add_argument("--on", type=_day, default=None, help="members on this day (default today)")
    listing.add_argument("--json", action="store_true")

    grade = registrar.group(
        "grade", "grades (Kiện tướng, Cấp 1, Cấp 2): proposed from results, confirmed by decision"
    )
    add = registrar.action(
        grade, "add", run_grade_add, "a grade (confirmed when --on and --decision are given)"
    )
    add.add_argument("athlete")
    add.add_argument("--grade", choices=GRADES, required=True)
    add.add_argument("--sport", required=True)
    add.add_argument("--on", type=_day, help="the decision's date")
    add.add_argument("--decision", help="the decision's number")
    confirm = registrar.action(
        grade, "confirm", run_grade_confirm, "confirm a proposed grade with its decision"
    )
    confirm.add_argument("grade_id", type=int)
    confirm.add_argument("--on", type=_day, required=True)
    confirm.add_argument("--decision", required=True)
    registrar.action(grade, "propose", run_grade_propose, "propose grades from results meeting the standards")
    standard = registrar.action(grade, "standard", run_grade_standard, "the mark an event asks for a grade")
    standard.add_argument("--sport", required=True)
    standard.add_argument("--event", required=True)
    standard.add_argument("--sex", choices=["male", "female"], required=True)
    standard.add_argument("--grade", choices=GRADES, required=True)
    standard.add_argument("--mark", type=float, required=True, help="seconds, metres or points")
    standard.add_argument("--lower-is-better", action="store_true", help="a time (else a distance or score)")
    standard.add_argument("--from", dest="start", type=_day, required=True)
    listing = registrar.action(grade, "list", run_grade_list, "grades, proposed and confirmed")
    listing.add_argument("--json", action="store_true")

    register_results_and_days(registrar, {"squad": squad, "grade": grade})


def run_squad_add(arguments: argparse.Namespace) -> int:
    from athletes.department.keeping import add_squad

    database, actor = keeping(arguments, "keep squads")
    with database.session() as session:
        squad = add_squad(session, arguments.name, arguments.sport, arguments.level)
        commit(session, actor, "squad", [], {"added": squad.name})
        write_result(squad.id, False, f"squad #{squad.id} {squad.name}")
    return 0


def run_squad_member(arguments: argparse.Namespace) -> int:
    from athletes.department.keeping import add_member, squad_named
    from athletes.records import find_athlete

    database, actor = keeping(arguments, "keep squads")
    with database.session() as session:
        athlete = find_athlete(session, arguments.athlete)
        squad = squad_named(session, arguments.squad)
        member = add_member(session, squad, athlete, arguments.start, arguments.end, arguments.pay)
        commit(session, actor, "member", [athlete.id], {"squad": squad.name, "from": str(arguments.start)})
        write_result(
            member.id, False, f"period #{member.id}: {athlete.name} on {squad.name} from {member.start}"
        )
    return 0


def run_squad_coach(arguments: argparse.Namespace) -> int:
    from athletes.department.keeping import add_coach, squad_named

    database, actor = keeping(arguments, "keep squads")
    with database.session() as session:
        squad = squad_named(session, arguments.squad)
        add_coach(session, squad, arguments.coach, arguments.start, arguments.end)
        commit(session, actor, "coach", [], {"squad": squad.name, "coach": arguments.coach})
    return 0


def run_squad_list(arguments: argparse.Namespace) -> int:
    from athletes.department.listing import squads_on

    return listing(
        arguments,
        "see the squads",
        lambda session: squads_on(session, arguments.on or date.today()),
        lambda r: f"{r['squad']} ({r['level']}, {r['sport']}): {len(r['members'])} athletes",
    )


def run_grade_add(arguments: argparse.Namespace) -> int:
    from athletes.department.keeping import add_grade
    from athletes.records import find_athlete

    database, actor = keeping(arguments, "keep grades")
    with database.session() as session:
        athlete = find_athlete(session, arguments.athlete)
        grade = add_grade(
            session, athlete, arguments.sport, arguments.grade, arguments.on, arguments.decision, actor.login
        )
        session.flush()
        commit(session, actor, "grade", [athlete.id], {"grade": grade.grade, "status": grade.status})
        write_result(
            grade.id, False, f"grade #{grade.id}: {athlete.name} {GRADES[grade.grade]} ({grade.status})"
        )
    return 0


def run_grade_confirm(arguments: argparse.Namespace) -> int:
    from athletes.department.keeping import confirm_grade

    database, actor = keeping(arguments, "confirm grades")
    with database.session() as session:
        grade = confirm_grade(session, actor, arguments.grade_id, arguments.on, arguments.decision)
        commit(
            session,
            actor,
            "grade",
            [grade.athlete_id],
            {"confirmed": grade.id, "decision": grade.decision_number},
        )
    return 0


def run_grade_propose(arguments: argparse.Namespace) -> int:
    from athletes.department.grading import propose_grades

    database, actor = keeping(arguments, "propose grades")
    with database.session() as session:
        proposed = propose_grades(session)
        commit(session, actor, "grade", [g.athlete_id for g in proposed], {"proposed": len(proposed)})
        lines = [
            f"grade #{g.id}: athlete #{g.athlete_id} {GRADES[g.grade]} (proposed; confirm it)"
            for g in proposed
        ]
    write_result(len(lines), False, "\n".join(lines) or "no result meets a standard not yet granted")
    return 0


def run_grade_standard(arguments: argparse.Namespace) -> int:
    from athletes.department.grading import add_standard

    database, actor = keeping(arguments, "keep the grade standards")
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
        commit(session, actor, "standard", [], {"event": arguments.event, "grade": arguments.grade})
    return 0


def run_grade_list(arguments: argparse.Namespace) -> int:
    from athletes.department.listing import grades

    return listing(
        arguments,
        "see the grades",
        grades,
        lambda r: f"#{r['id']} {r['athlete']}: {r['grade']} {r['sport']} ({r['status']})",
    )
