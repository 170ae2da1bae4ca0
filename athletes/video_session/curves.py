"""What the session's timeline draws under the video, per video frame: each athlete's heart rate from
his strap (with his zones), his speed from the video, and where he stands in the picture (for his
name, heart rate and speed to follow him)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from athletes.video_session.opened import OpenedSession
from tracking.external_load import speeds_per_frame

FloatArray = npt.NDArray[np.float64]
ZONE_SHARES = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)  # of HRmax: the five zones' bounds
DEFAULT_HR_MAX = 200.0  # when the athlete's record does not say


@dataclass(frozen=True)
class AthleteCurves:
    athlete: str
    hr: FloatArray  # bpm at each video frame, NaN where the strap has none
    speed_kmh: FloatArray  # at each video frame, NaN where he is not tracked
    boxes: FloatArray  # (frames, 4) x1, y1, x2, y2 in the picture, NaN where not tracked
    zone_bounds: tuple[float, ...]  # bpm, the zones' lower bounds and the top
    guessed: npt.NDArray[np.bool_]  # at each video frame: his box is the tracker's guess (he is hidden)

    def at(self, frame: int) -> tuple[float, float, FloatArray]:
        """Heart rate, speed and box at ``frame`` (NaN when unknown)."""
        frame = self._within(frame)
        return float(self.hr[frame]), float(self.speed_kmh[frame]), self.boxes[frame]

    def guessed_at(self, frame: int) -> bool:
        """Whether his box at ``frame`` is where the tracker guesses he is, hidden behind another."""
        return bool(self.guessed[self._within(frame)])

    def _within(self, frame: int) -> int:
        """``frame``, or the nearest of the video's frames (the curves have one value for each)."""
        return min(max(frame, 0), len(self.hr) - 1)


def session_curves(opened: OpenedSession, hr_max: dict[str, float] | None = None) -> list[AthleteCurves]:
    angle = opened.angle
    count = angle.frames
    curves = []
    for athlete in opened.athletes:
        own = opened.names.rows_of(athlete)
        boxes = np.full((count, 4), np.nan)
        guessed = np.zeros(count, bool)
        inside = (own.frame >= 0) & (own.frame < count)
        boxes[own.frame[inside]] = own.xyxy[inside]
        guessed[own.frame[inside]] = own.hidden[inside]
        speed = np.full(count, np.nan)
        if opened.pitch is not None and len(own):
            seen = own.seen()
            positions = opened.pitch.places(seen, angle.picture_size, float(angle.frame_rate))
            speed = speeds_per_frame(seen.frame, positions, angle.frame_rate, count)
        hr = np.full(count, np.nan)
        strap = opened.straps.get(athlete)
        if strap is not None and strap.recording.has_hr:
            valid = ~np.isnan(strap.recording.hr)
            order = np.argsort(strap.frames[valid])
            xs, ys = strap.frames[valid][order], strap.recording.hr[valid][order]
            if len(xs):
                frames = np.arange(count, dtype=np.float64)
                covered = (frames >= xs[0]) & (frames <= xs[-1])
                hr[covered] = np.interp(frames[covered], xs, ys)
        top = (hr_max or {}).get(athlete) or DEFAULT_HR_MAX
        zones = tuple(share * top for share in ZONE_SHARES)
        curves.append(AthleteCurves(athlete, hr, speed, boxes, zones, guessed))
    return curves
