"""What a session amounts to for one athlete: duration, heart-rate statistics, zones, TRIMP, GPS
running and HRV, from the cleaned samples and the athlete's own thresholds."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from athletes.science import gps, hrv, load, zones
from athletes.wearables.recording import Recording


@dataclass(frozen=True)
class AthleteThresholds:
    """An athlete's own numbers the science needs; every threshold can be set per athlete."""

    hr_max: float
    hr_rest: float
    sex: str
    hsr_kmh: float = 19.8
    sprint_kmh: float = 25.2
    acceleration_ms2: float = 3.0

    def zone_bounds(self) -> zones.FloatArray:
        """The athlete's five heart-rate zones (% of HRmax, as Edwards' TRIMP defines them): stored
        time in zone, the session chart and the live tiles all use these."""
        return zones.zone_bounds(self.hr_max)


@dataclass(frozen=True)
class SessionSummary:
    duration_s: float
    samples: int
    hr_mean: float | None
    hr_max: float | None
    seconds_in_zones: tuple[float, ...]
    trimp_banister: float | None
    trimp_edwards: float | None
    distance_m: float
    top_speed_kmh: float
    hsr_distance_m: float
    sprints: int
    accelerations: int
    decelerations: int
    rmssd_ms: float | None = None
    ln_rmssd: float | None = None
    sdnn_ms: float | None = None
    pnn50: float | None = None

    def columns(self) -> dict[str, Any]:
        """The summary as the session's database columns (which carry the same names)."""
        values = asdict(self)
        values["seconds_in_zones"] = list(self.seconds_in_zones)
        return values


def summarise(table: pd.DataFrame, recording: Recording, athlete: AthleteThresholds) -> SessionSummary:
    seconds = table["seconds"].to_numpy(np.float64)
    heart = table["hr"].to_numpy(np.float64)
    durations = zones.sample_durations(seconds)
    duration = float(seconds[-1] - seconds[0]) if len(seconds) > 1 else 0.0
    has_hr = bool(np.isfinite(heart).any())
    bounds = athlete.zone_bounds()
    in_zones = zones.time_in_zones(heart, durations, bounds)
    running = gps.summarise(
        np.diff(table["distance_m"].to_numpy(np.float64), prepend=0.0),
        table["speed_kmh"].to_numpy(np.float64),
        seconds,
        athlete.hsr_kmh,
        athlete.sprint_kmh,
        athlete.acceleration_ms2,
    )
    variability = None
    if recording.format == "rr" or len(recording.rr_ms) >= 10:
        try:
            variability = hrv.summarise(recording.rr_ms)
        except ValueError:
            variability = None
    valid = np.isfinite(heart)
    return SessionSummary(
        duration_s=duration,
        samples=len(seconds),
        hr_mean=float(np.average(heart[valid], weights=durations[valid])) if has_hr else None,
        hr_max=float(np.nanmax(heart)) if has_hr else None,
        seconds_in_zones=tuple(float(v) for v in in_zones),
        trimp_banister=(
            load.banister_trimp_samples(heart, durations, athlete.hr_rest, athlete.hr_max, athlete.sex)
            if has_hr and recording.format != "rr"
            else None
        ),
        trimp_edwards=load.edwards_trimp(in_zones) if has_hr and recording.format != "rr" else None,
        distance_m=running.distance_m,
        top_speed_kmh=running.top_speed_kmh,
        hsr_distance_m=running.hsr_distance_m,
        sprints=running.sprints,
        accelerations=running.accelerations,
        decelerations=running.decelerations,
        rmssd_ms=variability.rmssd_ms if variability else None,
        ln_rmssd=variability.ln_rmssd if variability else None,
        sdnn_ms=variability.sdnn_ms if variability else None,
        pnn50=variability.pnn50 if variability else None,
    )


def tanaka_hr_max(age_years: float) -> float:
    """Age-predicted HRmax (Tanaka, Monahan & Seals 2001): 208 - 0.7 x age."""
    return float(208.0 - 0.7 * age_years)
