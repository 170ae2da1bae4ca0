"""External load from video: what an athlete ran, from his pitch positions frame by frame.

The figures a coach reads beside heart rate (as GPS vests give them): time tracked, distance, metres
per minute, high-speed running (above 19.8 km/h), sprint distance (above 25.2 km/h) and sprints
(spells of a second or more above it), accelerations and decelerations (spells of half a second or
more beyond 3 m/s²), and top speed. The thresholds are the department's settings; these are the
defaults. The path's jitter is filtered out before speeds are taken (tracking.path_smoothing: a
tracked foot point jitters, which would add distance). Where the athlete was not tracked
(out of the picture, hidden), nothing is counted: the figures carry the time tracked beside them.

Optical tracking agrees with GPS on distance within a few per cent, but high-speed distance can differ
by more than 40 % (Linke et al. 2018): reports say so beside the figures.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from tracking.path_smoothing import smoothed_path

HSR_KMH = 19.8
SPRINT_KMH = 25.2
MIN_EFFORT_SECONDS = 1.0  # a sprint is a spell of at least a second above the threshold
SMOOTHING_SECONDS = 0.5  # the acceleration is averaged over this (the path: tracking.path_smoothing)
MAX_HUMAN_KMH = 40.0  # faster than any footballer: a tracking glitch, not running

LINKE_2018 = (
    "video tracking agrees with GPS on distance within a few per cent; high-speed and sprint distance "
    "can differ by more than 40 % (Linke et al. 2018)"
)


@dataclass(frozen=True)
class LoadThresholds:
    """The department's thresholds (defaults: the usual football ones)."""

    hsr_kmh: float = HSR_KMH
    sprint_kmh: float = SPRINT_KMH
    acceleration_ms2: float = 3.0
    sprint_seconds: float = MIN_EFFORT_SECONDS  # a sprint is a spell at least this long above sprint_kmh
    acceleration_seconds: float = 0.5  # an acceleration is a spell at least this long beyond it


@dataclass(frozen=True)
class ExternalLoad:
    """One athlete's external load over a stretch of a session."""

    tracked_s: float
    distance_m: float
    metres_per_minute: float
    hsr_m: float
    sprint_m: float
    sprints: int
    accelerations: int
    decelerations: int
    top_speed_kmh: float

    def to_json_dict(self) -> dict[str, Any]:
        return {k: round(v, 2) if isinstance(v, float) else v for k, v in asdict(self).items()}


NOTHING = ExternalLoad(0.0, 0.0, 0.0, 0.0, 0.0, 0, 0, 0, 0.0)


def external_load(
    frames: npt.ArrayLike,
    positions: npt.ArrayLike,
    frame_rate: Fraction,
    thresholds: LoadThresholds | None = None,
    longest_gap_s: float = 1.0,
) -> ExternalLoad:
    """The load of one athlete seen at ``frames`` (display indices) at ``positions`` (pitch metres,
    (n, 2)). Frames further apart than ``longest_gap_s`` split the run: nothing is counted between."""
    thresholds = thresholds or LoadThresholds()
    order = np.argsort(np.asarray(frames))
    frames_sorted = np.asarray(frames, np.int64)[order]
    points = np.asarray(positions, np.float64).reshape(-1, 2)[order]
    keep = ~np.isnan(points).any(axis=1)
    frames_sorted, points = frames_sorted[keep], points[keep]
    if len(frames_sorted) < 2:
        return NOTHING
    rate = float(frame_rate)
    runs = [_run(f, p, rate, thresholds) for f, p in _runs(frames_sorted, points, rate, longest_gap_s)]
    if not runs:
        return NOTHING
    tracked = sum(r[0] for r in runs)
    distance = sum(r[1] for r in runs)
    return ExternalLoad(
        tracked,
        distance,
        60 * distance / tracked if tracked else 0.0,
        sum(r[2] for r in runs),
        sum(r[3] for r in runs),
        sum(r[4] for r in runs),
        sum(r[5] for r in runs),
        sum(r[6] for r in runs),
        max(r[7] for r in runs),
    )


def efforts(above: npt.NDArray[np.bool_], frame_rate: float, min_seconds: float = MIN_EFFORT_SECONDS) -> int:
    """Spells of at least ``min_seconds`` above a threshold, in samples taken ``frame_rate`` a second."""
    flags = np.concatenate([[False], np.asarray(above, dtype=bool), [False]])
    edges = np.flatnonzero(np.diff(flags.astype(np.int8)))
    lengths = edges[1::2] - edges[::2]
    return int(np.sum(lengths >= max(1, math.ceil(min_seconds * frame_rate - 1e-9))))


def speeds_per_frame(
    frames: npt.ArrayLike,
    positions: npt.ArrayLike,
    frame_rate: Fraction,
    count: int,
    longest_gap_s: float = 1.0,
) -> npt.NDArray[np.float64]:
    """Speed (km/h) at each of ``count`` video frames, as the load counts it; NaN where not tracked."""
    order = np.argsort(np.asarray(frames))
    frames_sorted = np.asarray(frames, np.int64)[order]
    points = np.asarray(positions, np.float64).reshape(-1, 2)[order]
    keep = ~np.isnan(points).any(axis=1)
    rate = float(frame_rate)
    speed = np.full(count, np.nan)
    for run_frames, run_points in _runs(frames_sorted[keep], points[keep], rate, longest_gap_s):
        at = np.arange(run_frames[0], run_frames[-1])
        inside = (at >= 0) & (at < count)
        speed[at[inside]] = _speed_ms(run_frames, run_points, rate)[inside] * 3.6
    return speed


def _runs(
    frames: npt.NDArray[np.int64], points: npt.NDArray[np.float64], rate: float, longest_gap_s: float
) -> list[tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]]:
    """The stretches tracked without a gap longer than ``longest_gap_s`` (two frames or more each)."""
    breaks = np.flatnonzero(np.diff(frames) > max(1, round(longest_gap_s * rate))) + 1
    pieces = zip(np.split(frames, breaks), np.split(points, breaks), strict=True)
    return [(f, p) for f, p in pieces if len(f) >= 2]


def _speed_ms(
    frames: npt.NDArray[np.int64], points: npt.NDArray[np.float64], rate: float
) -> npt.NDArray[np.float64]:
    """Speed (m/s) between consecutive frames of one stretch, frames skipped inside it filled in
    linearly, the path's jitter filtered out (:func:`smoothed_path`)."""
    every = np.arange(frames[0], frames[-1] + 1)
    filled = np.column_stack([np.interp(every, frames, points[:, i]) for i in range(2)])
    steps = np.linalg.norm(np.diff(smoothed_path(filled, rate), axis=0), axis=1)  # metres a frame
    return np.asarray(np.minimum(steps * rate, MAX_HUMAN_KMH / 3.6), np.float64)


def _run(
    frames: npt.NDArray[np.int64], points: npt.NDArray[np.float64], rate: float, thresholds: LoadThresholds
) -> tuple[float, float, float, float, int, int, int, float]:
    """One stretch tracked without a gap: seconds, distance, HSR, sprint metres, sprints,
    accelerations, decelerations, top speed."""
    window = max(1, int(round(SMOOTHING_SECONDS * rate)) | 1)
    speed_ms = _speed_ms(frames, points, rate)
    steps = speed_ms / rate
    speed_kmh = speed_ms * 3.6
    acceleration = np.gradient(speed_ms) * rate if len(speed_ms) >= 2 else np.zeros(len(speed_ms))
    if len(acceleration) > window:
        acceleration = np.convolve(acceleration, np.ones(window) / window, "same")
    minimum = thresholds.acceleration_seconds
    return (
        (frames[-1] - frames[0]) / rate,
        float(steps.sum()),
        float(steps[speed_kmh > thresholds.hsr_kmh].sum()),
        float(steps[speed_kmh > thresholds.sprint_kmh].sum()),
        efforts(speed_kmh > thresholds.sprint_kmh, rate, thresholds.sprint_seconds),
        efforts(acceleration > thresholds.acceleration_ms2, rate, minimum),
        efforts(acceleration < -thresholds.acceleration_ms2, rate, minimum),
        float(speed_kmh.max()) if len(speed_kmh) else 0.0,
    )
