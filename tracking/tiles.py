"""How a picture is cut into tiles for the detector: one even grid, or rows sized to the perspective.

A broadcast camera sees the far touchline's players at half the height of the near ones. One grid
sized for the median player enlarges the near players far more than the model needs and pays for
it in tiles; rows of tiles sized to how tall players stand at that height of the picture show the
model every player about ``target`` pixels tall, with fewer tiles (25 instead of 45 on a 1080p
wide shot). Neighbouring tiles overlap by more than the players there stand tall, so every player is
whole, and well inside, some tile.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from tracking.grass import is_grass

Picture = npt.NDArray[np.uint8]
Tile = tuple[int, int, int]  # x and y of the top-left corner, side in source pixels

MAX_SCALE = 3.0
MIN_GRASS_SHARE = 0.05
# Rows share twice the height of the players at their seam, so that each player stands well inside
# some tile: the model misses players whose feet are near a tile's bottom edge (on the Liverpool v
# Benfica clip, recall 0.904 with rows sharing 1.2 heights, 0.939 with 2). Columns share one height,
# more than a striding player is wide.
ROW_OVERLAP = 2.0
COLUMN_OVERLAP = 1.0
MIN_PEOPLE_FOR_ROWS = 6  # fewer people than this say too little about the perspective


@dataclass(frozen=True)
class TileRow:
    """One row of square tiles: its top, their side and how much neighbours share, in source pixels."""

    top: int
    side: int
    overlap: int


@dataclass(frozen=True)
class TilePlan:
    """How one video is cut into tiles: ``tile`` source pixels a side, enlarged ``scale`` times, or,
    when ``rows`` are given, rows of their own size, each tile enlarged to the model's input."""

    tile: int
    scale: float
    overlap: int  # source pixels shared by neighbouring tiles
    rows: tuple[TileRow, ...] = ()

    @property
    def model_size(self) -> int:
        return max(32, int(round(self.tile * self.scale / 32)) * 32)

    def tiles(self, width: int, height: int) -> list[Tile]:
        if not self.rows:
            return self._grid(width, height)
        return [(x, row.top, row.side) for row in self.rows for x in _spread(width, row.side, row.overlap)]

    def describe(self) -> str:
        if not self.rows:
            return f"{self.tile}px x{self.scale:.2f}"
        sides = [row.side for row in self.rows]
        return f"{len(self.rows)} rows of {min(sides)}-{max(sides)}px tiles to {self.model_size}px"

    def _grid(self, width: int, height: int) -> list[Tile]:
        step = max(1, self.tile - self.overlap)
        xs = sorted({min(x, max(0, width - self.tile)) for x in range(0, max(1, width - self.overlap), step)})
        ys = sorted(
            {min(y, max(0, height - self.tile)) for y in range(0, max(1, height - self.overlap), step)}
        )
        return [(x, y, self.tile) for y in ys for x in xs]


def _spread(width: int, side: int, overlap: int) -> list[int]:
    """Left edges of tiles of ``side`` covering ``width``, evenly spaced, sharing at least ``overlap``."""
    if side >= width:
        return [0]
    count = math.ceil((width - overlap) / max(1, side - overlap))
    return sorted({int(round(x)) for x in np.linspace(0, width - side, max(2, count))})


def perspective_rows(
    feet_rows: npt.NDArray[np.float64],
    heights: npt.NDArray[np.float64],
    picture_size: tuple[int, int],
    input_size: int,
    target_px: float,
) -> tuple[TileRow, ...]:
    """Rows of tiles for players whose feet at row ``y`` stand ``heights`` tall, fitted as a straight
    line (perspective on a flat pitch); () when too few people were found to fit it."""
    if len(heights) < MIN_PEOPLE_FOR_ROWS:
        return ()
    slope, intercept = np.polyfit(feet_rows, heights, 1)
    residuals = np.abs(heights - (slope * feet_rows + intercept))
    typical = residuals <= 2.5 * max(float(np.median(residuals)), 1.0)  # merged or cut boxes aside
    if typical.sum() >= MIN_PEOPLE_FOR_ROWS:
        slope, intercept = np.polyfit(feet_rows[typical], heights[typical], 1)
    low, high = 0.8 * float(heights.min()), 1.2 * float(heights.max())

    def tall_at(row: float) -> float:
        return float(np.clip(slope * row + intercept, low, high))

    width, height = picture_size
    largest = min(width, height)

    def side_at(top: float) -> int:
        side = float(input_size) / 2
        for _ in range(4):  # the side depends on the players in the tile's middle, who depend on it
            scale = float(np.clip(target_px / tall_at(top + side / 2), 1.0, MAX_SCALE))
            side = min(input_size / scale, largest)
        return int(side)

    rows: list[TileRow] = []
    top = 0
    while True:
        side = side_at(top)
        if top + side >= height:
            top = max(0, height - side)
        bottom_player = tall_at(top + side)
        rows.append(TileRow(top, side, int(min(side // 2, COLUMN_OVERLAP * bottom_player))))
        if top + side >= height:
            return tuple(rows)
        # The next row starts above the head of the tallest player standing at this one's bottom.
        top = max(top + 1, top + side - int(min(side // 2, ROW_OVERLAP * bottom_player)))


def grass_mask(picture: Picture) -> npt.NDArray[np.bool_]:
    """Where the picture is pitch-green (at an eighth of the resolution)."""
    small = cv2.resize(
        picture, (max(1, picture.shape[1] // 8), max(1, picture.shape[0] // 8)), interpolation=cv2.INTER_AREA
    )
    hsv = cv2.cvtColor(small, cv2.COLOR_RGB2HSV)
    return is_grass(hsv, min_value=40)  # not the dark green of shadowed stands


def pitch_tiles(picture: Picture, plan: TilePlan) -> list[Tile]:
    """``plan``'s tiles that show some pitch (stands, sky and score bugs are skipped)."""
    height, width = picture.shape[:2]
    grass = grass_mask(picture)
    kept = []
    for x, y, side in plan.tiles(width, height):
        cell = grass[y // 8 : (y + side) // 8 + 1, x // 8 : (x + side) // 8 + 1]
        if grass.any() and cell.size and cell.mean() < MIN_GRASS_SHARE:
            continue
        kept.append((x, y, side))
    return kept
