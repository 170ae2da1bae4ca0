"""When a video's frames were filmed, in UTC: from the file, from the capture clock, or from sync points.

A camera file often says when it was made (the container's ``creation_time``, to the second or
better). A live recording's angle knows it exactly: the capture clock's start in UTC
(``recording.json``) plus its first frame's arrival on that clock (``clock.bin``). Either can be
wrong (a camera's clock never set, a phone in another zone), and a sync point corrects it: the coach
marks a frame and the moment it shows in the wearable data (a clap in the accelerometer, a whistle, a
heart-rate rise at the drill's start). One sync point places the video; a second one also corrects
the drift between the two clocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path

from matchdesk.errors import MatchdeskError

FROM_FILE = "file"  # the container's creation time
FROM_CAPTURE = "capture"  # the capture clock of a live recording
FROM_SYNC = "sync"  # sync points marked by the coach
UNKNOWN = "unknown"
DISAGREE_SECONDS = 60.0  # a sync point further than this from the file's own time is asked about


@dataclass(frozen=True)
class SyncPoint:
    """The frame ``frame`` shows the moment ``utc`` of the wearable data (``athlete``'s, when said)."""

    frame: int
    utc: datetime
    athlete: str | None = None


def container_start(path: Path) -> datetime | None:
    """The creation time a video file's container gives, in UTC, or None."""
    import av

    try:
        with av.open(str(path)) as container:
            stamps = [container.metadata.get("creation_time")]
            stamps += [stream.metadata.get("creation_time") for stream in container.streams.video]
    except (av.FFmpegError, OSError) as error:
        raise MatchdeskError(f"not a video this tool reads ({error})", path) from error
    for stamp in stamps:
        if stamp:
            try:
                return _utc(datetime.fromisoformat(stamp.replace("Z", "+00:00")))
            except ValueError:
                continue
    return None


def capture_start(angle_folder: Path) -> datetime | None:
    """For an angle of a live recording (``OUT_DIR/NAME``): when its first frame reached the capture."""
    from var.capture.recording import open_recording

    recording = open_recording(angle_folder.parent)
    clock = recording.angle(angle_folder.name).clock()
    if clock.shape[0] == 0:
        return None
    started = _utc(datetime.fromisoformat(recording.started_wall))
    return started + timedelta(microseconds=int(clock[0, 1]) // 1000)


def is_capture_angle(path: Path) -> bool:
    return path.is_dir() and (path.parent / "recording.json").is_file()


def start_from_sync(points: list[SyncPoint], frame_rate: Fraction) -> tuple[datetime, float]:
    """The UTC of frame 0 and the wearable seconds per video second, from one or two sync points (one:
    the clocks run alike; two: the drift between them, from the first and the last)."""
    if not points:
        raise ValueError("no sync point")
    first, last = min(points, key=lambda p: p.frame), max(points, key=lambda p: p.frame)
    rate = 1.0
    if last.frame != first.frame:
        video_s = float((last.frame - first.frame) / frame_rate)
        rate = (last.utc - first.utc).total_seconds() / video_s
        if not 0.99 <= rate <= 1.01:
            raise MatchdeskError(
                f"the sync points at frames {first.frame} and {last.frame} are {video_s:.1f} s apart in the "
                f"video and {(last.utc - first.utc).total_seconds():.1f} s apart in the wearable data: "
                "one of them is wrong"
            )
    start = first.utc - timedelta(seconds=float(first.frame / frame_rate) * rate)
    return start, rate


def utc_of(start: datetime, rate: float, frame: int | Fraction, frame_rate: Fraction) -> datetime:
    return start + timedelta(seconds=float(Fraction(frame) / frame_rate) * rate)


def frame_of(start: datetime, rate: float, utc: datetime, frame_rate: Fraction) -> float:
    """The (fractional) frame showing ``utc``."""
    return (utc - start).total_seconds() / rate * float(frame_rate)


def parse_utc(text: str, what: str) -> datetime:
    """An ISO 8601 time with its offset (``2026-12-05T08:30:00+07:00`` or ``...Z``), in UTC."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as error:
        raise MatchdeskError(f'{what}: "{text}" is not an ISO 8601 time') from error
    if moment.tzinfo is None:
        raise MatchdeskError(f'{what}: "{text}" has no UTC offset (say +07:00 or Z)')
    return _utc(moment)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def describe(moment: datetime | None) -> str:
    return "unknown" if moment is None else moment.isoformat(timespec="milliseconds")
