"""Physical metrics from pitch positions: distance, speed, high-speed running, sprints, heatmaps,
possession. Thresholds follow the common football convention (HSR >= 19.8 km/h, sprint >= 25.2 km/h)
and can be changed per call."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tracking.path_smoothing import smoothed_path
from tracking.tracker import BALL_TRACK_ID
from tracking.tracks import CLASS_CODES, Tracks

HSR_KMH = 19.8
SPRINT_KMH = 25.2
MIN_EFFORT_SECONDS = 1.0  # a sprint is a spell of at least a second above the threshold
SMOOTHING_SECONDS = 0.5  # the acceleration is averaged over this (the path: tracking.path_smoothing)
MAX_HUMAN_KMH = 40.0  # faster than any footballer: a tracking glitch, not running


@dataclass(frozen=True)
class PlayerMetrics:
    track_id: int
    team: int
    seconds: float
    distance_m: float
    top_speed_kmh: float
    hsr_distance_m: float
    hsr_efforts: int
    sprints: int


def speeds(positions: npt.NDArray[np.float64], frame_rate: float) -> npt.NDArray[np.float64]:
    """Speed in km/h at each sample, from the path with its jitter filtered out."""
    if len(positions) < 2:
        return np.zeros(len(positions))
    smooth = smoothed_path(positions, frame_rate)
    step = np.linalg.norm(np.diff(smooth, axis=0), axis=1) * frame_rate * 3.6
    step = np.minimum(step, MAX_HUMAN_KMH)
    return np.concatenate([[step[0]], step])


def efforts(above: npt.NDArray[np.bool_], frame_rate: float, min_seconds: float = MIN_EFFORT_SECONDS) -> int:
    """Spells of at least ``min_seconds`` above a threshold, in samples taken ``frame_rate`` a second."""
    flags = np.concatenate([[False], np.asarray(above, dtype=bool), [False]])
    edges = np.flatnonzero(np.diff(flags.astype(np.int8)))
    lengths = edges[1::2] - edges[::2]
    return int(np.sum(lengths >= max(1, math.ceil(min_seconds * frame_rate - 1e-9))))


def player_metrics(
    tracks: Tracks, frame_rate: float, hsr_kmh: float = HSR_KMH, sprint_kmh: float = SPRINT_KMH
) -> list[PlayerMetrics]:
    """Per player track with pitch positions: distance, top speed, HSR distance and efforts, sprints."""
    people = tracks[(tracks.cls != CLASS_CODES["ball"]) & ~np.isnan(tracks.pitch_xy).any(axis=1)]
    results = []
    for track_id in np.unique(people.track_id):
        own = people[people.track_id == track_id]
        own = own[np.argsort(own.frame)]
        positions = own.pitch_xy.astype(np.float64)
        speed = speeds(positions, frame_rate)
        step = speed / 3.6 / frame_rate  # metres per frame, from the smoothed speed
        results.append(
            PlayerMetrics(
                int(track_id),
                int(np.bincount(own.team[own.team >= 0]).argmax()) if (own.team >= 0).any() else -1,
                len(own) / frame_rate,
                float(step.sum()),
                float(speed.max()) if len(speed) else 0.0,
                float(step[speed >= hsr_kmh].sum()),
                efforts(speed >= hsr_kmh, frame_rate),
                efforts(speed >= sprint_kmh, frame_rate),
            )
        )
    return results


def heatmap(
    tracks: Tracks, track_id: int, length: float = 105.0, width: float = 68.0, cell_m: float = 2.0
) -> npt.NDArray[np.float64]:
    """Frames spent in each ``cell_m`` square of the pitch (rows: across, columns: along)."""
    own = tracks[(tracks.track_id == track_id) & ~np.isnan(tracks.pitch_xy).any(axis=1)]
    bins = (int(np.ceil(width / cell_m)), int(np.ceil(length / cell_m)))
    counts, _, _ = np.histogram2d(
        own.pitch_xy[:, 1], own.pitch_xy[:, 0], bins=bins, range=[[0, width], [0, length]]
    )
    return counts


def possession(tracks: Tracks, max_distance_m: float = 1.5) -> dict[int, float]:
    """Share of the frames in which each team's player was nearest the ball (within reach)."""
    ball = tracks[(tracks.track_id == BALL_TRACK_ID) & (tracks.cls == CLASS_CODES["ball"])]
    people = tracks[(tracks.cls != CLASS_CODES["ball"]) & (tracks.team >= 0) & (tracks.team <= 1)]
    owners: list[int] = []
    for frame, position in zip(ball.frame, ball.pitch_xy, strict=True):
        if np.isnan(position).any():
            continue
        here = people[people.frame == frame]
        if len(here) == 0:
            continue
        distance = np.linalg.norm(here.pitch_xy - position, axis=1)
        nearest = int(np.nanargmin(distance))
        if distance[nearest] <= max_distance_m:
            owners.append(int(here.team[nearest]))
    total = len(owners)
    return {team: owners.count(team) / total for team in (0, 1)} if total else {0: 0.0, 1: 0.0}
