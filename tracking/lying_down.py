"""A player lying on the grass is not running: his place is held while he is down.

The detector's box on a man lying down is about as tall as wide, or wider (standing, he is two to
three times taller than wide), and it changes shape from frame to frame (an arm raised, a knee bent),
so its foot point, the bottom edge's middle, wanders by a metre and more while he lies still: metres
he never ran. Where a track's box stays no taller than ``DOWN_ASPECT`` times its width for
``DOWN_SECONDS`` or longer, his position over that spell is held where he went down: his place in the
last frame before it (within ``GAP_SECONDS``). A man falls around his feet, and the bottom edge of the
box on him lying is his head or his shoulders, a metre from where he stood: the way from one to the
other is not metres run either. Down from the first frame he was seen, he is held at the spell's
median place. A slide or a dive is shorter, and is left as it was run.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

DOWN_SECONDS = 1.0
DOWN_ASPECT = 1.25  # a box at most this much taller than wide is a man down: standing, he is 2-3 times
GAP_SECONDS = 1.5  # unseen for longer than this between two frames down, he may have got up between

Positions = npt.NDArray[np.float64]


def held_while_down(
    frames: npt.NDArray[np.int64],
    boxes: npt.NDArray[np.float32],
    positions: Positions,
    frame_rate: float,
) -> Positions:
    """``positions`` (one per frame of ``frames``; NaN where unknown) with each long spell lying down
    held where he went down."""
    order = np.argsort(frames, kind="stable")
    frames, boxes = frames[order], boxes[order]
    held = np.array(positions, dtype=np.float64)[order]
    down = is_down(boxes)
    for first, last in _spells(frames, down, GAP_SECONDS * frame_rate):
        if frames[last] - frames[first] >= DOWN_SECONDS * frame_rate:
            spell = held[first : last + 1]  # a view: held is changed through it
            known = ~np.isnan(spell).any(axis=1)
            went_down = _place_before(frames, held, first, GAP_SECONDS * frame_rate)
            if went_down is not None:
                spell[known] = went_down
            elif known.any():
                spell[known] = np.median(spell[known], axis=0)
    unsorted = np.empty_like(held)
    unsorted[order] = held
    return unsorted


def is_down(boxes: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """Which boxes (xyxy) are a man lying: no taller than ``DOWN_ASPECT`` times their width. A box of
    no size (positions without pictures) is not."""
    xyxy = np.asarray(boxes, np.float64).reshape(-1, 4)
    widths = xyxy[:, 2] - xyxy[:, 0]
    return np.asarray((widths > 0) & (xyxy[:, 3] - xyxy[:, 1] <= DOWN_ASPECT * widths), bool)


def _place_before(
    frames: npt.NDArray[np.int64], positions: Positions, row: int, gap: float
) -> npt.NDArray[np.float64] | None:
    """The last known position before ``row`` no more than ``gap`` frames earlier, or None."""
    for before in range(row - 1, -1, -1):
        if frames[row] - frames[before] > gap:
            return None
        if not np.isnan(positions[before]).any():
            return np.array(positions[before], np.float64)
    return None


def _spells(frames: npt.NDArray[np.int64], down: npt.NDArray[np.bool_], gap: float) -> list[tuple[int, int]]:
    """(first, last) row of each run of rows lying down with no frame gap wider than ``gap``."""
    spells: list[tuple[int, int]] = []
    start: int | None = None
    for row in range(len(frames)):
        joined = start is not None and down[row] and frames[row] - frames[row - 1] <= gap
        if start is not None and not joined:
            spells.append((start, row - 1))
            start = None
        if start is None and down[row]:
            start = row
    if start is not None:
        spells.append((start, len(frames) - 1))
    return spells
