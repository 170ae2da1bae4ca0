"""The finish line in the picture, and where to sample along and across it (to sub-pixel precision)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matchdesk.errors import MatchdeskError

Grid = npt.NDArray[np.float32]


@dataclass(frozen=True)
class FinishLine:
    """From ``(x1, y1)``, lane 1's end, to ``(x2, y2)``, in pixels of the picture."""

    x1: float
    y1: float
    x2: float
    y2: float

    @classmethod
    def parse(cls, text: str) -> FinishLine:
        """``X1,Y1,X2,Y2`` as typed after ``--line``."""
        try:
            x1, y1, x2, y2 = (float(part) for part in text.split(","))
        except ValueError as error:
            raise MatchdeskError(
                f"--line {text!r}: give it as X1,Y1,X2,Y2 in pixels, e.g. 560,520,600,110"
            ) from error
        line = cls(x1, y1, x2, y2)
        if line.length < 10:
            raise MatchdeskError(f"--line {text!r}: the line is only {line.length:.0f} px long")
        return line

    @property
    def length(self) -> float:
        return math.hypot(self.x2 - self.x1, self.y2 - self.y1)

    @property
    def samples(self) -> int:
        """Points sampled along the line: one per pixel of its length."""
        return int(math.ceil(self.length)) + 1

    def check_inside(self, width: int, height: int, about: str) -> None:
        """Raises MatchdeskError when the line leaves a ``width`` x ``height`` picture."""
        for x, y in ((self.x1, self.y1), (self.x2, self.y2)):
            if not (0 <= x <= width - 1 and 0 <= y <= height - 1):
                raise MatchdeskError(
                    f"the finish line's end ({x:.0f}, {y:.0f}) is outside the {width}x{height} picture", about
                )

    def grid(self, half_band: int) -> tuple[Grid, Grid]:
        """Sampling coordinates ``(xs, ys)``, each ``(samples, 2 * half_band + 1)``: along the line
        from (x1, y1), and across it from ``-half_band`` to ``+half_band`` pixels along its normal."""
        along = np.linspace(0.0, 1.0, self.samples)
        dx, dy = (self.x2 - self.x1) / self.length, (self.y2 - self.y1) / self.length
        normal = (-dy, dx)  # the line turned a quarter: which way runners go is found later
        across = np.arange(-half_band, half_band + 1, dtype=np.float64)
        xs = self.x1 + (self.x2 - self.x1) * along[:, None] + normal[0] * across[None, :]
        ys = self.y1 + (self.y2 - self.y1) * along[:, None] + normal[1] * across[None, :]
        return xs.astype(np.float32), ys.astype(np.float32)

    def rows(self) -> npt.NDArray[np.float64]:
        """The picture row of each point along the line (a rolling shutter exposes rows in turn)."""
        return np.linspace(self.y1, self.y2, self.samples)
