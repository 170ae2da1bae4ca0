"""The photo-finish picture: each frame's strip along the line, side by side, with a time scale.

Time runs from left to right; the line runs from lane 1 (bottom) up. Each frame is a column as wide
as ``px_per_frame`` (frames are not invented between them), under a scale in hundredths of a second
from the start; lanes are numbered at the left, and each automatic time is marked in its lane.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

from matchdesk.errors import MatchdeskError
from var.photofinish.analysis import PhotoFinish

SCALE_PX = 40  # the time scale's height above the picture
MARGIN_PX = 36  # lane numbers at the left
LEAST_WIDTH_PX = 900
AROUND_S = 0.25  # shown before the first crossing and after the last


@dataclass(frozen=True)
class CompositeLayout:
    """Where frames and lanes are in the picture, so that a click can be read back as a time."""

    first_frame: int
    last_frame: int
    px_per_frame: int
    left: int = MARGIN_PX
    top: int = SCALE_PX

    def frame_at(self, x: float) -> float:
        """The (fractional) frame at picture column ``x``: the middle of a frame's column is the frame."""
        return self.first_frame + (x - self.left) / self.px_per_frame - 0.5

    def to_json(self) -> dict[str, int]:
        return {
            "first_frame": self.first_frame,
            "last_frame": self.last_frame,
            "px_per_frame": self.px_per_frame,
            "left": self.left,
            "top": self.top,
        }


def compose(finish: PhotoFinish) -> tuple[npt.NDArray[np.uint8], CompositeLayout]:
    """The picture (RGB) and its layout: the frames around the crossings, or all of them."""
    seconds = finish.strips.seconds
    times = [f.time_s + finish.start_s for f in finish.finishers]
    first, last = 0, len(seconds) - 1
    if times:
        first = max(int(np.searchsorted(seconds, min(times) - AROUND_S)) - 1, 0)
        last = min(int(np.searchsorted(seconds, max(times) + AROUND_S)), len(seconds) - 1)
    frames = last - first + 1
    px = max(1, math.ceil(LEAST_WIDTH_PX / frames))
    strips = finish.strips.line_rgb[first : last + 1]  # (frames, samples, 3)
    picture = np.repeat(strips.transpose(1, 0, 2)[::-1], px, axis=1)  # lane 1's end at the bottom
    height, width = picture.shape[:2]
    canvas = np.full((height + SCALE_PX, width + MARGIN_PX, 3), 255, dtype=np.uint8)
    canvas[SCALE_PX:, MARGIN_PX:] = picture
    layout = CompositeLayout(first, last, px)
    _time_scale(canvas, finish, layout, seconds)
    _lanes(canvas, finish, height)
    return canvas, layout


def write_composite(finish: PhotoFinish, target: Path) -> CompositeLayout:
    picture, layout = compose(finish)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not cv2.imwrite(str(target), cv2.cvtColor(picture, cv2.COLOR_RGB2BGR)):
        raise MatchdeskError("cannot write the composite image here", target)
    return layout


def _time_scale(
    canvas: npt.NDArray[np.uint8],
    finish: PhotoFinish,
    layout: CompositeLayout,
    seconds: npt.NDArray[np.float64],
) -> None:
    def x_of(video_s: float) -> float:
        frame = float(np.interp(video_s, seconds, np.arange(len(seconds))))
        return layout.left + (frame - layout.first_frame + 0.5) * layout.px_per_frame

    start, end = seconds[layout.first_frame] - finish.start_s, seconds[layout.last_frame] - finish.start_s
    for hundredth in range(math.ceil(start * 100), math.floor(end * 100) + 1):
        x = int(round(x_of(finish.start_s + hundredth / 100)))
        tall = 14 if hundredth % 10 == 0 else 6
        cv2.line(canvas, (x, SCALE_PX - 1), (x, SCALE_PX - 1 - tall), (0, 0, 0), 1)
        if hundredth % 10 == 0:
            cv2.putText(
                canvas, f"{hundredth / 100:.1f}", (x - 14, 14), cv2.FONT_HERSHEY_SIMPLEX, 0.4, (0, 0, 0), 1
            )
    for finisher in finish.finishers:
        x = int(round(x_of(finish.start_s + finisher.time_s)))
        cv2.line(canvas, (x, SCALE_PX - 1), (x, SCALE_PX - 9), (200, 0, 0), 2)


def _lanes(canvas: npt.NDArray[np.uint8], finish: PhotoFinish, height: int) -> None:
    samples = finish.strips.line_rgb.shape[1]

    def y_of(sample: float) -> int:
        return SCALE_PX + int(round((samples - 1 - sample) * height / samples))

    bounds = finish.lanes.bounds
    for lane in range(1, finish.lanes.count + 1):
        cv2.line(
            canvas, (0, y_of(bounds[lane - 1])), (MARGIN_PX - 4, y_of(bounds[lane - 1])), (120, 120, 120), 1
        )
        middle = y_of((bounds[lane - 1] + bounds[lane]) / 2)
        cv2.putText(canvas, str(lane), (8, middle + 5), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (0, 0, 0), 1)


@dataclass(frozen=True)
class ClickMap:
    """Reads a click on the composite back as a lane and a time from the start."""

    layout: CompositeLayout
    seconds: tuple[float, ...]  # each frame's video time
    start_s: float
    samples: int  # points along the line
    picture_height: int  # the strips' rows in the composite
    lane_bounds: tuple[float, ...]

    @classmethod
    def of(cls, finish: PhotoFinish, layout: CompositeLayout) -> ClickMap:
        samples = finish.strips.line_rgb.shape[1]
        return cls(
            layout, tuple(finish.strips.seconds), finish.start_s, samples, samples, finish.lanes.bounds
        )

    def time_at(self, x: float) -> float:
        """Seconds from the start at picture column ``x`` (between frames, as their times lie)."""
        frame = self.layout.frame_at(x)
        video_s = float(np.interp(frame, np.arange(len(self.seconds)), self.seconds))
        return video_s - self.start_s

    def lane_at(self, y: float) -> int | None:
        """The lane at picture row ``y`` (None above or below the lanes)."""
        sample = self.samples - 1 - (y - self.layout.top) * self.samples / self.picture_height
        for lane in range(1, len(self.lane_bounds)):
            if self.lane_bounds[lane - 1] <= sample < self.lane_bounds[lane]:
                return lane
        return None
