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
    start.add_argument("--start", choices=("gun",), default="gun", help="the start from the gun in the sound")
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
    finish.set_defaults(handler=run_photofinish)


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
