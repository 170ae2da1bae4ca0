"""Each named athlete's load in a session: external load from the video beside internal load from his
strap, for the whole session or for the windows of the events of one code (a drill, a small-sided
game). Every figure says where it came from: the camera, the calibration's error, and the part of
the session the athlete was tracked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from athletes.coding.events import CodedEvent
from athletes.science.load import banister_trimp_samples
from athletes.video_session.folder import Angle
from athletes.video_session.pitch import AnglePitch
from athletes.video_session.records import SquadMember
from athletes.video_session.wearables import PlacedRecording
from tracking.external_load import LINKE_2018, external_load
from tracking.track_names import TrackNames


@dataclass(frozen=True)
class Window:
    """The frames a load is taken over: the whole session, or the events of one code."""

    frames: tuple[tuple[int, int], ...]  # (first, last) display frames
    label: str

    @classmethod
    def whole(cls, angle: Angle) -> Window:
        return cls(((0, angle.frames - 1),), "session")

    @classmethod
    def of_code(cls, code: str, events: Sequence[CodedEvent], frame_rate: Fraction) -> Window:
        spans = tuple((int(e.start * frame_rate), int(e.end * frame_rate)) for e in events if e.code == code)
        return cls(spans, code)

    def holds(self, frames: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        inside = np.zeros(len(frames), bool)
        for first, last in self.frames:
            inside |= (frames >= first) & (frames <= last)
        return inside

    @property
    def frame_count(self) -> int:
        return sum(last - first + 1 for first, last in self.frames)


def athletes_load(
    athletes: Sequence[str],
    angle: Angle,
    names: TrackNames,
    pitch: AnglePitch,
    window: Window,
    straps: dict[str, PlacedRecording],
    members: dict[str, SquadMember] | None = None,
) -> list[dict[str, Any]]:
    """One row per athlete as ``matchdesk session load --json`` prints it. ``members``: the athletes'
    records (their thresholds, HRmax and HRrest for TRIMP, and whether their heart rate may be used);
    without, the default thresholds and no TRIMP."""
    rows = []
    for athlete in athletes:
        member = (members or {}).get(athlete)
        own = names.rows_of(athlete).seen()
        own = own[window.holds(own.frame)]
        positions = pitch.places(own, angle.picture_size, float(angle.frame_rate))
        load = external_load(own.frame, positions, angle.frame_rate, member.thresholds if member else None)
        strap = straps.get(athlete) if member is None or member.heart_rate_allowed else None
        heart = trimp = None
        if strap is not None and strap.recording.has_hr:
            hr = strap.recording.hr
            inside = window.holds(np.round(strap.frames).astype(np.int64)) & ~np.isnan(hr)
            heart = float(np.mean(hr[inside])) if inside.any() else None
            if inside.any() and member is not None and member.hr_max and member.hr_rest:
                seconds = strap.recording.seconds
                durations = np.diff(seconds, append=seconds[-1])
                trimp = banister_trimp_samples(
                    hr[inside], durations[inside], member.hr_rest, member.hr_max, member.sex
                )
        window_s = window.frame_count / float(angle.frame_rate)
        rows.append(
            {
                "athlete": athlete,
                **load.to_json_dict(),
                "trimp": None if trimp is None else round(trimp, 1),  # needs the record's HRmax, HRrest
                "hr_mean": None if heart is None else round(heart, 1),
                "window": window.label,
                "source": {
                    "camera": angle.name,
                    "calibration": pitch.source,
                    "calibration_error_px": round(pitch.error_px, 2),
                    "tracked_share": round(min(1.0, load.tracked_s / window_s), 3) if window_s else 0.0,
                    "heart_rate": None if strap is None else strap.recording.source.name,
                },
                "note": LINKE_2018,
            }
        )
    return rows
