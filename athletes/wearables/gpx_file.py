"""GPX tracks through gpxpy, with heart rate from Garmin's TrackPointExtension (``hr``) when present."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import gpxpy
import gpxpy.gpx
import numpy as np

from athletes.wearables.recording import Recording, local_start, seconds_since
from matchdesk.errors import MatchdeskError


def read_gpx(path: Path) -> Recording:
    try:
        with path.open(encoding="utf-8") as handle:
            document = gpxpy.parse(handle)
    except (gpxpy.gpx.GPXException, ValueError, OSError) as error:
        raise MatchdeskError(f"not a readable GPX file ({error})", path) from error
    times: list[datetime] = []
    hr, lat, lon = [], [], []
    for track in document.tracks:
        for segment in track.segments:
            for point in segment.points:
                if point.time is None:
                    continue
                stamp = point.time
                if stamp.tzinfo is None:
                    raise MatchdeskError("GPX times have no time zone", path)
                times.append(stamp)
                lat.append(point.latitude)
                lon.append(point.longitude)
                hr.append(_heart_rate(point))
    if not times:
        raise MatchdeskError("GPX file has no timed track points", path)
    latitude, longitude = np.array(lat, dtype=np.float64), np.array(lon, dtype=np.float64)
    return Recording(
        source=path,
        format="gpx",
        start=local_start(times[0], None),
        seconds=seconds_since(times, times[0]),
        hr=np.array(hr, dtype=np.float64),
        latitude=latitude,
        longitude=longitude,
        sport=document.tracks[0].type if document.tracks else None,
    )


def _heart_rate(point: gpxpy.gpx.GPXTrackPoint) -> float:
    for extension in point.extensions:
        for element in extension.iter():
            if element.tag.rpartition("}")[2] == "hr" and element.text:
                try:
                    return float(element.text)
                except ValueError:
                    return float("nan")
    return float("nan")
