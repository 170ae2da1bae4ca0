"""Flags a coach can act on: load spikes, HRV below its normal band, monotonous weeks, missing
wellness entries. They report numbers against configurable limits; they do not predict injury."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd


@dataclass(frozen=True)
class FlagRules:
    acwr_high: float = 1.5  # acute:chronic (EWMA) above this is a spike
    monotony_high: float = 2.0  # Foster's threshold
    wellness_days: int = 3  # a flag when no questionnaire in this many days
    hrv_days: int = 7  # HRV compared with the band of the last readings in this many days


@dataclass(frozen=True)
class Flag:
    kind: str  # "load_spike", "hrv_low", "monotony", "wellness_missing"
    day: date
    value: float | None
    limit: float | None
    message: str  # in English, for logs and scripts; reports word it from the numbers (report_text)
    band: tuple[float, float] | None = None  # HRV's normal band, low and high


def athlete_flags(
    today: date,
    acwr_ewma: pd.Series,
    monotony: pd.Series,
    hrv_band: pd.DataFrame,
    wellness_days: list[date],
    rules: FlagRules | None = None,
) -> list[Flag]:
    """The flags standing on ``today`` for one athlete."""
    rules = rules or FlagRules()
    flags = []
    ratio = _on(acwr_ewma, today)
    if ratio is not None and ratio > rules.acwr_high:
        flags.append(
            Flag(
                "load_spike", today, ratio, rules.acwr_high, f"ACWR (EWMA) {ratio:.2f} > {rules.acwr_high:g}"
            )
        )
    week = _on(monotony, today)
    if week is not None and week > rules.monotony_high:
        flags.append(
            Flag(
                "monotony", today, week, rules.monotony_high, f"monotony {week:.2f} > {rules.monotony_high:g}"
            )
        )
    recent = (
        hrv_band[
            pd.DatetimeIndex(hrv_band.index) >= pd.Timestamp(today - timedelta(days=rules.hrv_days - 1))
        ].dropna()
        if len(hrv_band)
        else hrv_band
    )
    if len(recent):
        last = recent.iloc[-1]
        if last["baseline"] < last["low"]:
            flags.append(
                Flag(
                    "hrv_low",
                    recent.index[-1].date(),
                    float(last["baseline"]),
                    float(last["low"]),
                    f"lnRMSSD 7-day mean {last['baseline']:.2f} below the normal band"
                    f" ({last['low']:.2f}-{last['high']:.2f})",
                    (float(last["low"]), float(last["high"])),
                )
            )
    since = today - timedelta(days=rules.wellness_days - 1)
    if not any(since <= d <= today for d in wellness_days):
        flags.append(
            Flag(
                "wellness_missing",
                today,
                None,
                float(rules.wellness_days),
                f"no wellness entry in the last {rules.wellness_days} days",
            )
        )
    return flags


def _on(series: pd.Series, today: date) -> float | None:
    stamp = pd.Timestamp(today)
    if stamp not in series.index:
        return None
    value = series.loc[stamp]
    return None if pd.isna(value) else float(value)
