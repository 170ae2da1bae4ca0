"""Heart-rate variability from RR (NN) intervals: RMSSD, lnRMSSD, SDNN, pNN50, artefact filtering,
and the 7-day baseline with its smallest-worthwhile-change band (Plews et al. 2012; Buchheit 2014)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

MIN_RR_MS = 300.0  # 200 bpm
MAX_RR_MS = 2000.0  # 30 bpm
MAX_BEAT_TO_BEAT_CHANGE = 0.2  # Malik's rule: a beat 20% off its predecessor is an artefact


@dataclass(frozen=True)
class HrvSummary:
    beats: int
    artefacts: int
    rmssd_ms: float
    ln_rmssd: float
    sdnn_ms: float
    pnn50: float  # share (0-1) of successive differences over 50 ms
    mean_hr: float


def filter_rr(rr_ms: npt.ArrayLike) -> tuple[npt.NDArray[np.float64], int]:
    """Normal-to-normal intervals and how many were removed as artefacts (out of 300-2000 ms, or more
    than 20% off the last accepted beat)."""
    values = np.asarray(rr_ms, dtype=np.float64)
    kept: list[float] = []
    for rr in values:
        if not MIN_RR_MS <= rr <= MAX_RR_MS or math.isnan(rr):
            continue
        if kept and abs(rr - kept[-1]) > MAX_BEAT_TO_BEAT_CHANGE * kept[-1]:
            continue
        kept.append(float(rr))
    return np.array(kept), len(values) - len(kept)


def rmssd(nn_ms: npt.ArrayLike) -> float:
    """Root mean square of successive differences, ms."""
    differences = np.diff(np.asarray(nn_ms, dtype=np.float64))
    if len(differences) == 0:
        raise ValueError("RMSSD needs at least two beats")
    return float(np.sqrt(np.mean(differences**2)))


def sdnn(nn_ms: npt.ArrayLike) -> float:
    """Standard deviation of the NN intervals (sample SD), ms."""
    values = np.asarray(nn_ms, dtype=np.float64)
    if len(values) < 2:
        raise ValueError("SDNN needs at least two beats")
    return float(np.std(values, ddof=1))


def pnn50(nn_ms: npt.ArrayLike) -> float:
    """Share of successive differences larger than 50 ms."""
    differences = np.abs(np.diff(np.asarray(nn_ms, dtype=np.float64)))
    if len(differences) == 0:
        raise ValueError("pNN50 needs at least two beats")
    return float(np.mean(differences > 50.0))


def summarise(rr_ms: npt.ArrayLike) -> HrvSummary:
    """Filter artefacts, then the time-domain measures."""
    nn, artefacts = filter_rr(rr_ms)
    if len(nn) < 10:
        raise ValueError(f"only {len(nn)} usable beats ({artefacts} artefacts): too few for HRV")
    value = rmssd(nn)
    return HrvSummary(
        beats=len(nn),
        artefacts=artefacts,
        rmssd_ms=value,
        ln_rmssd=math.log(value),
        sdnn_ms=sdnn(nn),
        pnn50=pnn50(nn),
        mean_hr=float(60000.0 / nn.mean()),
    )


def baseline(
    daily_ln_rmssd: pd.Series, days: int = 7, band_days: int = 28, swc_factor: float = 0.5
) -> pd.DataFrame:
    """The 7-day rolling mean of daily lnRMSSD (the ``baseline``) and the normal band it is judged
    against: the mean of the last ``band_days`` days +/- ``swc_factor`` x their SD, the smallest
    worthwhile change (Plews et al. 2012, 2013). A single low morning moves the 7-day mean only a
    little, which is the point: day-to-day noise is not a trend. Days without a reading are skipped,
    not zero; the baseline starts at 3 readings, the band at 7."""
    mean = daily_ln_rmssd.rolling(f"{days}D", min_periods=3).mean()
    long_window = daily_ln_rmssd.rolling(f"{band_days}D", min_periods=7)
    centre, swc = long_window.mean(), swc_factor * long_window.std(ddof=1)
    return pd.DataFrame(
        {"ln_rmssd": daily_ln_rmssd, "baseline": mean, "low": centre - swc, "high": centre + swc}
    )
