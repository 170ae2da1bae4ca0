"""The lanes along the finish line: the painted lane lines, which stay still while runners pass.

The finish line itself is white, so the lane lines are looked for just before it, on the track:
bright, narrow stripes that every frame shows in the same place (the median over time).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

logger = logging.getLogger(__name__)

OFF_THE_LINE = 4  # pixels: what lies this far beside the finish line is the track, not the line


@dataclass(frozen=True)
class Lanes:
    """Lane ``k`` (from 1) spans ``bounds[k - 1] .. bounds[k]`` samples along the line."""

    bounds: tuple[float, ...]
    from_lane_lines: bool  # False: no lane lines were seen, the line was divided equally

    @property
    def count(self) -> int:
        return len(self.bounds) - 1

    def samples_of(self, lane: int, margin: float = 0.15) -> slice:
        """The samples well inside lane ``lane`` (a margin off each lane line)."""
        first, last = self.bounds[lane - 1], self.bounds[lane]
        inset = (last - first) * margin
        return slice(int(np.ceil(first + inset)), int(np.floor(last - inset)) + 1)


def find_lanes(background: npt.NDArray[np.float64], expected: int | None) -> Lanes:
    """Lanes from the still picture across the line (``(samples, band)``, grey).

    ``expected``: how many lanes there should be (``--lanes``); None takes what the lane lines show.
    """
    half = background.shape[1] // 2
    # Just beside the line: farther off, a lane line that crosses it at a slant has moved along it.
    beside = np.r_[
        half - 2 * OFF_THE_LINE : half - OFF_THE_LINE, half + OFF_THE_LINE + 1 : half + 2 * OFF_THE_LINE + 1
    ]
    profile = background[:, beside].mean(axis=1)
    samples = len(profile)
    lines = _with_the_ends(_bright_stripes(profile), samples)
    if len(lines) >= 2 and (expected is None or len(lines) == expected + 1):
        return Lanes(tuple(lines), True)
    count = expected or max(len(lines) - 1, 1)
    logger.warning(
        "%s lane lines seen where %s lanes need %d: the finish line is divided equally into %d lanes",
        len(lines),
        expected if expected is not None else "the",
        count + 1,
        count,
    )
    return Lanes(tuple(np.linspace(0, samples - 1, count + 1)), False)


def _with_the_ends(lines: list[float], samples: int) -> list[float]:
    """The line's own ends count as lane lines where the judge drew it from outer line to outer line
    (a stripe cut in half at the end is not seen as one)."""
    if len(lines) < 2:
        return lines
    spacing = float(np.median(np.diff(lines)))
    if lines[0] > 0.5 * spacing:
        lines = [0.0, *lines]
    if samples - 1 - lines[-1] > 0.5 * spacing:
        lines = [*lines, float(samples - 1)]
    return lines


def _bright_stripes(profile: npt.NDArray[np.float64]) -> list[float]:
    """Centres of the narrow bright runs of ``profile`` (painted lines on a darker track)."""
    base = float(np.median(profile))
    spread = float(np.percentile(profile, 99)) - base
    if spread < 20:  # no painted line stands out from the track
        return []
    bright = profile > base + 0.35 * spread
    centres = []
    start = None
    for index, is_bright in enumerate(np.append(bright, False)):
        if is_bright and start is None:
            start = index
        elif not is_bright and start is not None:
            if index - start <= 12:  # a line, not a white runner's shirt in the background
                weights = profile[start:index] - base
                centres.append(float(np.average(np.arange(start, index), weights=weights)))
            start = None
    return centres
