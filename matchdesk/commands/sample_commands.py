"""``matchdesk sample``: the synthetic sample match and stamped test clips."""

from __future__ import annotations

import argparse
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

from matchdesk.errors import MatchdeskError
from var.timebase import parse_fraction


def register(commands: Any) -> None:
    sample = commands.add_parser("sample", help="render the synthetic sample match or stamped test clips")
    actions = sample.add_subparsers(dest="sample_command", metavar="ACTION", required=True)

    render = actions.add_parser("render", help="render the three-camera sample match (deterministic)")
    render.add_argument(
        "--out", type=Path, default=None, help="folder (default: the checkout's sample_clips/)"
    )
    render.set_defaults(handler=run_render)

    demo = actions.add_parser(
        "var-demo", help="a review file of the sample match: the offside measured and decided"
    )
    demo.add_argument("review", type=Path, metavar="REVIEW_DB", help="the review file to write")
    demo.set_defaults(handler=run_var_demo)

    straps = actions.add_parser(
        "straps", help="heart-rate straps of the sample's players, their clock off by a known amount"
    )
    straps.add_argument("--out", type=Path, required=True, help="folder for one CSV per player")
    straps.add_argument(
        "--kickoff", default="2026-12-05T01:30:00+00:00", metavar="ISO8601", help="match frame 0, in UTC"
    )
    straps.add_argument(
        "--clock-offset", type=float, default=0.0, metavar="S", help="the straps' clock error"
    )
    straps.set_defaults(handler=run_straps)

    race = actions.add_parser("race", help="a synthetic 8-lane race with known finish times and a gun")
    race.add_argument("--fps", default="120", help="exact rate, e.g. 50, 120, 240 or 30000/1001")
    race.add_argument("--out", type=Path, required=True, help="folder for race.mp4 and race.json (the truth)")
    race.add_argument("--rolling-shutter-ms", type=float, default=0.0, help="the sensor's readout time")
    race.add_argument("--gun-distance", type=float, default=0.0, help="metres from the gun to the camera")
    race.add_argument("--pan", type=float, default=0.0, help="pixels per second the camera pans (not fixed)")
    race.add_argument("--flash", action="store_true", help="the starter's pistol flashes in the picture")
    race.set_defaults(handler=run_race)

    clip = actions.add_parser("testclip", help="encode a clip whose frames show their own number")
    clip.add_argument(
        "out", type=Path, help="output file; its suffix picks the container (.mp4 .mkv .ts .mov)"
    )
    clip.add_argument("--frames", type=int, default=250)
    clip.add_argument("--size", default="1920x1080", help="WIDTHxHEIGHT")
    clip.add_argument("--fps", default="25", help="exact rate, e.g. 30000/1001")
    clip.add_argument("--gop", type=int, default=250, help="keyframe interval in frames")
    clip.add_argument("--bframes", type=int, default=2)
    clip.add_argument("--codec", choices=["h264", "hevc"], default="h264")
    clip.add_argument("--open-gop", action="store_true")
    clip.add_argument("--vfr", action="store_true", help="jitter timestamps like phone footage (MP4)")
    clip.add_argument("--rotation", type=int, choices=[0, 90, 180, 270], default=0)
    clip.add_argument("--trim", type=int, default=0, help="hide this many leading frames in an MP4 edit list")
    clip.add_argument("--ts-offset", type=int, default=0, help="MPEG-TS: seconds the timestamps start at")
    clip.set_defaults(handler=run_testclip)


def run_straps(arguments: argparse.Namespace) -> int:
    from athletes.video_session.clocks import parse_utc
    from matchdesk.sample.match import default_sample_dir, load_sample_match
    from matchdesk.sample.straps import render_straps

    kickoff = parse_utc(arguments.kickoff, "--kickoff")
    written = render_straps(
        load_sample_match(default_sample_dir()), arguments.out, kickoff, arguments.clock_offset
    )
    sys.stdout.write(f"{len(written)} straps written to {arguments.out}\n")
    return 0


def run_race(arguments: argparse.Namespace) -> int:
    from matchdesk.sample.race import RaceSpec, render_race

    try:
        rate = Fraction(arguments.fps)
    except (ValueError, ZeroDivisionError) as error:
        raise MatchdeskError(f"--fps {arguments.fps!r}: give a rate such as 120 or 30000/1001") from error
    if not 10 <= rate <= 1000:
        raise MatchdeskError(f"--fps {arguments.fps}: a camera films 10 to 1000 frames per second")
    spec = RaceSpec(
        rate,
        arguments.rolling_shutter_ms / 1000,
        gun_distance_m=arguments.gun_distance,
        pan_px_s=arguments.pan,
        flash=arguments.flash,
    )
    sys.stdout.write(f"{render_race(spec, arguments.out)}\n")
    return 0


def run_render(arguments: argparse.Namespace) -> int:
    from matchdesk.sample.match import default_sample_dir, render_sample_match

    out = arguments.out or default_sample_dir()

    def announce(camera: str) -> None:
        sys.stderr.write(f"rendered {camera}\n")

    manifest = render_sample_match(out, on_camera_done=announce)
    sys.stdout.write(f"{manifest}\n")
    return 0


def run_testclip(arguments: argparse.Namespace) -> int:
    from matchdesk.sample.testclip import ClipSpec, make_test_clip

    try:
        width, height = (int(part) for part in arguments.size.lower().split("x"))
        rate: Fraction = parse_fraction(arguments.fps)
    except ValueError as error:
        raise MatchdeskError(f"bad --size or --fps: {error}") from error
    spec = ClipSpec(
        frames=arguments.frames,
        width=width,
        height=height,
        frame_rate=rate,
        gop=arguments.gop,
        b_frames=arguments.bframes,
        codec=arguments.codec,
        open_gop=arguments.open_gop,
        variable_frame_rate=arguments.vfr,
        rotation=arguments.rotation,
        trim_frames=arguments.trim,
        ts_offset_seconds=arguments.ts_offset,
    )
    sys.stdout.write(f"{make_test_clip(arguments.out, spec)}\n")
    return 0


def run_var_demo(arguments: argparse.Namespace) -> int:
    from matchdesk.sample.var_demo import make_var_demo

    review, incident = make_var_demo(arguments.review)
    sys.stdout.write(f"{review}: incident {incident} (offside) measured and decided\n")
    return 0
