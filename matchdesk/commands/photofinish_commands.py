"""``matchdesk photofinish``: a finish read from a video filmed on the finish line's extension."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from matchdesk.errors import MatchdeskError


def register(commands: Any) -> None:
    finish = commands.add_parser(
        "photofinish", help="a photo finish from video: the composite, each lane's time and the placings"
    )
    finish.add_argument("video", type=Path, metavar="VIDEO")
    finish.add_argument(
        "--line", required=True, metavar="X1,Y1,X2,Y2", help="the finish line, from lane 1's end"
    )
    start = finish.add_mutually_exclusive_group()
    start.add_argument("--start-frame", type=int, metavar="N", help="the frame of the start (else the gun)")
    start.add_argument(
        "--start",
        choices=("gun", "flash"),
        default="gun",
        help="the start: the gun in the sound, or its flash",
    )
    finish.add_argument(
        "--gun-distance", type=float, default=0.0, metavar="M", help="the gun's distance from the camera"
    )
    finish.add_argument("--lanes", type=int, metavar="N", help="how many lanes to expect")
    finish.add_argument(
        "--readout-ms",
        type=float,
        default=0.0,
        metavar="MS",
        help="the sensor's rolling-shutter readout time",
    )
    finish.add_argument("--out", type=Path, metavar="IMAGE.png", help="write the composite picture here")
    finish.add_argument("--json", action="store_true")
    finish.add_argument(
        "--review", type=Path, metavar="REVIEW_DB", help="sign the result into this review file"
    )
    finish.add_argument("--event", default="", help='the event, e.g. "100 m nữ, chung kết"')
    finish.add_argument(
        "--sport", default="athletics", help="athletics, cycling, rowing, canoeing or swimming"
    )
    finish.add_argument("--reviewer")
    finish.add_argument("--desk", action="store_true", help="open the judge's view (needs --review)")
    finish.add_argument("--language", choices=("vi", "en"), default="vi", help="the view's language")
    finish.add_argument(
        "--screenshot", type=Path, metavar="PNG", help="with --desk: save a picture of the view and exit"
    )
    finish.set_defaults(handler=run_photofinish)

    judge = commands.add_parser(
        "photofinish-judge", help="a judge sets a lane's time read on the composite (signed)"
    )
    judge.add_argument("review", type=Path, metavar="REVIEW_DB")
    judge.add_argument("result", type=int, metavar="RESULT", help="the result's number in the review file")
    judge.add_argument("--lane", type=int, required=True)
    judge.add_argument("--time", type=float, required=True, metavar="SECONDS", help="from the start")
    judge.add_argument("--reviewer")
    judge.set_defaults(handler=run_judge)

    results = commands.add_parser("photofinish-results", help="the results list as a PDF, with the composite")
    results.add_argument("review", type=Path, metavar="REVIEW_DB")
    results.add_argument("result", type=int, metavar="RESULT")
    results.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    results.add_argument("--language", choices=("vi", "en"), default="vi")
    results.set_defaults(handler=run_results)


def run_photofinish(arguments: argparse.Namespace) -> int:
    from var.photofinish.analysis import analyse, time_text
    from var.photofinish.composite import write_composite
    from var.photofinish.line import FinishLine

    if not arguments.video.is_file():
        raise MatchdeskError("no such video", arguments.video)
    if arguments.lanes is not None and not 1 <= arguments.lanes <= 12:
        raise MatchdeskError(f"--lanes {arguments.lanes}: a track or course has 1 to 12 lanes")
    if not 0 <= arguments.readout_ms < 100:
        raise MatchdeskError(f"--readout-ms {arguments.readout_ms}: a sensor reads out in 0 to 100 ms")
    finish = analyse(
        arguments.video,
        FinishLine.parse(arguments.line),
        start_frame=arguments.start_frame,
        start=arguments.start,
        gun_distance_m=arguments.gun_distance,
        lanes=arguments.lanes,
        readout_s=arguments.readout_ms / 1000,
    )
    document = finish.to_json()
    if arguments.out is not None:
        document["composite"] = {
            "path": str(arguments.out),
            **write_composite(finish, arguments.out).to_json(),
        }
    if arguments.desk and arguments.review is None:
        raise MatchdeskError("--desk needs --review REVIEW_DB: the judge's times are signed into it")
    result = _record(arguments, finish, document) if arguments.review is not None else None
    if result is not None:
        document["result"] = result
    if arguments.desk:
        from matchdesk.commands.var_commands import reviewer_name
        from ui.desk.photofinish.window import run_photofinish_view  # Qt loads only for the view
        from var.photofinish.record import POINT_THAT_COUNTS

        point = POINT_THAT_COUNTS.get(arguments.sport, "torso")
        judge = reviewer_name(arguments.reviewer)
        assert result is not None
        return run_photofinish_view(
            finish,
            arguments.review,
            result,
            judge,
            point,
            arguments.language,
            arguments.screenshot,
        )
    if arguments.json:
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return 0
    for warning in finish.warnings:
        sys.stderr.write(f"matchdesk photofinish: warning: {warning}\n")
    sys.stdout.write(f"start: {finish.start_source} (frame {finish.start_frame}); {finish.fps:.2f} fps\n")
    for finisher in finish.finishers:
        level = (
            f"  dead heat with lane {', '.join(map(str, finisher.tie_with))}: too close to call"
            if finisher.tie_with
            else ""
        )
        time = time_text(finisher.time_s, finish.fully_automatic)
        sys.stdout.write(f"{finisher.place:>2}. lane {finisher.lane}  {time}{level}\n")
    return 0


def _record(arguments: argparse.Namespace, finish: Any, document: dict[str, Any]) -> int:
    """Sign the result into the review file (made for this video when it does not exist yet)."""
    from matchdesk.commands.var_commands import reviewer_name
    from var.photofinish.record import record_results
    from var.review_record import Review

    author = reviewer_name(arguments.reviewer)
    if arguments.review.exists():
        review = Review.open(arguments.review)
    else:
        review = Review.create(
            arguments.review, arguments.event or arguments.video.stem, [arguments.video], author
        )
    with review:
        composite = arguments.out if arguments.out is not None else None
        seq = record_results(
            review, finish, arguments.video, arguments.event, arguments.sport, composite, author
        )
    if not arguments.json:
        sys.stdout.write(f"result {seq} signed into {arguments.review}\n")
    return seq


def run_judge(arguments: argparse.Namespace) -> int:
    from matchdesk.commands.var_commands import reviewer_name
    from var.photofinish.record import judge_time
    from var.review_record import Review

    with Review.open(arguments.review) as review:
        result = judge_time(
            review, arguments.result, arguments.lane, arguments.time, reviewer_name(arguments.reviewer)
        )
    for finisher in result.finishers:
        by = f"judge (video {finisher['auto_time_s']:.4f})" if finisher.get("set_by") == "judge" else "video"
        sys.stdout.write(f"{finisher['place']:>2}. lane {finisher['lane']}  {finisher['time']}  [{by}]\n")
    return 0


def run_results(arguments: argparse.Namespace) -> int:
    from var.photofinish.record import finish_results
    from var.photofinish.results_pdf import write_results
    from var.review_record import Review

    with Review.open(arguments.review) as review:
        results = finish_results(review)
    if arguments.result not in results:
        raise MatchdeskError(f"there is no photo-finish result {arguments.result}", arguments.review)
    sys.stdout.write(f"{write_results(results[arguments.result], arguments.out, arguments.language)}\n")
    return 0
