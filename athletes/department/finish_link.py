"""A result from matchdesk's own photo finish: the places and times a photo finish signed into a
review file (judges' times applied) become the competition's results, each linked to the review
file and its entry, with the file's SHA-256 at the time it was read."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from athletes.department.keeping import NewResult, add_result
from athletes.department.tables import Competition, Result
from athletes.models import Athlete
from matchdesk.errors import MatchdeskError

MEDAL_OF_PLACE = {1: "gold", 2: "silver", 3: "bronze"}


def results_from_finish(
    session: Session, competition: Competition, review_path: Path, result_number: int,
    lanes: dict[int, Athlete], event: str | None = None, medals: bool = False,
) -> list[Result]:  # fmt: skip
    """The finish's finishers in ``lanes`` as results (places as ranks, times as marks); with
    ``medals``, places 1-3 take gold, silver and bronze (a final's)."""
    from var.photofinish.record import finish_results
    from var.review_record import Review

    if not review_path.is_file():
        raise MatchdeskError("no such review file", review_path)
    with Review.open(review_path) as review:
        finishes = finish_results(review)
    if result_number not in finishes:
        numbers = ", ".join(str(n) for n in finishes) or "none"
        raise MatchdeskError(f"has no photo-finish result {result_number} (it has: {numbers})", review_path)
    finish = finishes[result_number]
    finished = {int(f["lane"]): f for f in finish.finishers}
    unknown = sorted(set(lanes) - set(finished))
    if unknown:
        raise MatchdeskError(f"lane(s) {unknown} have no finisher in result {result_number}", review_path)
    digest = hashlib.sha256(review_path.read_bytes()).hexdigest()
    name = event or finish.event
    stored = []
    for lane, athlete in sorted(lanes.items(), key=lambda item: finished[item[0]]["place"]):
        finisher = finished[lane]
        same = (
            Result.competition_id == competition.id,
            Result.event == name,
            Result.athlete_id == athlete.id,
        )
        exists = session.scalar(select(Result).where(*same))
        if exists is not None:
            raise MatchdeskError(f"{athlete.name} already has a result in {name} (#{exists.id})")
        place = int(finisher["place"])
        result = add_result(session, competition, NewResult(
            name, athlete, rank=place, medal=MEDAL_OF_PLACE.get(place) if medals else None,
            mark=float(finisher["time_s"]), mark_text=str(finisher["time"]),
        ))  # fmt: skip
        result.source_file = f"{review_path.resolve()}#{result_number}"
        result.source_sha256 = digest
        stored.append(result)
    return stored
