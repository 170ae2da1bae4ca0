"""Physical metrics of the anonymous tracks of ``matchdesk track`` (and the desk's overlay): distance,
speed, high-speed running and sprints per track, counted as an athlete's load is
(:mod:`tracking.external_load`), heatmaps, possession. Thresholds follow the common football
convention (HSR above 19.8 km/h, sprint above 25.2 km/h) and can be changed per call."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from tracking.external_load import (
    HSR_KMH,
    SPRINT_KMH,
    LoadThresholds,
    efforts,
    external_load,
    speeds_per_frame,
)
from tracking.lying_down import held_while_down
from tracking.tracker import BALL_TRACK_ID
from tracking.tracks import CLASS_CODES, Tracks


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


def player_metrics(
    tracks: Tracks, frame_rate: float, hsr_kmh: float = HSR_KMH, sprint_kmh: float = SPRINT_KMH
) -> list[PlayerMetrics]:
    """Per player track with pitch positions: distance, top speed, HSR distance and efforts, sprints,
    as an athlete's load counts them: over the boxes the picture shows (a hidden player's guessed box
    is taken the straight way across), the jitter filtered out, a man lying down held where he went
    down, nothing counted across a gap of more than a second."""
    people = tracks[(tracks.cls != CLASS_CODES["ball"]) & ~np.isnan(tracks.pitch_xy).any(axis=1)]
    rate = Fraction(frame_rate).limit_denominator(1001)
    thresholds = LoadThresholds(hsr_kmh=hsr_kmh, sprint_kmh=sprint_kmh)
    results = []
    for track_id in np.unique(people.track_id):
        own = people[people.track_id == track_id].seen()
        places = held_while_down(own.frame, own.xyxy, own.pitch_xy.astype(np.float64), frame_rate)
        load = external_load(own.frame, places, rate, thresholds)
        count = int(own.frame.max()) + 1 if len(own) else 0
        speed = speeds_per_frame(own.frame, places, rate, count)
        team = own.team[own.team >= 0]
        results.append(
            PlayerMetrics(
                int(track_id),
                int(np.bincount(team).argmax()) if len(team) else -1,
                load.tracked_s,
                load.distance_m,
                load.top_speed_kmh,
                load.hsr_m,
                efforts(np.nan_to_num(speed) > hsr_kmh, frame_rate),
                load.sprints,
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
