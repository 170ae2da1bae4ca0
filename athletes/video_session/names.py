"""The coach's clicks that name tracks as athletes, kept in the session's folder (``names.json``), and
the tracks named by replaying them over an angle's tracks (:class:`tracking.track_names.TrackNames`).
Nothing goes to an athlete's record from here: the names are the session's until it is confirmed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from matchdesk.errors import MatchdeskError
from matchdesk.whole_files import write_text_whole
from tracking.shirt_numbers import NumberReading
from tracking.track_names import TrackNames
from tracking.tracks import Tracks

NAMES_FILE = "names.json"


@dataclass(frozen=True)
class Click:
    """The coach named the player at ``at`` on ``frame`` of ``angle`` as ``athlete``."""

    angle: str
    frame: int
    at: tuple[float, float]
    athlete: str


@dataclass(frozen=True)
class Shirts:
    """What tells the squad's players apart besides where they run: each track's number as read, and
    the number each athlete wears."""

    read: Mapping[int, NumberReading] = field(default_factory=dict)
    worn: Mapping[str, str] = field(default_factory=dict)


def load_clicks(folder: Path) -> list[Click]:
    path = folder / NAMES_FILE
    if not path.exists():
        return []
    try:
        return [
            Click(str(c["angle"]), int(c["frame"]), (float(c["at"][0]), float(c["at"][1])), str(c["athlete"]))
            for c in json.loads(path.read_text(encoding="utf-8"))
        ]
    except (ValueError, KeyError, TypeError, IndexError) as error:
        raise MatchdeskError(f"not a names file this version reads ({error})", path) from error


def save_clicks(folder: Path, clicks: list[Click]) -> None:
    clicked = [asdict(c) for c in clicks]
    write_text_whole(folder / NAMES_FILE, json.dumps(clicked, ensure_ascii=False, indent=1))


def named_tracks(
    tracks: Tracks, frame_rate: float, clicks: list[Click], angle: str, shirts: Shirts | None = None
) -> TrackNames:
    """``tracks`` of ``angle`` named by the clicks made on it, in the order they were made."""
    shirts = shirts or Shirts()
    names = TrackNames(tracks, frame_rate, numbers=shirts.read, shirt_numbers=shirts.worn)
    for click in clicks:
        if click.angle == angle:
            names.assign(click.frame, click.at, click.athlete)
    return names


def add_click(
    folder: Path, tracks: Tracks, frame_rate: float, click: Click, shirts: Shirts | None = None
) -> TrackNames:
    """The coach's new click replayed with the earlier ones and kept; a click that contradicts them
    (one athlete on two players at once, no player there) raises and keeps nothing."""
    clicks = [*load_clicks(folder), click]
    names = named_tracks(tracks, frame_rate, clicks, click.angle, shirts)
    save_clicks(folder, clicks)
    return names
