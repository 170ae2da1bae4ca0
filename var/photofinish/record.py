"""A photo finish in the signed review file: the results as found, and each time a judge set.

The video's automatic result is one signed entry; a judge who clicks the point that counts on the
composite (athletics: the torso; cycling: the front tyre; rowing and canoeing: the bow; swimming:
the touch) adds a signed entry that sets that lane's time, and the record keeps both. Places are
counted again from the times that stand.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matchdesk.errors import MatchdeskError
from var.photofinish.analysis import PhotoFinish, places, time_text
from var.review_log import Entry
from var.review_record import Review

POINT_THAT_COUNTS = {
    "athletics": "torso",
    "cycling": "front of the front tyre",
    "rowing": "bow",
    "canoeing": "bow",
    "swimming": "touch",
}


@dataclass
class FinishResult:
    """One race's result as the review file holds it, with every judge's time applied."""

    seq: int
    event: str
    sport: str
    video: str
    fully_automatic: bool
    resolution_s: float
    composite: str
    finishers: list[dict[str, Any]]  # lane, time_s, time, place, tie_with, set_by, auto_time_s
    signed_by: str


def record_results(
    review: Review,
    finish: PhotoFinish,
    video: Path,
    event: str,
    sport: str,
    composite: Path | None,
    author: str,
) -> int:
    """Sign the automatic result into ``review``; returns its entry number."""
    if sport not in POINT_THAT_COUNTS:
        raise MatchdeskError(f"--sport {sport!r}: a photo finish is read in {', '.join(POINT_THAT_COUNTS)}")
    payload = {
        "event": event,
        "sport": sport,
        "point_that_counts": POINT_THAT_COUNTS[sport],
        "video": str(video.resolve()),
        "composite": str(composite.resolve()) if composite else "",
        **finish.to_json(),
    }
    return review.log.append("photo_finish", payload, author).seq


def judge_time(review: Review, result: int, lane: int, time_s: float, author: str) -> FinishResult:
    """A judge sets ``lane``'s time (seconds from the start), read on the composite; signed."""
    results = finish_results(review)
    if result not in results:
        raise MatchdeskError(f"there is no photo-finish result {result} in this review file", review.path)
    if lane not in {f["lane"] for f in results[result].finishers}:
        raise MatchdeskError(f"lane {lane} has no finisher in result {result}", review.path)
    if not 0 < time_s < 3600:
        raise MatchdeskError(f"a time of {time_s} s from the start is not a finish", review.path)
    review.log.append("photo_finish_judged", {"lane": lane, "time_s": time_s}, author, refers_to=result)
    return finish_results(review)[result]


def finish_results(review: Review) -> dict[int, FinishResult]:
    """Every photo-finish result in ``review``, by entry number, with judges' times applied."""
    results: dict[int, FinishResult] = {}
    for entry in review.log.entries():
        if entry.kind == "photo_finish":
            results[entry.seq] = _result(entry)
        elif entry.kind == "photo_finish_judged" and entry.refers_to in results:
            _apply_judge(results[entry.refers_to], entry)
    return results


def _result(entry: Entry) -> FinishResult:
    p = entry.payload
    return FinishResult(
        entry.seq,
        str(p["event"]),
        str(p["sport"]),
        str(p["video"]),
        bool(p["fully_automatic"]),
        float(p["resolution_s"]),
        str(p.get("composite", "")),
        [dict(f) for f in p["finishers"]],
        entry.author,
    )


def _apply_judge(result: FinishResult, entry: Entry) -> None:
    lane, time = int(entry.payload["lane"]), float(entry.payload["time_s"])
    for finisher in result.finishers:
        if finisher["lane"] == lane:
            finisher.setdefault("auto_time_s", finisher["time_s"])
            finisher.update(time_s=round(time, 4), set_by="judge", judge=entry.author)
            finisher["time"] = time_text(time, result.fully_automatic)
    placed = places({f["lane"]: f["time_s"] for f in result.finishers}, result.resolution_s)
    for finisher in result.finishers:
        finisher["place"], level = placed[finisher["lane"]]
        finisher["tie_with"] = list(level)
    result.finishers.sort(key=lambda f: (f["place"], f["time_s"]))
