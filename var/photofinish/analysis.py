"""A race's photo finish from one video: the start, each lane's crossing, the placings, honestly.

A time is as good as the frames it lies between: the resolution is one frame interval, two
competitors closer than that are a dead heat, and below 100 frames per second (World Athletics'
minimum for fully automatic timing) every result says it is video timing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from matchdesk.errors import MatchdeskError
from var.photofinish.crossing import Crossing, approach_sign, find_crossings, leading_edges, still_track
from var.photofinish.gun import find_flash, find_gun
from var.photofinish.lanes import Lanes, find_lanes
from var.photofinish.line import FinishLine
from var.photofinish.strips import Strips, read_strips

logger = logging.getLogger(__name__)

FULLY_AUTOMATIC_FPS = 100  # World Athletics' minimum frame rate for fully automatic timing
# A still track whose picture along the line changes (more than this many grey levels, on more than
# this share of it) between the first and the last seventh of the video: the camera moved.
MOVED = 30.0
MOVED_SHARE = 0.03


@dataclass(frozen=True)
class Finisher:
    lane: int
    time_s: float  # from the start
    frame: int
    fraction: float
    place: int
    tie_with: tuple[int, ...]  # lanes too close to call apart
    set_by: str = "auto"  # or "judge"
    auto_time_s: float | None = None  # what the video found, where a judge set the time


@dataclass
class PhotoFinish:
    """What ``matchdesk photofinish`` found."""

    fps: float
    start_frame: int
    start_source: str  # "gun", "flash" or "frame"
    start_s: float  # video time of the start
    resolution_s: float
    finishers: list[Finisher]
    lanes: Lanes
    strips: Strips
    warnings: list[str] = field(default_factory=list)

    @property
    def fully_automatic(self) -> bool:
        return self.fps >= FULLY_AUTOMATIC_FPS

    def to_json(self) -> dict[str, object]:
        return {
            "fps": round(self.fps, 4),
            "start_frame": self.start_frame,
            "start_source": self.start_source,
            "start_s": round(self.start_s, 6),
            "resolution_s": round(self.resolution_s, 6),
            "fully_automatic": self.fully_automatic,
            "lanes": self.lanes.count,
            "lanes_from_lane_lines": self.lanes.from_lane_lines,
            "finishers": [
                {
                    "lane": f.lane,
                    "time_s": round(f.time_s, 4),
                    "time": time_text(f.time_s, self.fully_automatic),
                    "frame": f.frame,
                    "fraction": round(f.fraction, 3),
                    "place": f.place,
                    "tie_with": list(f.tie_with),
                    "set_by": f.set_by,
                    **({"auto_time_s": round(f.auto_time_s, 4)} if f.auto_time_s is not None else {}),
                }
                for f in self.finishers
            ],
            "warnings": self.warnings,
        }


def time_text(seconds: float, fully_automatic: bool) -> str:
    """A result as athletics prints it: hundredths rounded up for fully automatic timing, else tenths
    rounded up and marked as video timing."""
    if fully_automatic:
        return f"{np.ceil(round(seconds * 100, 6)) / 100:.2f}"
    return f"{np.ceil(round(seconds * 10, 6)) / 10:.1f} (video timing: not fully automatic timing)"


def analyse(
    video: Path,
    line: FinishLine,
    start_frame: int | None = None,
    start: str = "gun",
    gun_distance_m: float = 0.0,
    lanes: int | None = None,
    readout_s: float = 0.0,
) -> PhotoFinish:
    """Read ``video`` along ``line`` and time every lane from the start.

    Raises:
        MatchdeskError: bad input, named with its file.
    """
    strips = read_strips(video, line)
    seconds = strips.seconds
    warnings: list[str] = []
    if start_frame is not None:
        if not 0 <= start_frame < len(seconds):
            raise MatchdeskError(
                f"--start-frame {start_frame}: the video has frames 0 to {len(seconds) - 1}", video
            )
        start_s, source = float(seconds[start_frame]), "frame"
    elif start == "flash":
        start_frame, start_s = find_flash(strips.cells, seconds, video)
        source = "flash"
    else:
        gun = find_gun(video, gun_distance_m)
        start_s, source = gun.fired_s, "gun"
        start_frame = min(int(np.searchsorted(seconds, start_s, side="left")), len(seconds) - 1)
    background = still_track(strips.band)
    third = max(1, len(seconds) // 7)
    early, late = (
        np.median(strips.band[:third, ..., 0], axis=0),
        np.median(strips.band[-third:, ..., 0], axis=0),
    )
    changed = np.abs(early.astype(np.float64) - late) > MOVED
    if changed.mean() > MOVED_SHARE:
        warnings.append(
            "the background along the finish line changes: the camera moved, times are not reliable"
        )
    found_lanes = find_lanes(background[..., 0].astype(np.float64), lanes)
    if not found_lanes.from_lane_lines:
        warnings.append(
            f"no lane lines seen: the finish line is divided equally into {found_lanes.count} lanes"
        )
    rows = line.rows()
    row_offsets = readout_s * rows / strips.height
    edges = leading_edges(strips.band, background, approach_sign(strips.band, background))
    crossings = find_crossings(seconds, row_offsets, edges, found_lanes)
    resolution = strips.frame_interval
    fps = 1 / resolution if resolution else 0.0
    if strips.nominal_rate and abs(float(strips.nominal_rate) - fps) > 0.01 * fps:
        warnings.append(f"a variable frame rate: timed by each frame's own timestamp ({fps:.2f} fps typical)")
    return PhotoFinish(
        fps,
        start_frame,
        source,
        start_s,
        resolution,
        place(crossings, start_s, resolution),
        found_lanes,
        strips,
        warnings,
    )


def place(crossings: list[Crossing], start_s: float, resolution_s: float) -> list[Finisher]:
    """Each competitor's place: one more than those surely ahead (by at least ``resolution_s``).
    Those closer than that to a competitor are a dead heat with him, never ordered by noise."""
    placed = places({c.lane: c.time_s for c in crossings}, resolution_s)
    return [
        Finisher(c.lane, c.time_s - start_s, c.frame, c.fraction, *placed[c.lane])
        for c in sorted(crossings, key=lambda c: c.time_s)
    ]


def places(times: dict[int, float], resolution_s: float) -> dict[int, tuple[int, tuple[int, ...]]]:
    """Lane -> (place, the lanes level with it) for the crossing times given."""
    result = {}
    for lane, time in times.items():
        ahead = sum(1 for other in times.values() if other <= time - resolution_s)
        level = tuple(
            o
            for o, t in sorted(times.items(), key=lambda i: i[1])
            if o != lane and abs(t - time) < resolution_s
        )
        result[lane] = (ahead + 1, level)
    return result
