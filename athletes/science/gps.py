"""GPS running: distance, speed zones, high-speed running, sprints, accelerations and decelerations.

Positions are WGS84 degrees sampled at ``seconds``; thresholds are configurable per athlete.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tracking.external_load import HSR_KMH, SPRINT_KMH, efforts

EARTH_RADIUS_M = 6_371_008.8
ACCELERATION_MS2 = 3.0
MIN_ACCELERATION_S = 0.5
DEFAULT_SPEED_ZONES_KMH: tuple[float, ...] = (0.0, 7.2, 14.4, 19.8, 25.2)

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class GpsSummary:
    distance_m: float
    top_speed_kmh: float
    hsr_distance_m: float
    sprints: int
    accelerations: int
    decelerations: int
    distance_in_speed_zones_m: tuple[float, ...]


def step_distances(latitude: npt.ArrayLike, longitude: npt.ArrayLike) -> FloatArray:
    """Great-circle metres between successive fixes (haversine); the first step is 0."""
    lat = np.radians(np.asarray(latitude, dtype=np.float64))
    lon = np.radians(np.asarray(longitude, dtype=np.float64))
    if len(lat) < 2:
        return np.zeros(len(lat))
    half_dlat = np.diff(lat) / 2
    half_dlon = np.diff(lon) / 2
    a = np.sin(half_dlat) ** 2 + np.cos(lat[:-1]) * np.cos(lat[1:]) * np.sin(half_dlon) ** 2
    steps = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return np.concatenate([[0.0], np.nan_to_num(steps)])


def speed_kmh(distance_steps_m: npt.ArrayLike, seconds: npt.ArrayLike) -> FloatArray:
    """Speed at each sample from the distance covered since the previous one."""
    steps = np.asarray(distance_steps_m, dtype=np.float64)
    times = np.asarray(seconds, dtype=np.float64)
    if len(times) < 2:
        return np.zeros(len(times))
    elapsed = np.diff(times)
    speed = np.divide(steps[1:], elapsed, out=np.zeros_like(elapsed), where=elapsed > 0) * 3.6
    return np.concatenate([[speed[0] if len(speed) else 0.0], speed])


def summarise(
    distance_steps_m: npt.ArrayLike,
    speed: npt.ArrayLike,
    seconds: npt.ArrayLike,
    hsr_kmh: float = HSR_KMH,
    sprint_kmh: float = SPRINT_KMH,
    acceleration_ms2: float = ACCELERATION_MS2,
    speed_zones_kmh: tuple[float, ...] = DEFAULT_SPEED_ZONES_KMH,
) -> GpsSummary:
    """Distance, top speed, HSR distance, sprint count (>= 1 s above ``sprint_kmh``), and accelerations
    and decelerations (>= 0.5 s beyond +/-``acceleration_ms2``)."""
    steps = np.nan_to_num(np.asarray(distance_steps_m, dtype=np.float64))
    kmh = np.nan_to_num(np.asarray(speed, dtype=np.float64))
    times = np.asarray(seconds, dtype=np.float64)
    rate = 1.0 / float(np.median(np.diff(times))) if len(times) > 1 else 1.0
    elapsed = np.diff(times, prepend=times[0] if len(times) else 0.0)
    change = np.diff(kmh / 3.6, prepend=kmh[0] / 3.6 if len(kmh) else 0.0)
    acceleration = np.divide(change, elapsed, out=np.zeros_like(change), where=elapsed > 0)
    zone = np.searchsorted(np.asarray(speed_zones_kmh), kmh, side="right") - 1
    in_zones = np.bincount(np.clip(zone, 0, None), weights=steps, minlength=len(speed_zones_kmh))
    return GpsSummary(
        distance_m=float(steps.sum()),
        top_speed_kmh=float(kmh.max()) if len(kmh) else 0.0,
        hsr_distance_m=float(steps[kmh >= hsr_kmh].sum()),
        sprints=efforts(kmh >= sprint_kmh, rate),
        accelerations=efforts(acceleration >= acceleration_ms2, rate, MIN_ACCELERATION_S),
        decelerations=efforts(acceleration <= -acceleration_ms2, rate, MIN_ACCELERATION_S),
        distance_in_speed_zones_m=tuple(float(v) for v in in_zones),
    )
