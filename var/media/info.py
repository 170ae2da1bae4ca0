"""What a referee needs to know about one camera file, in exact numbers."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any


@dataclass(frozen=True)
class VideoInfo:
    """Facts about the displayed video of one file.

    Attributes:
        path: the source file.
        frame_count: frames a viewer actually sees (pre-roll hidden by an edit list excluded).
        frame_rate: exact rate; for variable-rate files the average over the clip.
        time_base: the stream's timestamp unit in seconds.
        start_time: timestamp of the first displayed frame, in seconds.
        duration: from the start of the first frame to the end of the last, in seconds.
        width: displayed width, after rotation.
        height: displayed height, after rotation.
        rotation: degrees (0, 90, 180, 270) the stored picture is turned clockwise to stand upright.
        codec: the decoder's name, e.g. ``h264``.
        variable_frame_rate: frames are not evenly spaced in time.
        keyframes: display indices of frames a decoder can start from.
        gaps: where a constant-rate camera has no frames (it dropped out while being recorded):
            ``(first missing slot, slots missing)`` on the frame-rate grid counted from frame 0.
        warning: what is wrong with the file without keeping it from opening (a copy cut off
            before its end), or ``""``.
    """

    path: str
    frame_count: int
    frame_rate: Fraction
    time_base: Fraction
    start_time: Fraction
    duration: Fraction
    width: int
    height: int
    rotation: int
    codec: str
    variable_frame_rate: bool
    keyframes: tuple[int, ...]
    gaps: tuple[tuple[int, int], ...] = ()
    warning: str = ""

    def to_json_dict(self) -> dict[str, Any]:
        """The fields as JSON values; fractions as ``"num/den"`` strings plus float seconds."""
        return {
            "path": self.path,
            "frame_count": self.frame_count,
            "frame_rate": _fraction_text(self.frame_rate),
            "time_base": _fraction_text(self.time_base),
            "start_time": _fraction_text(self.start_time),
            "start_time_seconds": float(self.start_time),
            "duration": _fraction_text(self.duration),
            "duration_seconds": float(self.duration),
            "width": self.width,
            "height": self.height,
            "rotation": self.rotation,
            "codec": self.codec,
            "variable_frame_rate": self.variable_frame_rate,
            "keyframes": list(self.keyframes),
            "gaps": [list(gap) for gap in self.gaps],
            "warning": self.warning,
        }


def _fraction_text(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"
