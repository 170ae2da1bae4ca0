"""A training session's folder: ``session.json`` holds its team, day, squad and video angles, each with
where its clock came from and its sync points. The coded events live beside it (``codes.json``).
The file is replaced whole, so that a step that fails leaves it as it was.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

from athletes.video_session.clocks import (
    DISAGREE_SECONDS,
    FROM_CAPTURE,
    FROM_FILE,
    FROM_SYNC,
    UNKNOWN,
    SyncPoint,
    capture_start,
    container_start,
    describe,
    frame_of,
    is_capture_angle,
    start_from_sync,
    utc_of,
)
from matchdesk.errors import MatchdeskError, Refused
from matchdesk.whole_files import write_text_whole

SESSION_FILE = "session.json"
VERSION = 1


@dataclass(frozen=True)
class Angle:
    """One camera of the session."""

    name: str
    path: str  # a video file, or a live recording's angle folder
    frame_rate: Fraction
    frames: int
    recorded_start: datetime | None  # frame 0 in UTC as the file or the capture clock says
    recorded_source: str  # FROM_FILE, FROM_CAPTURE or UNKNOWN
    sync_points: tuple[SyncPoint, ...] = ()
    nudge: Fraction = Fraction(0)  # seconds the coach moved frame 0 later against the wearables
    calibration: str | None = None  # pitch points (.json) or homographies per frame (.parquet)
    picture_size: tuple[int, int] | None = None  # (width, height); None in sessions made before it was kept

    @property
    def video_path(self) -> Path:
        """The file the frames are read from (a live angle's ``video.ts``)."""
        path = Path(self.path)
        return path / "video.ts" if path.is_dir() else path

    @property
    def source(self) -> str:
        return FROM_SYNC if self.sync_points else self.recorded_source

    def clock(self) -> tuple[datetime, float]:
        """Frame 0 in UTC, and the wearable seconds per video second."""
        if self.sync_points:
            start, rate = start_from_sync(list(self.sync_points), self.frame_rate)
        elif self.recorded_start is not None:
            start, rate = self.recorded_start, 1.0
        else:
            raise MatchdeskError(
                f"angle {self.name}: no start time in the file; mark a sync point "
                "(matchdesk session sync DIR --frame N --wearable-time ISO8601)"
            )
        return start + timedelta(seconds=float(self.nudge)), rate

    def nudged(self, seconds: Fraction) -> Angle:
        """This angle with its video moved ``seconds`` later against the wearables (earlier if < 0)."""
        return dataclasses.replace(self, nudge=self.nudge + seconds)

    def utc_at(self, frame: int | Fraction) -> datetime:
        start, rate = self.clock()
        return utc_of(start, rate, frame, self.frame_rate)

    def frame_at(self, moment: datetime) -> float:
        start, rate = self.clock()
        return frame_of(start, rate, moment, self.frame_rate)


@dataclass(frozen=True)
class VideoSession:
    """What ``session.json`` holds."""

    team: str
    day: date
    athletes: tuple[str, ...]
    angles: tuple[Angle, ...] = field(default=())
    wearables: tuple[tuple[str, str], ...] = ()  # (athlete, recording file) of the session's day
    shirts: tuple[tuple[str, str], ...] = ()  # (athlete, the shirt number he wears in the session)

    @property
    def shirt_numbers(self) -> dict[str, str]:
        return dict(self.shirts)

    def angle(self, name: str | None) -> Angle:
        if name is None:
            if len(self.angles) != 1:
                raise MatchdeskError(
                    f"name the angle with --angle, one of: {', '.join(a.name for a in self.angles)}"
                )
            return self.angles[0]
        for angle in self.angles:
            if angle.name == name:
                return angle
        raise MatchdeskError(f"no angle {name} in this session ({', '.join(a.name for a in self.angles)})")

    def with_angle(self, angle: Angle) -> VideoSession:
        return dataclasses.replace(
            self, angles=tuple(angle if a.name == angle.name else a for a in self.angles)
        )


def new_angle(path: Path) -> Angle:
    """An angle from a video file or a live recording's angle folder, its clock as it says."""
    from var.media import open_video

    if is_capture_angle(path):
        video_path, started, source = path / "video.ts", capture_start(path), FROM_CAPTURE
    elif path.is_file():
        video_path, started = path, container_start(path)
        source = FROM_FILE if started is not None else UNKNOWN
    else:
        raise MatchdeskError("not a video file or a recording's angle folder", path)
    with open_video(video_path, read_ahead=0) as video:
        info = video.info
    return Angle(
        path.stem if path.is_file() else path.name,
        str(path.resolve()),
        info.frame_rate,
        info.frame_count,
        started,
        source,
        picture_size=(info.width, info.height),
    )


def add_sync_point(angle: Angle, point: SyncPoint, accept_far: bool = False) -> Angle:
    """``angle`` with one more sync point. A point that puts the video minutes from what its file or
    capture clock says is asked about (Refused) unless ``accept_far``; two points whose clocks would
    run at different speeds by more than 1 % are refused."""
    if not 0 <= point.frame < angle.frames:
        raise MatchdeskError(f"frame {point.frame} is past the video (frames 0 to {angle.frames - 1})")
    synced = dataclasses.replace(angle, sync_points=(*angle.sync_points, point))
    apart = far_from_own_clock(angle, point)
    if apart is not None and not accept_far:
        raise Refused(
            f"the sync point puts frame 0 at {describe(synced.clock()[0])}, {apart / 60:+.1f} minutes from "
            f"what the {angle.recorded_source} says ({describe(angle.recorded_start)}): if that is right, "
            "say so with --yes"
        )
    return synced


def far_from_own_clock(angle: Angle, point: SyncPoint) -> float | None:
    """How far (seconds) ``point`` would put the video's frame 0 from what its file or capture clock
    says, when that is far enough to ask about (over ``DISAGREE_SECONDS``); None when it is nearer or
    the angle has no such time of its own."""
    if angle.recorded_start is None:
        return None
    synced = dataclasses.replace(angle, sync_points=(*angle.sync_points, point))
    apart = (synced.clock()[0] - angle.recorded_start).total_seconds()
    return apart if abs(apart) > DISAGREE_SECONDS else None


def load_session(folder: Path) -> VideoSession:
    path = folder / SESSION_FILE
    if not path.is_file():
        raise MatchdeskError(
            "not a session folder (no session.json): make one with matchdesk session new", folder
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        angles = tuple(_angle(a) for a in data["angles"])
        wearables = tuple((str(w["athlete"]), str(w["path"])) for w in data.get("wearables", []))
        shirts = tuple((str(s["athlete"]), str(s["number"])) for s in data.get("shirts", []))
        day = date.fromisoformat(data["date"])
        return VideoSession(str(data["team"]), day, tuple(data["athletes"]), angles, wearables, shirts)
    except (ValueError, KeyError, TypeError) as error:
        raise MatchdeskError(f"not a session file this version reads ({error})", path) from error


def save_session(folder: Path, session: VideoSession) -> None:
    data = {
        "version": VERSION,
        "team": session.team,
        "date": session.day.isoformat(),
        "athletes": list(session.athletes),
        "angles": [
            {
                "name": a.name,
                "path": a.path,
                "frame_rate": str(a.frame_rate),
                "frames": a.frames,
                "recorded_start": None if a.recorded_start is None else a.recorded_start.isoformat(),
                "recorded_source": a.recorded_source,
                "nudge_s": str(a.nudge),
                "calibration": a.calibration,
                "picture_size": None if a.picture_size is None else list(a.picture_size),
                "sync_points": [
                    {"frame": p.frame, "utc": p.utc.isoformat(), "athlete": p.athlete} for p in a.sync_points
                ],
            }
            for a in session.angles
        ],
        "wearables": [{"athlete": athlete, "path": path} for athlete, path in session.wearables],
        "shirts": [{"athlete": athlete, "number": number} for athlete, number in session.shirts],
    }
    folder.mkdir(parents=True, exist_ok=True)
    write_text_whole(folder / SESSION_FILE, json.dumps(data, ensure_ascii=False, indent=1))


def _angle(data: dict[str, Any]) -> Angle:
    recorded = data.get("recorded_start")
    return Angle(
        str(data["name"]),
        str(data["path"]),
        Fraction(data["frame_rate"]),
        int(data["frames"]),
        None if recorded is None else datetime.fromisoformat(recorded),
        str(data.get("recorded_source", UNKNOWN)),
        tuple(
            SyncPoint(int(p["frame"]), datetime.fromisoformat(p["utc"]), p.get("athlete"))
            for p in data.get("sync_points", [])
        ),
        Fraction(data.get("nudge_s", "0")),
        data.get("calibration"),
        _picture_size(data.get("picture_size")),
    )


def _picture_size(value: Any) -> tuple[int, int] | None:
    if value is None:
        return None
    width, height = (int(v) for v in value)  # ValueError when it is not two numbers
    return width, height
