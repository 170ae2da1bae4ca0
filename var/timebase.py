"""Exact conversions between frame indices, timestamps and seconds.

Frame indices are 0-based integers counted in display order; timestamps (pts) are
integers in a stream's time base; seconds are ``Fraction``. Floats never enter, so
29.97 fps stays 30000/1001 and frame 107892 of a 1 h clip maps back to itself.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import numpy.typing as npt


def _round_half_up(value: Fraction) -> int:
    # Python's round() rounds halves to even; timestamps want a rule that never depends on parity.
    return int((value + Fraction(1, 2)) // 1)


def frame_to_seconds(index: int, frame_rate: Fraction) -> Fraction:
    """Seconds from the first frame to frame ``index`` of a constant-rate stream."""
    return Fraction(index) / frame_rate


def seconds_to_frame(seconds: Fraction, frame_rate: Fraction) -> int:
    """The frame on screen at ``seconds`` after the first frame (the last one that started)."""
    return int((seconds * frame_rate) // 1)


def frame_to_pts(index: int, frame_rate: Fraction, time_base: Fraction, start_pts: int = 0) -> int:
    """The timestamp of frame ``index`` in a constant-rate stream, rounded as muxers round it."""
    return start_pts + _round_half_up(Fraction(index) / (frame_rate * time_base))


def frames_to_pts(
    count: int, frame_rate: Fraction, time_base: Fraction, start_pts: int = 0
) -> npt.NDArray[np.int64]:
    """``frame_to_pts`` for frames ``0 .. count - 1`` at once, in exact integer arithmetic."""
    step = 1 / (frame_rate * time_base)  # ticks per frame, exact
    indices = np.arange(count, dtype=np.int64)
    # floor(i * p / q + 1/2) == (2 * i * p + q) // (2 * q)
    return start_pts + (2 * indices * step.numerator + step.denominator) // (2 * step.denominator)


def pts_to_frame(pts: int, frame_rate: Fraction, time_base: Fraction, start_pts: int = 0) -> int:
    """The frame whose timestamp is nearest ``pts`` in a constant-rate stream.

    Nearest rather than floor, because muxers round each frame's timestamp to the time base.
    """
    return _round_half_up((pts - start_pts) * time_base * frame_rate)


def pts_to_seconds(pts: int, time_base: Fraction) -> Fraction:
    """A timestamp in seconds."""
    return pts * time_base


def format_timecode(seconds: Fraction) -> str:
    """``H:MM:SS.mmm`` (milliseconds truncated) for display; negative times get a leading minus."""
    sign = "-" if seconds < 0 else ""
    millis = int(abs(seconds) * 1000 // 1)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, ms = divmod(rest, 1000)
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}.{ms:03d}"


def parse_fraction(text: str) -> Fraction:
    """Read ``"30000/1001"``, ``"29.97"`` or ``"25"`` as an exact Fraction.

    Raises:
        ValueError: the text is not a positive rate.
    """
    value = Fraction(text.strip())
    if value <= 0:
        raise ValueError(f"rate must be positive, got {text!r}")
    return value
