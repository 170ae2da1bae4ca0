"""``matchdesk review``: the referee's desk (the only command that starts Qt)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(commands: Any) -> None:
    review = commands.add_parser(
        "review", help="open the review desk on 1 to 4 camera angles of one match (no angles: a dialog asks)"
    )
    review.add_argument(
        "angles",
        type=Path,
        nargs="*",
        metavar="ANGLE",
        help="camera files, the first is the reference; or one recording folder (matchdesk capture)",
    )
    review.add_argument(
        "--sample", action="store_true", help="open the bundled sample match's three cameras, in sync"
    )
    review.add_argument(
        "--goto", type=int, metavar="N", help="put the playhead on frame N of the reference angle"
    )
    review.add_argument(
        "--offset",
        type=int,
        action="append",
        metavar="FRAMES",
        help="sync offset of angle 2, 3, 4 in reference frames (repeat per angle)",
    )
    review.add_argument(
        "--lang", choices=["vi", "en"], help="interface language (default: the saved setting)"
    )
    review.add_argument(
        "--screenshot", type=Path, metavar="PNG", help="save a picture of the window and exit"
    )
    review.add_argument(
        "--db", type=Path, metavar="REVIEW_DB", help="the review file: opened if it exists, else created"
    )
    review.add_argument("--match", help="the match's name for a new review file")
    review.add_argument(
        "--track",
        action="store_true",
        help="track players and ball on every angle (the sample's demo detector, or Settings' weights)",
    )
    review.add_argument(
        "--monitor",
        action="store_true",
        help="open the referee review monitor too (with --screenshot, also saved as PNG-monitor.png)",
    )
    review.set_defaults(handler=run_review_command)


def run_review_command(arguments: argparse.Namespace) -> int:
    from matchdesk.sample.match import load_sample_match
    from ui.app import run_review  # Qt loads only for the desk
    from var.capture.clock_sync import angles_of_recording

    offsets = [0, *arguments.offset] if arguments.offset else None
    angles = arguments.angles
    recorded = angles_of_recording(angles)
    if recorded is not None:  # a recording (matchdesk capture): its angles, placed by the capture clock
        angles = recorded[0]
        offsets = offsets or [offset.offset_frames or 0 for offset in recorded[1]]
    if arguments.sample:
        sample = load_sample_match()
        angles = sample.camera_paths
        offsets = offsets or [sample.start_frame(camera["name"]) for camera in sample.manifest["cameras"]]
    return run_review(
        angles,
        goto=arguments.goto,
        screenshot=arguments.screenshot,
        language=arguments.lang,
        offsets=offsets,
        review_file=arguments.db,
        match=arguments.match,
        track=arguments.track,
        monitor=arguments.monitor,
    )
