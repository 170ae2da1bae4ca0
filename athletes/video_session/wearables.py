"""The session's wearable recordings placed on its video: each sample at the frame showing its moment.

Each file is placed by its own timestamps against the angle's clock (:mod:`.clocks`). A recording
from another day, or one that does not overlap the video, is refused with a message that names it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import numpy as np
import numpy.typing as npt

from athletes.video_session.folder import Angle
from athletes.wearables.recording import Recording
from matchdesk.errors import MatchdeskError

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class PlacedRecording:
    """A recording and, per sample, the (fractional) video frame showing its moment."""

    athlete: str
    recording: Recording
    frames: FloatArray

    def during(self, first: float, last: float) -> npt.NDArray[np.bool_]:
        """Which samples fall between video frames ``first`` and ``last``."""
        return (self.frames >= first) & (self.frames <= last)


def read_wearable(path: Path) -> Recording:
    from athletes.wearables import read_recording

    if not path.is_file():
        raise MatchdeskError("file not found", path)
    return read_recording(path)


def place(athlete: str, recording: Recording, angle: Angle) -> PlacedRecording:
    """``recording`` placed on ``angle``'s frames.

    Raises:
        MatchdeskError: the recording is from another day than the video, or does not overlap it.
    """
    start_video, rate = angle.clock()
    starts = recording.start
    if abs((starts - start_video).total_seconds()) > timedelta(hours=18).total_seconds():
        raise MatchdeskError(
            f"{athlete}'s recording starts {starts.isoformat(timespec='seconds')}, the video "
            f"{start_video.isoformat(timespec='seconds')}: a recording from another day",
            recording.source,
        )
    # Angle.frame_at for every sample at once (the angle's clock is worked out once, not per sample).
    after_start = (starts - start_video).total_seconds() + np.asarray(recording.seconds, np.float64)
    frames = after_start / rate * float(angle.frame_rate)
    if len(frames) == 0 or frames.max() < 0 or frames.min() > angle.frames - 1:
        lasting = float(recording.seconds[-1]) if len(recording.seconds) else 0.0
        raise MatchdeskError(
            f"{athlete}'s recording ({starts.isoformat(timespec='seconds')}, {lasting:.0f} s) "
            "does not overlap the video "
            f"({start_video.isoformat(timespec='seconds')}, {angle.frames} frames): another session, or a "
            "clock to correct with a sync point",
            recording.source,
        )
    return PlacedRecording(athlete, recording, frames)


def check_straps_meet(wearables: Iterable[tuple[str, str]], angle: Angle) -> None:
    """Each of a session's recordings (athlete, file) read and placed on ``angle``, when its clock is
    known (an angle with no time of its own cannot judge them yet).

    Raises:
        MatchdeskError: a file cannot be read, is from another day, or does not overlap the video.
    """
    if angle.source == "unknown":
        return
    for athlete, path in wearables:
        place(athlete, read_wearable(Path(path)), angle)
