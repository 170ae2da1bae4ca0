"""``matchdesk session code``: a training session's coded events, from a script as from the code window."""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

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
    new.add_argument("--json", action="store_true")
    new.set_defaults(handler=run_new)
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
    code = actions.add_parser(
        "code",
        help="code the session: buttons, presses, labels; Sportscode XML and CSV in and out",
        description="The session's coded events live in DIR/codes.json. Several options may be given "
        "at once; they are done in the order listed here, and nothing is written when one fails.",
    )
    code.add_argument("folder", type=Path, metavar="DIR", help="the session's folder")
    code.add_argument("--button", metavar="CODE", help="add a button to the code window")
    code.add_argument("--key", default="", help="the button's hotkey")
    code.add_argument("--lead", default="0", metavar="S", help="seconds before a press the event starts")
    code.add_argument("--lag", default="0", metavar="S", help="seconds after a press it ends")
    code.add_argument("--toggle", action="store_true", help="one press opens the event, the next closes it")
    code.add_argument("--colour", default="128,128,128", metavar="R,G,B", help="the button's colour, 0-255")
    code.add_argument("--import", dest="imported", type=Path, metavar="FILE", help="Sportscode .xml or .csv")
    code.add_argument("--press", metavar="CODE", help="press a button (with --at)")
    code.add_argument("--at", metavar="S", help="seconds from the start of the session's video")
    code.add_argument("--label", nargs=2, metavar=("ID", "GROUP:TEXT"), help="label an event")
    code.add_argument("--export", type=Path, metavar="FILE", help="Sportscode .xml or .csv")
    code.add_argument("--matrix", action="store_true", help="print the codes x labels counts")
    code.add_argument("--json", action="store_true", help="print the events as JSON")
    code.set_defaults(handler=run_code)


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
    names = [a.name for a in angles]
    if len(set(names)) != len(names):
        raise MatchdeskError(f"two angles named alike ({', '.join(names)}): give the files other names")
    wearables = tuple(_wearable(given, arguments.athletes) for given in arguments.wearable)
    session = VideoSession(arguments.team, day, tuple(arguments.athletes), angles, wearables)
    _check_wearables(session)
    save_session(arguments.folder, session)
    _say_clocks(session, arguments.json)
    return 0


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
    from athletes.video_session.wearables import place, read_wearable

    placed_on = next((a for a in session.angles if a.source != "unknown"), None)
    for athlete, path in session.wearables:
        recording = read_wearable(Path(path))
        if placed_on is not None:
            place(athlete, recording, placed_on)


def run_sync(arguments: argparse.Namespace) -> int:
    import dataclasses

    from athletes.video_session.clocks import SyncPoint, parse_utc
    from athletes.video_session.folder import add_sync_point, load_session, save_session

    session = load_session(arguments.folder)
    angle = session.angle(arguments.angle)
    if arguments.nudge is not None:
        angle = dataclasses.replace(
            angle, nudge=angle.nudge + _seconds(arguments.nudge, "--nudge", signed=True)
        )
    else:
        if arguments.frame is None or arguments.wearable_time is None:
            raise MatchdeskError("give --frame N and --wearable-time ISO8601 (or --nudge S)")
        moment = parse_utc(arguments.wearable_time, "--wearable-time")
        angle = add_sync_point(angle, SyncPoint(arguments.frame, moment, arguments.athlete), arguments.yes)
    session = session.with_angle(angle)
    save_session(arguments.folder, session)
    _say_clocks(session, arguments.json)
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


def run_code(arguments: argparse.Namespace) -> int:
    from athletes.coding.events import CodeButton, Label
    from athletes.coding.store import load_timeline, save_timeline
    from athletes.coding.table import code_matrix

    timeline = load_timeline(arguments.folder)
    changed = False
    said = []
    if arguments.button:
        timeline.add_button(
            CodeButton(
                arguments.button,
                arguments.key,
                _seconds(arguments.lead, "--lead"),
                _seconds(arguments.lag, "--lag"),
                arguments.toggle,
                _colour(arguments.colour),
            )
        )
        changed = True
    if arguments.imported:
        events, buttons = _read(arguments.imported)
        added = timeline.merged(events, buttons)
        said.append(f"{len(added)} events imported from {arguments.imported.name}")
        changed = True
    if arguments.press:
        if arguments.at is None:
            raise MatchdeskError("--press needs --at SECONDS")
        event = timeline.press(arguments.press, _seconds(arguments.at, "--at"))
        said.append(
            f'"{arguments.press}" opened at {arguments.at} s (press again to close it)'
            if event is None
            else f"event {event.id}: {event.code} {float(event.start):.2f}-{float(event.end):.2f} s"
        )
        changed = True
    if arguments.label:
        number, words = arguments.label
        if not number.isdigit():
            raise MatchdeskError(f'--label: "{number}" is not an event number')
        timeline.label(int(number), Label.parse(words))
        changed = True
    if changed:
        save_timeline(arguments.folder, timeline)
    if arguments.export:
        _write(arguments.export, timeline)
        said.append(f"{len(timeline.events)} events written to {arguments.export}")
    for line in said:
        sys.stdout.write(line + "\n")
    if arguments.matrix:
        matrix = code_matrix(timeline.events)
        sys.stdout.write(("no events coded" if matrix.empty else matrix.to_string()) + "\n")
    if arguments.json:
        events = [
            {
                "id": e.id,
                "code": e.code,
                "start_s": float(e.start),
                "end_s": float(e.end),
                "labels": [{"group": label.group, "text": label.text} for label in e.labels],
            }
            for e in timeline.events
        ]
        sys.stdout.write(json.dumps(events, ensure_ascii=False) + "\n")
    return 0


def _read(path: Path) -> tuple[list[Any], list[Any]]:
    from athletes.coding.sportscode import read_sportscode
    from athletes.coding.table import read_csv

    if not path.is_file():
        raise MatchdeskError("file not found", path)
    suffix = path.suffix.lower()
    if suffix == ".xml":
        return read_sportscode(path)
    if suffix == ".csv":
        return read_csv(path), []
    raise MatchdeskError("give a Sportscode timeline (.xml) or a CSV (.csv)", path)


def _write(path: Path, timeline: Any) -> None:
    from athletes.coding.sportscode import write_sportscode
    from athletes.coding.table import write_csv

    suffix = path.suffix.lower()
    if suffix == ".xml":
        write_sportscode(path, timeline.events, timeline.buttons)
    elif suffix == ".csv":
        write_csv(path, timeline.events)
    else:
        raise MatchdeskError("export to a Sportscode timeline (.xml) or a CSV (.csv)", path)


def _seconds(text: str, option: str, signed: bool = False) -> Fraction:
    try:
        value = Fraction(Decimal(text))
    except (InvalidOperation, ValueError) as error:
        raise MatchdeskError(f'{option}: "{text}" is not a number of seconds') from error
    if value < 0 and not signed:
        raise MatchdeskError(f"{option}: negative")
    return value


def _colour(text: str) -> tuple[int, int, int]:
    parts = text.split(",")
    if len(parts) != 3 or not all(p.strip().isdigit() and int(p) <= 255 for p in parts):
        raise MatchdeskError(f'--colour: "{text}" is not R,G,B from 0 to 255')
    red, green, blue = (int(p) for p in parts)
    return red, green, blue
