"""A video's frame rate from its timestamps: exact when every frame sits on a standard grid, the
gaps a camera that dropped out left in it, and the duration that follows."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from var.timebase import frames_to_pts

Int64Array = npt.NDArray[np.int64]

# Rates cameras and broadcasters actually use; a stream on one of these grids is reported at it exactly.
STANDARD_RATES = tuple(
    Fraction(r)
    for r in (
        "24000/1001",
        "24",
        "25",
        "30000/1001",
        "30",
        "48",
        "50",
        "60000/1001",
        "60",
        "100",
        "120000/1001",
        "120",
        "240",
    )
)


Gaps = tuple[tuple[int, int], ...]  # (first missing slot, slots missing), on the frame-rate grid


def frame_rate_of(
    pts: Int64Array, time_base: Fraction, stated: list[Fraction]
) -> tuple[Fraction, bool, Gaps]:
    """The exact rate if every frame sits on a constant-rate grid (to one tick), else the average.

    A camera that dropped out leaves holes in its grid: the rate is still exact, and the holes are
    returned as gaps.
    """
    count = int(pts.shape[0])
    if count < 2:
        return (stated[0] if stated else Fraction(25)), False, ()
    start = int(pts[0])
    average = Fraction(count - 1) / ((int(pts[-1]) - start) * time_base)
    standard = sorted(
        (r for r in STANDARD_RATES if abs(r / average - 1) < Fraction(1, 200)), key=lambda r: abs(r - average)
    )
    for rate in [*standard, *stated]:
        if int(np.max(np.abs(frames_to_pts(count, rate, time_base, start) - pts))) <= 1:
            return rate, False, ()
    # Each connection of a recorded camera is on the camera's grid; between them, whole frames missing.
    steps = np.diff(pts)
    typical = float(np.median(steps))
    breaks = np.flatnonzero(steps > 1.5 * typical)
    pieces = np.split(pts, breaks + 1)
    for rate in sorted({*STANDARD_RATES, *stated}, key=lambda r: abs(float(1 / (r * time_base)) - typical))[
        :3
    ]:
        step = 1 / (rate * time_base)
        if all(
            int(np.max(np.abs(frames_to_pts(len(piece), rate, time_base, int(piece[0])) - piece))) <= 1
            for piece in pieces
        ):
            holes = ((at + 1, round((int(pts[at + 1]) - int(pts[at])) / step) - 1) for at in breaks.tolist())
            return rate, False, slot_gaps(holes)
    return average, True, ()


def slot_gaps(holes: Iterable[tuple[int, int]]) -> Gaps:
    """Holes, each ``(the frame right after it, frames missing)`` in order, as gaps on the frame grid:
    ``(first missing slot, slots missing)``, every earlier hole's slots counted in."""
    gaps: list[tuple[int, int]] = []
    for after, missing in holes:
        gaps.append((after + sum(m for _, m in gaps), missing))
    return tuple(gaps)


def duration_of(pts: Int64Array, time_base: Fraction, frame_rate: Fraction) -> Fraction:
    # A variable-rate file's last frame lasts one average frame period.
    return (int(pts[-1]) - int(pts[0])) * time_base + 1 / frame_rate
