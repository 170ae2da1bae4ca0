"""Heart-rate zones by % of HRmax or by heart-rate reserve (Karvonen), and time spent in each."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

# Five zones, each the lower edge as a fraction of HRmax (or of the reserve); zone 5 runs to the maximum.
DEFAULT_EDGES: tuple[float, ...] = (0.5, 0.6, 0.7, 0.8, 0.9)


def zone_bounds(
    hr_max: float, hr_rest: float | None = None, edges: Sequence[float] = DEFAULT_EDGES
) -> FloatArray:
    """Lower bound in bpm of each zone: % of HRmax, or Karvonen (% of reserve) when ``hr_rest`` is given."""
    if not 100 <= hr_max <= 240:
        raise ValueError(f"HRmax {hr_max} bpm is not a human maximum")
    fractions = np.asarray(edges, dtype=np.float64)
    if hr_rest is None:
        return fractions * hr_max
    if not 25 <= hr_rest < hr_max:
        raise ValueError(f"resting HR {hr_rest} bpm does not fit HRmax {hr_max}")
    return hr_rest + fractions * (hr_max - hr_rest)


def zone_of(hr: npt.ArrayLike, bounds: FloatArray) -> npt.NDArray[np.int64]:
    """Zone of each sample: 0 below zone 1, then 1..5; NaN samples get -1."""
    values = np.asarray(hr, dtype=np.float64)
    zones = np.searchsorted(bounds, values, side="right").astype(np.int64)
    zones[np.isnan(values)] = -1
    return zones


def sample_durations(seconds: npt.ArrayLike, max_gap_s: float = 5.0) -> FloatArray:
    """How long each sample stands for: the time to the next one, a pause (gap over ``max_gap_s``)
    counting as one typical step rather than as time spent at that heart rate."""
    times = np.asarray(seconds, dtype=np.float64)
    if len(times) < 2:
        return np.ones(len(times))
    steps = np.diff(times)
    typical = float(np.median(steps)) if len(steps) else 1.0
    steps = np.where(steps > max_gap_s, typical, steps)
    return np.append(steps, typical)


def time_in_zones(hr: npt.ArrayLike, durations: npt.ArrayLike, bounds: FloatArray) -> FloatArray:
    """Seconds spent below zone 1 (index 0) and in each zone (1..5)."""
    zones = zone_of(hr, bounds)
    weights = np.asarray(durations, dtype=np.float64)
    valid = zones >= 0
    counted: FloatArray = np.bincount(  # type: ignore[assignment]  # weighted counts are floats
        zones[valid], weights=weights[valid], minlength=len(bounds) + 1
    )
    return counted
