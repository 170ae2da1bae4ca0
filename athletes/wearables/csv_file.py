"""CSV exports: Polar Flow's sample export, Garmin-style per-second columns, or any CSV with a column
mapping (``time=Timestamp,hr=Heart rate``) given by the user."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from athletes.wearables.recording import Recording
from matchdesk.errors import MatchdeskError

FIELDS = ("time", "hr", "lat", "lon", "distance", "speed")
# Column names recognised without a mapping, lower-cased (Garmin's FIT-to-CSV names and common ones).
KNOWN_COLUMNS = {
    "time": ("time", "timestamp", "datetime", "date_time", "elapsed_s", "seconds"),
    "hr": ("hr", "heart_rate", "heartrate", "hr (bpm)", "heart rate", "bpm"),
    "lat": ("lat", "latitude", "position_lat"),
    "lon": ("lon", "lng", "longitude", "position_long"),
    "distance": ("distance", "distance_m", "distances (m)", "distance (m)"),
    "speed": ("speed", "speed_ms", "enhanced_speed", "speed (m/s)"),
}


def parse_mapping(text: str) -> dict[str, str]:
    """``time=Timestamp,hr=Heart rate`` -> {"time": "Timestamp", "hr": "Heart rate"}."""
    mapping = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        field, _, column = part.partition("=")
        if field not in FIELDS or not column:
            raise ValueError(
                f"column mapping {part!r}: use FIELD=COLUMN with FIELD one of {', '.join(FIELDS)}"
            )
        mapping[field] = column
    return mapping


def read_csv(
    path: Path, mapping: Mapping[str, str] | None = None, start: datetime | None = None
) -> Recording:
    try:
        head = path.read_text(encoding="utf-8-sig", errors="replace").splitlines()[:3]
    except OSError as error:
        raise MatchdeskError(f"cannot read the file ({error})", path) from error
    if len(head) >= 3 and head[2].lower().startswith("sample rate"):
        return _read_polar(path)
    try:
        table = pd.read_csv(path, encoding="utf-8-sig")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise MatchdeskError(f"not a readable CSV file ({error})", path) from error
    columns = _columns(table, mapping or {}, path)
    times = table[columns["time"]]
    begin, seconds = _times(times, path, start)
    return _recording(path, "csv", begin, seconds, table, columns)


def _read_polar(path: Path) -> Recording:
    """Polar Flow: a summary header (name, sport, date, start time...) then one row a second."""
    summary = pd.read_csv(path, nrows=1, encoding="utf-8-sig")
    table = pd.read_csv(path, skiprows=2, encoding="utf-8-sig")
    try:
        day = datetime.strptime(f"{summary['Date'][0]} {summary['Start time'][0]}", "%d-%m-%Y %H:%M:%S")
    except (KeyError, ValueError) as error:
        raise MatchdeskError(f"Polar CSV without a readable date and start time ({error})", path) from error
    mapping = {"time": "Time", "hr": "HR (bpm)", "speed": "Speed (km/h)", "distance": "Distances (m)"}
    columns = _columns(table, {k: v for k, v in mapping.items() if v in table.columns}, path)
    seconds = pd.to_timedelta(table["Time"].astype(str)).dt.total_seconds().to_numpy(np.float64)
    table["Speed (km/h)"] = pd.to_numeric(table.get("Speed (km/h)"), errors="coerce") / 3.6
    return _recording(path, "csv-polar", day.astimezone(), seconds, table, columns)


def _columns(table: pd.DataFrame, mapping: Mapping[str, str], path: Path) -> dict[str, str]:
    lowered = {str(c).strip().lower(): str(c) for c in table.columns}
    found = {}
    for field in FIELDS:
        if field in mapping:
            if mapping[field] not in table.columns:
                raise MatchdeskError(
                    f"CSV has no column {mapping[field]!r} (mapped to {field}); its columns: "
                    f"{', '.join(map(str, table.columns))}",
                    path,
                )
            found[field] = mapping[field]
            continue
        match = next((lowered[name] for name in KNOWN_COLUMNS[field] if name in lowered), None)
        if match is not None:
            found[field] = match
    missing = [f for f in ("time", "hr") if f not in found]
    if missing:
        raise MatchdeskError(
            f"CSV has no {' or '.join(missing)} column; its columns: {', '.join(map(str, table.columns))}"
            " (give a mapping such as time=Timestamp,hr=HeartRate)",
            path,
        )
    return found


def _times(column: pd.Series, path: Path, start: datetime | None = None) -> tuple[datetime, np.ndarray]:
    """Start and seconds from it. Elapsed seconds carry no date: the start is ``start`` when the user
    gave one, else the file's modification time taken as the end of the activity."""
    numeric = pd.to_numeric(column, errors="coerce")
    if numeric.notna().all():
        if start is None:
            modified = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
            start = modified - timedelta(seconds=float(numeric.iloc[-1] - numeric.iloc[0]))
        return start, (numeric - numeric.iloc[0]).to_numpy(np.float64)
    stamps = pd.to_datetime(column, errors="coerce", utc=False)
    if stamps.isna().any():
        bad = column[stamps.isna()].iloc[0]
        raise MatchdeskError(f"CSV time {bad!r} is not a time", path)
    first = stamps.iloc[0]
    start = first.to_pydatetime()
    start = start.astimezone() if start.tzinfo is None else start
    return start, (stamps - first).dt.total_seconds().to_numpy(np.float64)


def _recording(
    path: Path, kind: str, start: datetime, seconds: np.ndarray, table: pd.DataFrame, columns: dict[str, str]
) -> Recording:
    def column(field: str) -> np.ndarray | None:
        if field not in columns:
            return None
        values: np.ndarray = pd.to_numeric(table[columns[field]], errors="coerce").to_numpy(np.float64)
        return values

    hr = column("hr")
    assert hr is not None
    return Recording(
        source=path,
        format=kind,
        start=start,
        seconds=seconds,
        hr=hr,
        latitude=column("lat"),
        longitude=column("lon"),
        distance_m=column("distance"),
        speed_ms=column("speed"),
    )
