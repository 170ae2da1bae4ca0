"""FIT activities (Garmin, Polar, Coros, Wahoo...) through fitdecode: records, HRV (RR) messages and the
device's local clock."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import fitdecode
import numpy as np

from athletes.wearables.recording import Recording, local_start, measured, seconds_since
from matchdesk.errors import MatchdeskError

SEMICIRCLE_DEGREES = 180.0 / 2**31


def read_fit(path: Path) -> Recording:
    times: list[datetime] = []
    columns: dict[str, list[float]] = {"hr": [], "lat": [], "lon": [], "distance": [], "speed": []}
    rr_seconds: list[float] = []
    local_clock: tuple[datetime, datetime] | None = None
    sport = None
    try:
        with fitdecode.FitReader(str(path), check_crc=fitdecode.CrcCheck.RAISE) as reader:
            for frame in reader:
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                if frame.name == "record":
                    stamp = _value(frame, "timestamp")
                    if not isinstance(stamp, datetime):
                        continue
                    times.append(stamp)
                    columns["hr"].append(_number(_value(frame, "heart_rate")))
                    columns["lat"].append(_number(_value(frame, "position_lat")) * SEMICIRCLE_DEGREES)
                    columns["lon"].append(_number(_value(frame, "position_long")) * SEMICIRCLE_DEGREES)
                    columns["distance"].append(_number(_value(frame, "distance")))
                    speed = _value(frame, "enhanced_speed")
                    columns["speed"].append(_number(speed if speed is not None else _value(frame, "speed")))
                elif frame.name == "hrv":
                    intervals = _value(frame, "time")
                    values = intervals if isinstance(intervals, tuple | list) else (intervals,)
                    rr_seconds.extend(float(v) for v in values if v is not None)
                elif frame.name == "activity":
                    utc, local = _value(frame, "timestamp"), _value(frame, "local_timestamp")
                    if isinstance(utc, datetime) and isinstance(local, datetime):
                        local_clock = (utc, local)
                elif frame.name == "sport" and sport is None:
                    sport = _value(frame, "sport")
    except fitdecode.FitEOFError as error:
        raise MatchdeskError(
            f"truncated FIT file: it ends in the middle of a record ({error})", path
        ) from error
    except fitdecode.FitCRCError as error:
        raise MatchdeskError(f"damaged FIT file: checksum does not match ({error})", path) from error
    except (fitdecode.FitError, OSError) as error:
        raise MatchdeskError(f"not a readable FIT file ({error})", path) from error
    if not times:
        raise MatchdeskError("FIT file has no activity records", path)
    start = times[0]
    if local_clock is not None:
        utc, local = local_clock
        start = local_start(start, local - (utc - start))
    else:
        start = local_start(start, None)
    return Recording(
        source=path,
        format="fit",
        start=start,
        seconds=seconds_since(times, times[0]),
        hr=np.array(columns["hr"]),
        latitude=measured(columns["lat"]),
        longitude=measured(columns["lon"]),
        distance_m=measured(columns["distance"]),
        speed_ms=measured(columns["speed"]),
        rr_ms=np.array(rr_seconds) * 1000.0,
        sport=str(sport) if sport is not None else None,
    )


def _value(frame: Any, name: str) -> Any:
    return frame.get_value(name, fallback=None)


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) else float("nan")
