"""Artefacts out of a recording, counted: impossible heart rates, GPS jumps, ectopic RR intervals.

Nothing is silently kept or silently dropped: the counts go with the imported session.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from athletes.science.gps import step_distances
from athletes.science.hrv import filter_rr
from athletes.wearables.recording import Recording

MIN_HR = 25.0
MAX_HR = 240.0
MAX_SPEED_MS = 12.5  # 45 km/h: faster than any athlete on foot; a GPS jump
PAUSE_S = 10.0  # a gap this long is a pause: distance is not counted across it


@dataclass(frozen=True)
class Artefacts:
    hr_out_of_range: int = 0
    gps_jumps: int = 0
    rr_removed: int = 0

    def messages(self) -> list[str]:
        notes = []
        if self.hr_out_of_range:
            notes.append(
                f"{self.hr_out_of_range} heart-rate samples outside {MIN_HR:.0f}-{MAX_HR:.0f} bpm removed"
            )
        if self.gps_jumps:
            notes.append(f"{self.gps_jumps} GPS jumps (faster than {MAX_SPEED_MS * 3.6:.0f} km/h) removed")
        if self.rr_removed:
            notes.append(f"{self.rr_removed} RR intervals removed as artefacts")
        return notes


def clean(recording: Recording) -> tuple[pd.DataFrame, Recording, Artefacts]:
    """The session's samples as a table (seconds, hr, lat, lon, distance_m, speed_kmh), the recording
    with its RR intervals filtered, and what was removed."""
    seconds = recording.seconds
    hr = recording.hr.copy()
    bad_hr = np.isfinite(hr) & ((hr < MIN_HR) | (hr > MAX_HR))
    hr[bad_hr] = np.nan
    elapsed = np.diff(seconds, prepend=seconds[0] if len(seconds) else 0.0)
    latitude = recording.latitude.copy() if recording.latitude is not None else None
    longitude = recording.longitude.copy() if recording.longitude is not None else None
    jumps = 0
    if latitude is not None and longitude is not None:
        latitude, longitude, jumps = _drop_position_jumps(seconds, latitude, longitude)
    if recording.distance_m is not None and np.isfinite(recording.distance_m).any():
        cumulative = pd.Series(recording.distance_m).ffill().fillna(0.0).to_numpy()
        steps = np.diff(cumulative, prepend=0.0)
        impossible = (steps < 0) | (steps > MAX_SPEED_MS * np.maximum(elapsed, 1.0))
        if latitude is None:
            jumps += int(impossible.sum())
        steps[impossible] = 0.0
    elif latitude is not None and longitude is not None:
        valid = np.flatnonzero(np.isfinite(latitude) & np.isfinite(longitude))
        steps = np.zeros(len(seconds))
        if len(valid) > 1:
            between = step_distances(latitude[valid], longitude[valid])
            between[np.diff(seconds[valid], prepend=seconds[valid[0]]) > PAUSE_S] = 0.0
            steps[valid] = between
    else:
        steps = np.zeros(len(seconds))
    distance = np.cumsum(steps)
    if recording.speed_ms is not None and np.isfinite(recording.speed_ms).any():
        speed = np.where(recording.speed_ms > MAX_SPEED_MS, np.nan, recording.speed_ms) * 3.6
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            speed = np.where(elapsed > 0, steps / elapsed, 0.0) * 3.6
    nn, rr_removed = filter_rr(recording.rr_ms) if len(recording.rr_ms) else (recording.rr_ms, 0)
    table = pd.DataFrame(
        {
            "seconds": seconds,
            "hr": hr.astype(np.float32),
            "lat": latitude if latitude is not None else np.full(len(seconds), np.nan),
            "lon": longitude if longitude is not None else np.full(len(seconds), np.nan),
            "distance_m": distance.astype(np.float32),
            "speed_kmh": speed.astype(np.float32),
        }
    )
    cleaned = replace(recording, hr=hr, latitude=latitude, longitude=longitude, rr_ms=nn)
    return table, cleaned, Artefacts(int(bad_hr.sum()), jumps, rr_removed)


def _drop_position_jumps(
    seconds: np.ndarray, latitude: np.ndarray, longitude: np.ndarray
) -> tuple[np.ndarray, np.ndarray, int]:
    """Fixes that would need superhuman speed from the last good fix are removed (NaN)."""
    latitude, longitude = latitude.copy(), longitude.copy()
    last = None
    jumps = 0
    for i in range(len(seconds)):
        if not (np.isfinite(latitude[i]) and np.isfinite(longitude[i])):
            continue
        if last is not None:
            step = step_distances(latitude[[last, i]], longitude[[last, i]])[1]
            if step > MAX_SPEED_MS * max(seconds[i] - seconds[last], 1.0):
                latitude[i] = longitude[i] = np.nan
                jumps += 1
                continue
        last = i
    return latitude, longitude, jumps
