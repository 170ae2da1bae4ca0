"""``matchdesk session code``: a training session's coded events, from a script as from the code window."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from matchdesk.commands.session_util import seconds_option as _seconds
from matchdesk.errors import MatchdeskError


def register_code(actions: Any) -> None:
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


def run_code(arguments: argparse.Namespace) -> int:
    from athletes.coding.events import CodeButton, Label
    from athletes.coding.files import read_events, write_events
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
        imported, buttons = read_events(arguments.imported)
        added = timeline.merged(imported, buttons)
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
        write_events(arguments.export, timeline)
        said.append(f"{len(timeline.events)} events written to {arguments.export}")
    for line in said:
        sys.stdout.write(line + "\n")
    if arguments.matrix:
        matrix = code_matrix(timeline.events)
        sys.stdout.write(("no events coded" if matrix.empty else matrix.to_string()) + "\n")
    if arguments.json:
        listed = [
            {
                "id": e.id,
                "code": e.code,
                "start_s": float(e.start),
                "end_s": float(e.end),
                "labels": [{"group": label.group, "text": label.text} for label in e.labels],
            }
            for e in timeline.events
        ]
        sys.stdout.write(json.dumps(listed, ensure_ascii=False) + "\n")
    return 0


def _colour(text: str) -> tuple[int, int, int]:
    parts = text.split(",")
    if len(parts) != 3 or not all(p.strip().isdigit() and int(p) <= 255 for p in parts):
        raise MatchdeskError(f'--colour: "{text}" is not R,G,B from 0 to 255')
    red, green, blue = (int(p) for p in parts)
    return red, green, blue
