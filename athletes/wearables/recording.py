"""``Recording``: one wearable activity as read from a file or a live strap, before it is stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


@dataclass
class Recording:
    """Samples of one activity. ``seconds`` count from ``start`` (timezone-aware); missing values are
    NaN; ``distance_m`` is the device's cumulative distance when it gave one."""

    source: Path
    format: str
    start: datetime
    seconds: FloatArray
    hr: FloatArray
    latitude: FloatArray | None = None
    longitude: FloatArray | None = None
    distance_m: FloatArray | None = None
    speed_ms: FloatArray | None = None
    rr_ms: FloatArray = field(default_factory=lambda: np.zeros(0))
    sport: str | None = None

    def __post_init__(self) -> None:
        if self.start.tzinfo is None:
            raise ValueError("a recording's start needs a time zone")
        count = len(self.seconds)
        for name in ("hr", "latitude", "longitude", "distance_m", "speed_ms"):
            values = getattr(self, name)
            if values is not None and len(values) != count:
                raise ValueError(f"{name} has {len(values)} samples, seconds has {count}")

    @property
    def samples(self) -> int:
        return len(self.seconds)

    @property
    def has_gps(self) -> bool:
        return self.latitude is not None and bool(np.isfinite(self.latitude).any())

    @property
    def has_hr(self) -> bool:
        return bool(np.isfinite(self.hr).any())


def local_start(start_utc: datetime, local: datetime | None) -> datetime:
    """``start_utc`` in the device's own zone, when the device told its local clock (FIT does), else
    in this machine's zone."""
    if local is not None:
        naive_local = local.replace(tzinfo=None)
        offset = naive_local - start_utc.replace(tzinfo=None)
        minutes = round(offset.total_seconds() / 900) * 15  # zones are whole quarter hours
        return start_utc.astimezone(timezone(timedelta(minutes=minutes)))
    return start_utc.astimezone()


def measured(values: list[float]) -> FloatArray | None:
    """A column of samples, or None when the file never measured it (every sample missing)."""
    array = np.array(values, dtype=np.float64)
    return array if np.isfinite(array).any() else None


def seconds_since(times: list[datetime], start: datetime) -> FloatArray:
    return np.array([(t - start).total_seconds() for t in times], dtype=np.float64)
