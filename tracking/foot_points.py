"""Where a tracked player's feet are when his box does not show them.

A player's place on the pitch is read at his feet: the middle of his box's bottom edge. Two things
hide the feet, and then that point is not where he stands:

- the bottom of the picture. A player leaving a wide camera's picture at the bottom has his box cut
  there: its bottom edge stays on the picture's last row while he walks on, a metre and more away on
  the pitch. His feet are his box's top plus his height: the median height of his whole boxes around
  that moment.
- a player in front of him. The box of the man behind then ends where the front man hides him: it is
  shorter than his whole boxes around that moment, with its top where it was. Where his feet are is
  not shown, so that point is left out (NaN: the load takes the straight way between the points
  either side, as it does across any short gap).

A man going down is not hidden (his box gets wider as it gets shorter: :mod:`tracking.lying_down`).
A box cut at a side of the picture keeps its bottom edge's middle: moving it out by half his width
did no better on the sample match (where its error is in the height: the detector's box on a sliver
of a player ends above his feet).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from tracking.lying_down import is_down

HEIGHT_SECONDS = 1.0  # his height at a frame is the median of his whole boxes within this of it
SHORT_SHARE = 0.85  # a box shorter than this share of his height, away from the edges, is hidden in part
EDGE_PX = 1.5  # a box this near the picture's edge is cut by it

FloatArray = npt.NDArray[np.float64]


def foot_points(
    frames: npt.ArrayLike,
    boxes: npt.ArrayLike,
    picture_size: tuple[int, int] | None,
    frame_rate: float,
) -> FloatArray:
    """The picture point of the feet in each of one athlete's ``boxes`` (xyxy) at ``frames`` ((n, 2);
    NaN where they are hidden). ``picture_size`` is (width, height); without it, a box cut by the
    picture's bottom is not told apart and keeps its bottom edge's middle."""
    frames = np.asarray(frames, np.int64)
    xyxy = np.asarray(boxes, np.float64).reshape(-1, 4)
    x1, y1, x2, y2 = xyxy.T
    heights = y2 - y1
    feet = np.column_stack([(x1 + x2) / 2, y2])
    width, height = picture_size if picture_size is not None else (np.inf, np.inf)
    top, bottom = y1 <= EDGE_PX, y2 >= height - EDGE_PX
    down = is_down(xyxy)
    whole = ~(top | bottom | (x1 <= EDGE_PX) | (x2 >= width - EDGE_PX) | down)
    usual = _height_around(frames, heights, whole, HEIGHT_SECONDS * frame_rate)
    cut_below = bottom & ~top  # however short the box the picture cuts: that is no man lying
    feet[cut_below, 1] = y1[cut_below] + usual[cut_below]  # NaN when he was never seen whole
    feet[whole & (heights < SHORT_SHARE * usual)] = np.nan
    return feet


def _height_around(
    frames: npt.NDArray[np.int64], heights: FloatArray, whole: npt.NDArray[np.bool_], reach: float
) -> FloatArray:
    """The median height of the whole boxes within ``reach`` frames of each row (NaN where none)."""
    usual = np.full(len(frames), np.nan)
    order = np.argsort(frames[whole], kind="stable")
    whole_frames, whole_heights = frames[whole][order], heights[whole][order]
    starts = np.searchsorted(whole_frames, frames - reach, side="left")
    ends = np.searchsorted(whole_frames, frames + reach, side="right")
    for row, (start, end) in enumerate(zip(starts, ends, strict=True)):
        if end > start:
            usual[row] = np.median(whole_heights[start:end])
    return usual
