"""TCX (Garmin Training Center) activities: trackpoints with time, position, distance, heart rate and
the ActivityExtension speed."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from datetime import datetime
from pathlib import Path

import numpy as np

from athletes.wearables.recording import Recording, local_start, measured, seconds_since
from matchdesk.errors import MatchdeskError


def read_tcx(path: Path) -> Recording:
    times: list[datetime] = []
    columns: dict[str, list[float]] = {"hr": [], "lat": [], "lon": [], "distance": [], "speed": []}
    sport = None
    try:
        for _, element in ElementTree.iterparse(path, events=("end",)):
            name = _local(element.tag)
            if name == "Activity":
                sport = element.get("Sport")
            if name != "Trackpoint":
                continue
            values = {_local(child.tag): child for child in element.iter()}
            stamp = values.get("Time")
            if stamp is None or not stamp.text:
                continue
            times.append(parse_time(stamp.text, path))
            heart = values.get("HeartRateBpm")
            heart_value = heart.find("{*}Value") if heart is not None else None
            columns["hr"].append(_float(heart_value.text if heart_value is not None else None))
            columns["lat"].append(_float(_text(values, "LatitudeDegrees")))
            columns["lon"].append(_float(_text(values, "LongitudeDegrees")))
            columns["distance"].append(_float(_text(values, "DistanceMeters")))
            columns["speed"].append(_float(_text(values, "Speed")))
            element.clear()
    except ElementTree.ParseError as error:
        raise MatchdeskError(f"not a readable TCX file ({error})", path) from error
    if not times:
        raise MatchdeskError("TCX file has no trackpoints", path)
    hr = np.array(columns["hr"])
    return Recording(
        source=path,
        format="tcx",
        start=local_start(times[0], None),
        seconds=seconds_since(times, times[0]),
        hr=hr,
        latitude=measured(columns["lat"]),
        longitude=measured(columns["lon"]),
        distance_m=measured(columns["distance"]),
        speed_ms=measured(columns["speed"]),
        sport=sport,
    )


def parse_time(text: str, path: Path) -> datetime:
    """An ISO 8601 time as TCX and GPX write it (``Z`` or an offset); a time without a zone is refused."""
    try:
        stamp = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as error:
        raise MatchdeskError(f"unreadable time {text!r}", path) from error
    if stamp.tzinfo is None:
        raise MatchdeskError(f"time {text!r} has no time zone", path)
    return stamp


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _text(values: dict[str, ElementTree.Element], name: str) -> str | None:
    element = values.get(name)
    return element.text if element is not None else None


def _float(text: str | None) -> float:
    try:
        return float(text) if text is not None else float("nan")
    except ValueError:
        return float("nan")
