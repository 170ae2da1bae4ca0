"""The sports science, checked against worked examples from the literature and by hand."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from athletes.flags import FlagRules, athlete_flags
from athletes.science import gps, hrv, load, zones


def days(values: list[float], first: date = date(2026, 1, 1)) -> pd.Series:
    return load.daily_loads([first + timedelta(days=i) for i in range(len(values))], values)


# --- heart-rate zones and TRIMP ------------------------------------------------------------------


def test_zones_by_percent_of_max_and_by_heart_rate_reserve() -> None:
    assert zones.zone_bounds(200).tolist() == [100, 120, 140, 160, 180]
    # Karvonen: 60 + 50% of (200 - 60) = 130
    assert zones.zone_bounds(200, 60).tolist() == [130, 144, 158, 172, 186]
    assert zones.zone_of([95, 100, 150, 185, 199, np.nan], zones.zone_bounds(200)).tolist() == [
        0,
        1,
        3,
        5,
        5,
        -1,
    ]


def test_time_in_zone_counts_each_sample_for_the_time_to_the_next() -> None:
    seconds = np.arange(0, 600, 1.0)
    hr = np.where(seconds < 300, 130.0, 170.0)
    spent = zones.time_in_zones(hr, zones.sample_durations(seconds), zones.zone_bounds(200))
    assert spent.tolist() == [0, 0, 300, 0, 300, 0]


def test_absurd_thresholds_are_refused() -> None:
    with pytest.raises(ValueError, match="not a human maximum"):
        zones.zone_bounds(300)


def test_banister_trimp_worked_example() -> None:
    """30 min at 160 bpm, HRrest 60, HRmax 200: HRr = 0.714; men 54.0, women 60.7 (Banister 1991)."""
    assert load.banister_trimp(30, 160, 60, 200, "male") == pytest.approx(54.05, abs=0.01)
    assert load.banister_trimp(30, 160, 60, 200, "female") == pytest.approx(60.75, abs=0.01)
    # sample by sample, a steady session gives the same as the session mean
    steady = load.banister_trimp_samples(np.full(1800, 160.0), np.ones(1800), 60, 200, "male")
    assert steady == pytest.approx(54.05, abs=0.01)


def test_edwards_trimp_weights_minutes_in_zones_one_to_five() -> None:
    """Ten minutes in each of the five zones: 10 x (1 + 2 + 3 + 4 + 5) = 150 (Edwards 1993)."""
    assert load.edwards_trimp([600] * 5) == 150
    assert load.edwards_trimp([1200, 600, 600, 600, 600, 600]) == 150  # time below zone 1 counts nothing


def test_session_rpe_load_is_rating_times_minutes() -> None:
    """Foster 2001: RPE 7 for a 60-minute session is 420 AU."""
    assert load.session_rpe_load(7, 60) == 420
    with pytest.raises(ValueError, match="CR-10"):
        load.session_rpe_load(14, 60)


# --- load over weeks ------------------------------------------------------------------------------


def test_daily_loads_sum_sessions_and_fill_rest_days() -> None:
    series = load.daily_loads([date(2026, 1, 1), date(2026, 1, 1), date(2026, 1, 3)], [100, 50, 80])
    assert series.tolist() == [150, 0, 80]


def test_acwr_coupled_and_uncoupled() -> None:
    """21 days at 100 then a week at 200: acute 200; chronic 125 coupled (28 days incl. the acute
    week), 100 uncoupled (the 21 days before it)."""
    series = days([100.0] * 21 + [200.0] * 7)
    assert load.acwr_rolling(series).iloc[-1] == pytest.approx(1.6)
    assert load.acwr_rolling(series, coupled=False).iloc[-1] == pytest.approx(2.0)
    assert np.isnan(load.acwr_rolling(series).iloc[26])  # not enough history yet


def test_ewma_uses_williams_decay() -> None:
    """Williams et al. 2017: lambda = 2 / (N + 1): 0.25 for 7 days."""
    series = days([100.0, 0.0, 0.0])
    assert load.ewma(series, 7).tolist() == pytest.approx([100.0, 75.0, 56.25])
    assert load.acwr_ewma(days([100.0] * 60)).iloc[-1] == pytest.approx(1.0)


def test_monotony_and_strain_of_a_week() -> None:
    """Foster 1998: monotony = mean / SD of the week's daily loads, strain = weekly load x monotony."""
    series = days([300.0, 500.0, 0.0, 600.0, 400.0, 0.0, 700.0])
    assert load.monotony(series).iloc[-1] == pytest.approx(1.3975, abs=1e-4)
    assert load.strain(series).iloc[-1] == pytest.approx(3493.86, abs=0.01)
    assert np.isnan(load.monotony(days([100.0] * 7)).iloc[-1])  # identical days: no finite monotony


def test_fitness_and_fatigue_settle_on_a_steady_load() -> None:
    frame = load.fitness_fatigue(days([100.0] * 400))
    assert frame["fitness"].iloc[-1] == pytest.approx(100.0, rel=1e-3)
    assert frame["fatigue"].iloc[-1] == pytest.approx(100.0, rel=1e-6)
    assert abs(frame["form"].iloc[-1]) < 0.2
    spike = load.fitness_fatigue(days([100.0] * 100 + [400.0] * 3))
    assert spike["fatigue"].iloc[-1] > spike["fitness"].iloc[-1]  # a hard block: fatigue outruns fitness


# --- HRV -------------------------------------------------------------------------------------------


def test_time_domain_hrv_by_hand() -> None:
    rr = [800.0, 810.0, 790.0, 820.0]  # differences 10, -20, 30
    assert hrv.rmssd(rr) == pytest.approx(np.sqrt((100 + 400 + 900) / 3))
    assert hrv.sdnn(rr) == pytest.approx(12.9099, abs=1e-4)
    assert hrv.pnn50([800.0, 860.0, 800.0, 820.0]) == pytest.approx(2 / 3)


def test_artefacts_are_removed_and_counted() -> None:
    rr = [800.0, 805.0, 1600.0, 810.0, 200.0, 815.0, 790.0, 800.0, 810.0, 805.0, 800.0, 795.0]
    kept, removed = hrv.filter_rr(rr)
    assert removed == 2 and 1600.0 not in kept and 200.0 not in kept
    summary = hrv.summarise(rr)
    assert summary.artefacts == 2 and summary.beats == 10
    assert summary.ln_rmssd == pytest.approx(np.log(summary.rmssd_ms))


def test_hrv_trend_below_the_normal_band_is_flagged_but_one_noisy_morning_is_not() -> None:
    # Three steady weeks around lnRMSSD 4.2, then one low morning: noise, no flag (Plews et al. 2012).
    steady = [4.2, 4.25, 4.18, 4.22, 4.24, 4.19, 4.21] * 3
    one_low = pd.Series(steady + [3.9], index=pd.date_range("2026-03-01", periods=22, freq="D"))
    band = hrv.baseline(one_low)
    assert band["baseline"].iloc[-1] == pytest.approx(one_low.iloc[-7:].mean())
    assert band["high"].iloc[-1] - band["low"].iloc[-1] == pytest.approx(one_low.iloc[-22:].std(), rel=1e-9)
    flags = athlete_flags(date(2026, 3, 22), pd.Series(dtype=float), pd.Series(dtype=float), band, [])
    assert {f.kind for f in flags} == {"wellness_missing"}
    # Four low mornings in a row pull the 7-day mean below the band: a trend a coach should see.
    falling = pd.Series(
        steady + [3.9, 3.85, 3.9, 3.8], index=pd.date_range("2026-03-01", periods=25, freq="D")
    )
    flags = athlete_flags(
        date(2026, 3, 25), pd.Series(dtype=float), pd.Series(dtype=float), hrv.baseline(falling), []
    )
    assert {f.kind for f in flags} == {"hrv_low", "wellness_missing"}


# --- GPS -------------------------------------------------------------------------------------------


def test_one_degree_of_latitude_is_111_km() -> None:
    assert gps.step_distances([0.0, 1.0], [0.0, 0.0])[1] == pytest.approx(111_195, abs=1)


def test_hsr_sprints_accelerations_with_configurable_thresholds() -> None:
    seconds = np.arange(20, dtype=float)
    kmh = np.array([0, 12, 24, 26, 27, 26, 20, 8] + [8] * 12, dtype=float)  # +-12 km/h in 1 s: 3.3 m/s2
    steps = kmh / 3.6
    summary = gps.summarise(steps, kmh, seconds)
    assert summary.sprints == 1  # 3 s above 25.2
    assert summary.hsr_distance_m == pytest.approx((24 + 26 + 27 + 26 + 20) / 3.6)
    assert summary.accelerations >= 1 and summary.decelerations >= 1
    stricter = gps.summarise(steps, kmh, seconds, hsr_kmh=25.0, sprint_kmh=30.0)
    assert stricter.sprints == 0 and stricter.hsr_distance_m < summary.hsr_distance_m


# --- flags -------------------------------------------------------------------------------------------


def test_flags_are_numbers_against_configurable_limits() -> None:
    series = days([100.0] * 44 + [400.0] * 7)
    ratio = load.acwr_ewma(series)
    week = load.monotony(series)
    flags = athlete_flags(series.index[-1].date(), ratio, week, pd.DataFrame(), [series.index[-1].date()])
    spike = next(f for f in flags if f.kind == "load_spike")
    assert spike.value == pytest.approx(ratio.iloc[-1]) and spike.limit == 1.5
    relaxed = FlagRules(acwr_high=5.0)
    assert "load_spike" not in {
        f.kind for f in athlete_flags(series.index[-1].date(), ratio, week, pd.DataFrame(), [], relaxed)
    }
