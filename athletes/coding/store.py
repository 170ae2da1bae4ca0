"""A session's code window and coded events, kept in the session's folder as ``codes.json``.

Times are kept exact (``"12.5"`` or ``"1001/30"`` seconds); the file is replaced whole, so that an
import or a press that fails leaves it as it was.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

from athletes.coding.events import CodeButton, CodedEvent, CodeTimeline, Label
from matchdesk.errors import MatchdeskError

CODES_FILE = "codes.json"
VERSION = 1


def load_timeline(folder: Path) -> CodeTimeline:
    """The session's buttons and events (none yet when the folder has no ``codes.json``)."""
    if not folder.is_dir():
        raise MatchdeskError("no such session folder", folder)
    path = folder / CODES_FILE
    if not path.exists():
        return CodeTimeline()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        buttons = [_button(b) for b in data.get("buttons", [])]
        events = [_event(e) for e in data.get("events", [])]
        opened = {str(code): Fraction(at) for code, at in data.get("open", {}).items()}
    except (ValueError, KeyError, TypeError, ZeroDivisionError) as error:
        raise MatchdeskError(f"not a codes file this version reads ({error})", path) from error
    return CodeTimeline(buttons, events, opened)


def save_timeline(folder: Path, timeline: CodeTimeline) -> None:
    data = {
        "version": VERSION,
        "buttons": [
            {
                "code": b.code,
                "hotkey": b.hotkey,
                "lead_s": str(b.lead),
                "lag_s": str(b.lag),
                "toggle": b.toggle,
                "colour": list(b.colour),
            }
            for b in timeline.buttons
        ],
        "events": [
            {
                "id": e.id,
                "code": e.code,
                "start_s": str(e.start),
                "end_s": str(e.end),
                "labels": [{"group": label.group, "text": label.text} for label in e.labels],
            }
            for e in sorted(timeline.events, key=lambda e: (e.start, e.id))
        ],
        "open": {code: str(at) for code, at in timeline.open_codes.items()},  # toggles pressed once
    }
    path = folder / CODES_FILE
    written = path.with_name(path.name + ".part")
    written.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    written.replace(path)


def _button(data: dict[str, Any]) -> CodeButton:
    colour = tuple(int(v) for v in data.get("colour", (128, 128, 128)))
    return CodeButton(
        str(data["code"]),
        str(data.get("hotkey", "")),
        Fraction(data.get("lead_s", "0")),
        Fraction(data.get("lag_s", "0")),
        bool(data.get("toggle", False)),
        colour,  # type: ignore[arg-type]
    )


def _event(data: dict[str, Any]) -> CodedEvent:
    labels = tuple(Label(label.get("group"), str(label["text"])) for label in data.get("labels", []))
    return CodedEvent(
        int(data["id"]), str(data["code"]), Fraction(data["start_s"]), Fraction(data["end_s"]), labels
    )
