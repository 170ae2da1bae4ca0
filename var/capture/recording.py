"""A recording on disk: one folder per match, one folder per angle, readable while it grows.

``OUT_DIR/recording.json`` names the match, when the capture clock started and the angles;
``OUT_DIR/status.json`` is rewritten every second while recording (its age tells whether the
recording is live). Each angle ``OUT_DIR/NAME/`` holds ``video.ts`` (the camera's own stream,
MPEG-TS: every byte written is readable, no index to finish), ``clock.bin`` (per video frame: its
timestamp in the file, its arrival on the capture clock, and which connection brought it) and
``events.jsonl`` (connections,
drop-outs, resolution changes); ``camera_clock.bin`` when the camera says when it filmed (RTSP), and
``proxy.mjpeg`` with ``proxy.idx``, the proxy built behind the recording
(:mod:`var.media.growing_proxy`).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from matchdesk.errors import MatchdeskError
from var.capture.camera_clock import CAMERA_CLOCK, camera_origin_seconds
from var.media.frame_rate import slot_gaps
from var.media.index import RECORDED_VIDEO, FrameIndex, build_frame_index
from var.media.info import VideoInfo

MANIFEST = "recording.json"
STATUS = "status.json"
CLOCK = "clock.bin"
EVENTS = "events.jsonl"
TS_TIME_BASE = Fraction(1, 90_000)  # MPEG-TS timestamps
CLOCK_FIELDS = 3
CLOCK_RECORD_BYTES = 8 * CLOCK_FIELDS
LIVE_WITHIN_SECONDS = 3.0  # a status older than this: nobody is recording any more

ClockArray = npt.NDArray[np.int64]


def is_recording(folder: Path) -> bool:
    return (folder / MANIFEST).is_file()


@dataclass(frozen=True)
class RecordingAngle:
    """One angle of a recording."""

    folder: Path
    name: str
    address: str
    delivery_delay_seconds: float = 0.0  # what the link adds to every arrival (SRT's latency)

    @property
    def video(self) -> Path:
        return self.folder / RECORDED_VIDEO

    def clock(self) -> ClockArray:
        """``(n, 3)`` int64 per recorded video frame: pts (1/90000 s), arrival (capture-clock ns),
        and the number of the connection that brought it (1 for the first, +1 per reconnect)."""
        return _clock_records(self.folder / CLOCK)

    def camera_clock(self) -> ClockArray:
        """``(n, 3)`` int64 per frame whose camera said when it filmed it: pts, that moment on the
        capture clock (ns), connection; in the order the connection's frames came (see
        :mod:`var.capture.camera_clock`)."""
        return _clock_records(self.folder / CAMERA_CLOCK)

    def events(self) -> list[dict[str, Any]]:
        path = self.folder / EVENTS
        if not path.exists():
            return []
        events = []
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                events.append(json.loads(line))
            except json.JSONDecodeError:
                break  # the last line of a killed capture may be half-written
        return events


@dataclass(frozen=True)
class Recording:
    """A match's recording folder, as the manifest describes it."""

    folder: Path
    match: str
    started_wall: str
    angles: tuple[RecordingAngle, ...]

    def angle(self, name: str) -> RecordingAngle:
        for angle in self.angles:
            if angle.name == name:
                return angle
        raise MatchdeskError(f"no angle {name!r} in this recording", self.folder)

    def status(self) -> dict[str, Any]:
        try:
            status: dict[str, Any] = json.loads((self.folder / STATUS).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return {}
        return status

    @property
    def is_live(self) -> bool:
        """Whether a capture is writing to it now (its status was refreshed moments ago)."""
        try:
            age = time.time() - (self.folder / STATUS).stat().st_mtime
        except OSError:
            return False
        return age < LIVE_WITHIN_SECONDS and not self.status().get("stopped", False)


def open_recording(folder: Path) -> Recording:
    """Read ``folder``'s manifest.

    Raises:
        MatchdeskError: not a recording, or its manifest is damaged.
    """
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return Recording(
            folder=folder,
            match=str(manifest.get("match", "")),
            started_wall=str(manifest["started_wall"]),
            angles=tuple(
                RecordingAngle(
                    folder / angle["name"],
                    angle["name"],
                    angle["address"],
                    float(angle.get("delivery_delay_seconds", 0.0)),
                )
                for angle in manifest["angles"]
            ),
        )
    except FileNotFoundError as error:
        raise MatchdeskError("is not a recording (no recording.json)", folder) from error
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise MatchdeskError(f"the recording's manifest is damaged ({error})", folder) from error


def _clock_records(path: Path) -> ClockArray:
    if not path.exists():
        return np.zeros((0, CLOCK_FIELDS), dtype=np.int64)
    data = path.read_bytes()
    whole = len(data) // CLOCK_RECORD_BYTES * CLOCK_RECORD_BYTES  # a record cut by a crash is none
    return np.frombuffer(data[:whole], dtype="<i8").reshape(-1, CLOCK_FIELDS).astype(np.int64)


def recording_of(angle_folders: list[Path]) -> Recording | None:
    """The recording these angle folders belong to, when they are all angles of one recording."""
    parents = {folder.parent for folder in angle_folders}
    if len(parents) != 1 or not all((folder / RECORDED_VIDEO).is_file() for folder in angle_folders):
        return None
    parent = parents.pop()
    return open_recording(parent) if is_recording(parent) else None


def capture_seconds_of_frames(
    angle: RecordingAngle, indexed: tuple[FrameIndex, VideoInfo] | None = None
) -> npt.NDArray[np.float64]:
    """When each displayed frame of ``angle`` was filmed, in seconds on the capture clock.

    Within one connection a camera films on its frame grid: a frame's place is its timestamp rounded
    to that grid (a relay that re-stamps frames on arrival, as RTSP servers may, moves stamps by a
    few milliseconds, never by half a frame). Where the grid sits on the capture clock comes from
    arrivals: the least-delayed frame of the connection (network jitter only ever adds delay); where
    the camera says when it filmed (RTCP sender reports) and its clock is believable, the grid sits
    where the camera says instead. A frame with no arrival recorded (the last instants before a
    crash) is placed by its connection too.

    ``indexed``: the angle's index and facts, when the caller has just built them.
    """
    index, info = indexed or build_frame_index(angle.video)
    pts = index.pts.astype(np.int64)
    clock = angle.clock()
    if clock.shape[0] == 0:
        raise MatchdeskError("no frame arrivals recorded for this angle", angle.folder)
    tick = float(TS_TIME_BASE)
    period = 0.0 if info.variable_frame_rate else 1 / float(info.frame_rate)

    def on_grid(seconds: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return np.rint(seconds / period) * period if period else seconds

    # ffmpeg hands a frame over when the next one begins (a frame's end is only known then): one
    # frame period after it was sent, on every kind of link.
    arrival_seconds = clock[:, 1] / 1e9 - angle.delivery_delay_seconds - period
    camera = angle.camera_clock()
    connections = sorted(set(clock[:, 2].tolist()))
    starts = np.array([clock[clock[:, 2] == c, 0].min() for c in connections])
    first_frame_seconds = np.zeros(len(connections))
    for at, (connection, start) in enumerate(zip(connections, starts, strict=True)):
        arrived = clock[:, 2] == connection
        arrival_origins = arrival_seconds[arrived] - on_grid((clock[arrived, 0] - start) * tick)
        claims = camera[camera[:, 2] == connection][: arrival_origins.size]  # in the frames' order
        from_camera = camera_origin_seconds(
            on_grid((claims[:, 0] - start) * tick),
            claims[:, 1] / 1e9,
            arrival_origins[: len(claims)],
            angle.name,
        )
        first_frame_seconds[at] = from_camera if from_camera is not None else arrival_origins.min()
    # Each frame belongs to the connection whose first timestamp is the latest not after it.
    belongs = np.clip(np.searchsorted(starts, pts, side="right") - 1, 0, len(starts) - 1)
    return np.asarray(
        first_frame_seconds[belongs] + on_grid((pts - starts[belongs]) * tick), dtype=np.float64
    )


def clock_gaps(angle: RecordingAngle, indexed: tuple[FrameIndex, VideoInfo]) -> tuple[tuple[int, int], ...]:
    """Where ``angle``'s camera was not recorded, placed by the capture clock (which, unlike the
    file's timestamps across a reconnection, knows when each frame was filmed): ``(first missing
    slot, slots missing)`` on the angle's frame grid, as :class:`var.playback.AngleTrack` takes them."""
    frame_rate = indexed[1].frame_rate
    seconds = capture_seconds_of_frames(angle, indexed)
    breaks = np.flatnonzero(np.diff(seconds) > 1.5 / float(frame_rate)).tolist()
    holes = [(at + 1, round((seconds[at + 1] - seconds[at]) * float(frame_rate)) - 1) for at in breaks]
    return slot_gaps(hole for hole in holes if hole[1] > 0)
