"""Training load: TRIMP (Banister, Edwards), session RPE (Foster), acute:chronic workload ratio
(rolling and EWMA), monotony and strain, and the fitness-fatigue model.

Daily series are pandas Series indexed by calendar day with one value a day (rest days 0).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd

BANISTER_WEIGHTING = {"male": (0.64, 1.92), "female": (0.86, 1.67)}
EDWARDS_WEIGHTS = np.array([1.0, 2.0, 3.0, 4.0, 5.0])


def banister_trimp(minutes: float, hr_exercise: float, hr_rest: float, hr_max: float, sex: str) -> float:
    """Banister's TRIMP of ``minutes`` at a mean ``hr_exercise``: minutes x HRr x a x e^(b x HRr), with
    HRr the fraction of heart-rate reserve and (a, b) = (0.64, 1.92) for men, (0.86, 1.67) for women."""
    a, b = _weighting(sex)
    reserve = _reserve_fraction(hr_exercise, hr_rest, hr_max)
    return float(minutes * reserve * a * math.exp(b * reserve))


def banister_trimp_samples(
    hr: npt.ArrayLike, durations_s: npt.ArrayLike, hr_rest: float, hr_max: float, sex: str
) -> float:
    """Banister's TRIMP summed sample by sample (more exact than the session mean for interval work)."""
    a, b = _weighting(sex)
    values = np.asarray(hr, dtype=np.float64)
    weights = np.asarray(durations_s, dtype=np.float64) / 60.0
    valid = ~np.isnan(values)
    reserve = np.clip((values[valid] - hr_rest) / (hr_max - hr_rest), 0.0, 1.0)
    return float(np.sum(weights[valid] * reserve * a * np.exp(b * reserve)))


def edwards_trimp(seconds_in_zones: npt.ArrayLike) -> float:
    """Edwards' TRIMP: minutes in the five zones (50-60 ... 90-100% HRmax) weighted 1 to 5.

    Takes the five zone durations, or six with time below zone 1 first (which counts nothing)."""
    seconds = np.asarray(seconds_in_zones, dtype=np.float64)
    if len(seconds) == 6:
        seconds = seconds[1:]
    if len(seconds) != 5:
        raise ValueError("Edwards' TRIMP needs the time in five zones")
    return float(np.dot(seconds / 60.0, EDWARDS_WEIGHTS))


def session_rpe_load(rpe: float, minutes: float) -> float:
    """Foster's session-RPE load: CR-10 rating x minutes, in arbitrary units."""
    if not 0 <= rpe <= 10:
        raise ValueError(f"session RPE {rpe} is outside the CR-10 scale (0-10)")
    if minutes < 0:
        raise ValueError("a session cannot last less than no time")
    return float(rpe * minutes)


def daily_loads(days: Iterable[date], loads: Iterable[float], until: date | None = None) -> pd.Series:
    """One load a calendar day (several sessions summed, rest days 0) from the first day to ``until``."""
    frame = pd.DataFrame({"day": pd.to_datetime(list(days)), "load": list(loads)})
    if frame.empty:
        return pd.Series(dtype=np.float64)
    summed = frame.groupby("day")["load"].sum()
    end = pd.Timestamp(until) if until is not None else summed.index.max()
    index = pd.date_range(summed.index.min(), end, freq="D")
    return summed.reindex(index, fill_value=0.0).astype(np.float64)


def acwr_rolling(daily: pd.Series, acute: int = 7, chronic: int = 28, coupled: bool = True) -> pd.Series:
    """Acute:chronic workload ratio from rolling averages: the last ``acute`` days' mean over the last
    ``chronic`` days' mean (coupled) or over the mean of the ``chronic - acute`` days before the acute
    window (uncoupled). NaN until ``chronic`` days of history exist."""
    acute_mean = daily.rolling(acute, min_periods=acute).mean()
    if coupled:
        chronic_mean = daily.rolling(chronic, min_periods=chronic).mean()
    else:
        chronic_mean = daily.shift(acute).rolling(chronic - acute, min_periods=chronic - acute).mean()
    return (acute_mean / chronic_mean.replace(0.0, np.nan)).rename("acwr")


def ewma(daily: pd.Series, days: int) -> pd.Series:
    """Exponentially weighted moving average with Williams et al. (2017)'s decay 2 / (days + 1),
    started at the first day's load."""
    decay = 2.0 / (days + 1.0)
    values = np.empty(len(daily))
    level = 0.0
    for i, load in enumerate(daily.to_numpy(dtype=np.float64)):
        level = load if i == 0 else decay * load + (1.0 - decay) * level
        values[i] = level
    return pd.Series(values, index=daily.index)


def acwr_ewma(daily: pd.Series, acute: int = 7, chronic: int = 28) -> pd.Series:
    """Acute:chronic workload ratio of exponentially weighted averages (Williams et al. 2017)."""
    chronic_level = ewma(daily, chronic).replace(0.0, np.nan)
    return (ewma(daily, acute) / chronic_level).rename("acwr_ewma")


def monotony(daily: pd.Series, days: int = 7) -> pd.Series:
    """Foster's monotony: the week's mean daily load over its standard deviation (NaN when every day is
    the same, where monotony has no finite value)."""
    mean = daily.rolling(days, min_periods=days).mean()
    spread = daily.rolling(days, min_periods=days).std(ddof=0)
    return (mean / spread.replace(0.0, np.nan)).rename("monotony")


def strain(daily: pd.Series, days: int = 7) -> pd.Series:
    """Foster's strain: the week's total load times its monotony."""
    return (daily.rolling(days, min_periods=days).sum() * monotony(daily, days)).rename("strain")


def fitness_fatigue(daily: pd.Series, fitness_days: int = 42, fatigue_days: int = 7) -> pd.DataFrame:
    """Banister's fitness-fatigue model as the impulse-response averages: fitness (42-day) and fatigue
    (7-day) with decay 1 - e^(-1/days), and form = yesterday's fitness - yesterday's fatigue."""
    loads = daily.to_numpy(dtype=np.float64)
    levels = {}
    for name, days in (("fitness", fitness_days), ("fatigue", fatigue_days)):
        decay = 1.0 - math.exp(-1.0 / days)
        level, series = 0.0, np.empty(len(loads))
        for i, load in enumerate(loads):
            level += decay * (load - level)
            series[i] = level
        levels[name] = series
    frame = pd.DataFrame(levels, index=daily.index)
    frame["form"] = (frame["fitness"] - frame["fatigue"]).shift(1).fillna(0.0)
    return frame


def _weighting(sex: str) -> tuple[float, float]:
    try:
        return BANISTER_WEIGHTING[sex]
    except KeyError:
        raise ValueError(f"Banister's weighting is defined for 'male' or 'female', not {sex!r}") from None


def _reserve_fraction(hr: float, hr_rest: float, hr_max: float) -> float:
    if not hr_rest < hr_max:
        raise ValueError("resting HR must be below HRmax")
    return float(np.clip((hr - hr_rest) / (hr_max - hr_rest), 0.0, 1.0))
