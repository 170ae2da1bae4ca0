"""Grades proposed from results: a result whose mark meets a standard in force on the competition's
last day proposes the best grade it meets, unless the athlete already holds that grade or a better
one in the sport; a person then confirms it with the decision (Thông tư 06/2021/TT-BVHTTDL)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from athletes.department.keeping import add_grade
from athletes.department.tables import Competition, Grade, GradeStandard, Result
from athletes.department.vocabulary import GRADES
from athletes.models import Athlete
from matchdesk.errors import MatchdeskError

RANK = {grade: order for order, grade in enumerate(GRADES)}  # kien_tuong best


def add_standard(
    session: Session, sport: str, event: str, sex: str, grade: str, mark: float, lower_is_better: bool,
    effective_from: date,
) -> GradeStandard:  # fmt: skip
    if grade not in GRADES:
        raise MatchdeskError(f"a grade is one of {', '.join(GRADES)}", event)
    standard = GradeStandard(sport=sport, event=event, sex=sex, grade=grade, mark=mark,
                             lower_is_better=lower_is_better, effective_from=effective_from)  # fmt: skip
    session.add(standard)
    return standard


def _meets(standard: GradeStandard, mark: float) -> bool:
    return mark <= standard.mark if standard.lower_is_better else mark >= standard.mark


def propose_grades(session: Session) -> list[Grade]:
    """The grades proposed now (added to ``session``, not committed)."""
    standards = list(session.scalars(select(GradeStandard)))
    held: dict[tuple[int, str], int] = {}
    for grade in session.scalars(select(Grade)):
        key = (grade.athlete_id, grade.sport)
        held[key] = min(held.get(key, len(RANK)), RANK[grade.grade])
    proposed = []
    rows = session.execute(
        select(Result, Competition, Athlete)
        .join(Competition, Competition.id == Result.competition_id)
        .join(Athlete, Athlete.id == Result.athlete_id)
        .where(Result.mark.is_not(None), Competition.official)
        .order_by(Competition.end)
    ).all()
    for result, competition, athlete in rows:
        assert result.mark is not None
        in_force: dict[str, GradeStandard] = {}
        for standard in standards:
            if (standard.sport, standard.event, standard.sex) != (
                competition.sport,
                result.event,
                athlete.sex,
            ):
                continue
            if standard.effective_from > competition.end:
                continue
            current = in_force.get(standard.grade)
            if current is None or current.effective_from < standard.effective_from:
                in_force[standard.grade] = standard
        met = [grade for grade, standard in in_force.items() if _meets(standard, result.mark)]
        if not met:
            continue
        best = min(met, key=RANK.__getitem__)
        key = (athlete.id, competition.sport)
        if held.get(key, len(RANK)) <= RANK[best]:
            continue
        grade = add_grade(session, athlete, competition.sport, best, result=result)
        held[key] = RANK[best]
        proposed.append(grade)
    session.flush()
    return proposed
