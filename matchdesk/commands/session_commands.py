"""``matchdesk session code``: a training session's coded events, from a script as from the code window."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from matchdesk.commands.session_coding import register_code
from matchdesk.commands.session_util import seconds_option as _seconds
from matchdesk.errors import MatchdeskError


def register(commands: Any) -> None:
    session = commands.add_parser("session", help="a training session: video, athletes, coded events")
    actions = session.add_subparsers(dest="session_action", required=True, metavar="ACTION")
    new = actions.add_parser("new", help="make a session: its video angles, team, day and squad")
    new.add_argument("folder", type=Path, metavar="DIR", help="the session's folder (made; must be new)")
    new.add_argument("--team", required=True)
    new.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    new.add_argument(
        "--video",
        type=Path,
        nargs="+",
        required=True,
        metavar="ANGLE",
        help="video files or live angle folders",
    )
    new.add_argument("--athletes", nargs="*", default=[], metavar="NAME", help="the squad present")
    new.add_argument(
        "--wearable",
        nargs="*",
        default=[],
        metavar="NAME=FILE",
        help="an athlete's recording of the day (FIT, TCX, GPX, CSV)",
    )
    new.add_argument(
        "--shirt",
        nargs="*",
        default=[],
        metavar="NAME=NUMBER",
        help="the number an athlete wears: read off the video, it tells who a track is after a break",
    )
    new.add_argument(
        "--calibration", nargs="*", default=[], metavar="ANGLE=FILE",
        help="an angle's pitch: points clicked (.json) or homographies per frame (.parquet)",
    )  # fmt: skip
    _database_options(new)
    new.add_argument("--json", action="store_true")
    new.set_defaults(handler=run_new)
    assign = actions.add_parser("assign", help="name the player at a point of a frame as an athlete")
    assign.add_argument("folder", type=Path, metavar="DIR")
    assign.add_argument("--angle")
    assign.add_argument("--frame", type=int, required=True, metavar="N")
    assign.add_argument("--at", required=True, metavar="X,Y", help="the click, in the picture's pixels")
    assign.add_argument("--athlete", required=True, metavar="NAME")
    assign.add_argument("--weights", type=Path, help="tracking weights, when the angle is not tracked yet")
    _database_options(assign)
    assign.set_defaults(handler=run_assign)
    load = actions.add_parser(
        "load", help="each named athlete's external load from the video, and heart rate"
    )
    load.add_argument("folder", type=Path, metavar="DIR")
    load.add_argument("--angle")
    load.add_argument("--code", help="only the windows of the events of this code (a drill)")
    load.add_argument("--weights", type=Path, help="tracking weights, when the angle is not tracked yet")
    load.add_argument(
        "--store",
        action="store_true",
        help="the names are confirmed: store each athlete's load in his records",
    )
    _database_options(load)
    load.add_argument("--json", action="store_true")
    load.set_defaults(handler=run_load)
    sync = actions.add_parser("sync", help="a sync point: the frame showing a moment of the wearable data")
    sync.add_argument("folder", type=Path, metavar="DIR")
    sync.add_argument("--angle", help="the angle (when the session has several)")
    sync.add_argument("--frame", type=int, metavar="N", help="the frame that shows it")
    sync.add_argument("--wearable-time", metavar="ISO8601", help="when it happened, on the wearable's clock")
    sync.add_argument("--athlete", help="whose wearable shows it")
    sync.add_argument(
        "--nudge", metavar="S", help="instead: move the video this many seconds later (- earlier)"
    )
    sync.add_argument(
        "--yes", action="store_true", help="accept a sync point minutes from the file's own time"
    )
    sync.add_argument("--json", action="store_true")
    sync.set_defaults(handler=run_sync)
    register_code(actions)
    window = actions.add_parser("open", help="the session's window: video, names, heart rate, speed, codes")
    window.add_argument("folder", type=Path, metavar="DIR")
    window.add_argument("--angle")
    window.add_argument("--weights", type=Path, help="tracking weights, when the angle is not tracked yet")
    window.add_argument("--language", choices=["vi", "en"])
    window.add_argument("--at", type=float, metavar="S", help="open at this second of the video")
    window.add_argument(
        "--screenshot", type=Path, metavar="PNG", help="save a picture of the window and exit"
    )
    _database_options(window)  # with them, the window's load uses the records and can be stored there
    window.set_defaults(handler=run_open)
    export = actions.add_parser("export", help="a reel: the events of a code (or all) as one captioned MP4")
    export.add_argument("folder", type=Path, metavar="DIR")
    export.add_argument("--reel", type=Path, required=True, metavar="FILE.mp4")
    export.add_argument("--code", help="only the events of this code (default: every event)")
    export.add_argument("--angle")
    export.set_defaults(handler=run_export)


def _database_options(parser: Any) -> None:
    parser.add_argument("--db", metavar="URL", help="the athletes' database (default: the laptop's own)")
    parser.add_argument("--user", metavar="LOGIN", help="who acts (the athletes commands' accounts)")


def _squad(arguments: argparse.Namespace, names: list[str]) -> tuple[Any, Any, dict[str, Any]]:
    """The database, the user and the squad's records, when the command was given --db or --user."""
    from athletes.video_session.records import squad_on_record
    from matchdesk.commands.athletes_session import signed_in_database

    database, actor = signed_in_database(arguments)
    return database, actor, squad_on_record(database, actor, names)


def run_new(arguments: argparse.Namespace) -> int:
    from datetime import date

    from athletes.video_session.folder import SESSION_FILE, VideoSession, new_angle, save_session

    if (arguments.folder / SESSION_FILE).exists():
        raise MatchdeskError("is a session already", arguments.folder)
    try:
        day = date.fromisoformat(arguments.date)
    except ValueError as error:
        raise MatchdeskError(f'--date: "{arguments.date}" is not YYYY-MM-DD') from error
    angles = tuple(new_angle(path) for path in arguments.video)
    angles = _with_calibrations(angles, arguments.calibration)
    names = [a.name for a in angles]
    if len(set(names)) != len(names):
        raise MatchdeskError(f"two angles named alike ({', '.join(names)}): give the files other names")
    if arguments.db or arguments.user:
        _squad(arguments, arguments.athletes)  # on record, seen by the user, consented to video
    wearables = tuple(_wearable(given, arguments.athletes) for given in arguments.wearable)
    shirts = _shirts(arguments.shirt, arguments.athletes)
    session = VideoSession(arguments.team, day, tuple(arguments.athletes), angles, wearables, shirts)
    _check_wearables(session)
    save_session(arguments.folder, session)
    _say_clocks(session, arguments.json)
    return 0


def _with_calibrations(angles: tuple[Any, ...], given: list[str]) -> tuple[Any, ...]:
    import dataclasses

    from athletes.video_session.pitch import read_angle_pitch

    by_name = {a.name: a for a in angles}
    for item in given:
        name, equals, file = item.partition("=")
        if not equals or name not in by_name:
            raise MatchdeskError(
                f'--calibration "{item}": give ANGLE=FILE, ANGLE one of {", ".join(by_name)}'
            )
        path = Path(file)
        read_angle_pitch(path, name)  # readable now, not at the first load
        by_name[name] = dataclasses.replace(by_name[name], calibration=str(path.resolve()))
    return tuple(by_name[a.name] for a in angles)


def _shirts(given: list[str], squad: list[str]) -> tuple[tuple[str, str], ...]:
    """Each ``NAME=NUMBER`` checked: one or two digits, an athlete of the squad, no number twice."""
    from tracking.shirt_numbers import is_shirt_number

    shirts: dict[str, str] = {}
    for item in given:
        athlete, equals, number = (part.strip() for part in item.partition("="))
        if not equals or not athlete or not is_shirt_number(number):
            raise MatchdeskError(f'--shirt "{item}": give NAME=NUMBER, a number of one or two digits')
        if squad and athlete not in squad:
            raise MatchdeskError(f'--shirt: "{athlete}" is not in the squad given with --athletes')
        if number in shirts.values():
            raise MatchdeskError(f"--shirt: two athletes wear {number}")
        shirts[athlete] = number
    return tuple(shirts.items())


def _wearable(given: str, squad: list[str]) -> tuple[str, str]:
    athlete, equals, file = given.partition("=")
    if not equals or not athlete.strip() or not file.strip():
        raise MatchdeskError(f'--wearable "{given}": give NAME=FILE')
    if squad and athlete.strip() not in squad:
        raise MatchdeskError(f'--wearable: "{athlete.strip()}" is not in the squad given with --athletes')
    path = Path(file.strip())
    if not path.is_file():
        raise MatchdeskError("file not found", path)
    return athlete.strip(), str(path.resolve())


def _check_wearables(session: Any) -> None:
    """Each recording read and placed on the first angle whose clock is known: another day's, or one
    that does not overlap the video, is refused now."""
    from athletes.video_session.wearables import check_straps_meet, read_wearable

    placed_on = next((a for a in session.angles if a.source != "unknown"), None)
    if placed_on is None:  # no clock to judge them by yet: each is still read, so a bad file is said now
        for _athlete, path in session.wearables:
            read_wearable(Path(path))
        return
    check_straps_meet(session.wearables, placed_on)


def run_sync(arguments: argparse.Namespace) -> int:
    from athletes.video_session.clocks import SyncPoint, parse_utc
    from athletes.video_session.folder import add_sync_point, load_session
    from athletes.video_session.resync import keep_moved_clock

    angle = load_session(arguments.folder).angle(arguments.angle)
    if arguments.nudge is not None:
        moved = angle.nudged(_seconds(arguments.nudge, "--nudge", signed=True))
    elif arguments.frame is None or arguments.wearable_time is None:
        raise MatchdeskError("give --frame N and --wearable-time ISO8601 (or --nudge S)")
    else:
        moment = parse_utc(arguments.wearable_time, "--wearable-time")
        moved = add_sync_point(angle, SyncPoint(arguments.frame, moment, arguments.athlete), arguments.yes)
    _say_clocks(keep_moved_clock(arguments.folder, moved), arguments.json)
    return 0


def _say_clocks(session: Any, as_json: bool) -> None:
    rows = []
    for angle in session.angles:
        try:
            start: Any = angle.clock()[0]
        except MatchdeskError:
            start = None
        rows.append(
            {"angle": angle.name, "frames": angle.frames, "frame_rate": str(angle.frame_rate),
             "start_utc": None if start is None else start.isoformat(timespec="milliseconds"),
             "clock": angle.source, "sync_points": len(angle.sync_points)}
        )  # fmt: skip
    if as_json:
        sys.stdout.write(json.dumps(rows) + "\n")
        return
    for row in rows:
        sys.stdout.write(
            f"{row['angle']}: {row['frames']} frames at {row['frame_rate']} fps, frame 0 at "
            f"{row['start_utc'] or 'unknown (mark a sync point)'} ({row['clock']})\n"
        )


def run_assign(arguments: argparse.Namespace) -> int:
    from athletes.video_session.folder import load_session
    from athletes.video_session.names import Click, add_click
    from athletes.video_session.opened import kept_tracks
    from athletes.video_session.shirts import session_shirts
    from matchdesk.commands.arguments import parse_point

    session = load_session(arguments.folder)
    angle = session.angle(arguments.angle)
    if session.athletes and arguments.athlete not in session.athletes:
        raise MatchdeskError(
            f'"{arguments.athlete}" is not in the session\'s squad ({", ".join(session.athletes)})'
        )
    if arguments.db or arguments.user:
        _squad(arguments, [arguments.athlete])  # on record, seen by the user, consented to video
    tracks = kept_tracks(arguments.folder, angle, arguments.weights)
    shirts = session_shirts(arguments.folder, session, angle, tracks)
    click = Click(angle.name, arguments.frame, parse_point(arguments.at), arguments.athlete)
    names = add_click(arguments.folder, tracks, float(angle.frame_rate), click, shirts)
    tracked = names.tracks_of(arguments.athlete)
    sys.stdout.write(f"{arguments.athlete}: track {', '.join(map(str, tracked))}\n")
    for question in names.questions:
        sys.stdout.write(
            f"asked: which of tracks {', '.join(map(str, question.candidates))} is {question.athlete} "
            f"after frame {question.ended_frame}? (click him there)\n"
        )
    return 0


def run_load(arguments: argparse.Namespace) -> int:
    from athletes.coding.store import load_timeline
    from athletes.video_session.load import Window, athletes_load
    from athletes.video_session.opened import kept_tracks, open_session

    opened = open_session(
        arguments.folder, arguments.angle, lambda f, a: kept_tracks(f, a, arguments.weights)
    )
    angle = opened.angle
    window = Window.whole(angle)
    if arguments.code:
        window = Window.of_code(arguments.code, load_timeline(arguments.folder).events, angle.frame_rate)
        if not window.frames:
            raise MatchdeskError(f'no event of the code "{arguments.code}" in this session')
    athletes = opened.athletes
    members = None
    if arguments.db or arguments.user or arguments.store:
        database, actor, members = _squad(arguments, athletes)
    assert opened.pitch is not None
    rows = athletes_load(athletes, angle, opened.names, opened.pitch, window, opened.straps, members)
    if arguments.store:
        from athletes.video_session.records import store_loads

        assert members is not None
        source = f"{arguments.folder.resolve()} ({angle.name}, {window.label})"
        stored = store_loads(database, actor, members, rows, angle.utc_at(0), source)
        sys.stdout.write(f"stored as sessions {', '.join(map(str, stored))}\n")
    if arguments.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
        return 0
    for row in rows:
        heart = "" if row["hr_mean"] is None else f", heart rate {row['hr_mean']:.0f} bpm"
        sys.stdout.write(
            f"{row['athlete']}: {row['distance_m']:.0f} m in {row['tracked_s']:.0f} s tracked, "
            f"HSR {row['hsr_m']:.0f} m, sprint {row['sprint_m']:.0f} m, "
            f"top {row['top_speed_kmh']:.1f} km/h{heart}\n"
        )
    sys.stdout.write(f"({rows[0]['note'] if rows else ''})\n")
    return 0


def run_open(arguments: argparse.Namespace) -> int:
    from ui.app import run_session

    database = None
    if arguments.db or arguments.user:
        from matchdesk.commands.athletes_session import open_database

        database = open_database(arguments)
    return run_session(
        arguments.folder,
        angle=arguments.angle,
        weights=arguments.weights,
        language=arguments.language,
        screenshot=arguments.screenshot,
        seconds=arguments.at,
        database=database,
        user=arguments.user,
    )


def run_export(arguments: argparse.Namespace) -> int:
    from athletes.coding.reel import export_reel
    from athletes.coding.store import load_timeline
    from athletes.video_session.folder import load_session

    session = load_session(arguments.folder)
    angle = session.angle(arguments.angle)
    events = [e for e in load_timeline(arguments.folder).events if arguments.code in (None, e.code)]
    if not events:
        raise MatchdeskError(
            "no events to put in the reel" + (f' (code "{arguments.code}")' if arguments.code else "")
        )
    if arguments.reel.suffix.lower() != ".mp4":
        raise MatchdeskError("the reel is an MP4: give a .mp4 file", arguments.reel)
    frames = export_reel(angle.video_path, events, arguments.reel)
    sys.stdout.write(f"{len(events)} events, {frames} frames, written to {arguments.reel}\n")
    return 0
