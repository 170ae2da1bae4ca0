"""Who stands on the field of play, told by the grass and its lines: not in the stands, not by the boards.

Stewards, photographers, ball boys, substitutes warming up and coaches stand on the grass beyond
the touchlines and goal lines, most of them against the advertising boards, where the grass ends.
Without pitch points (a calibration), the picture tells them by two things beside each person:
where the grass ends above his feet, and the white lines. Someone whose feet are off the pitch's
grass is in the stands. Someone the grass ends close above (``NEAR_THE_BOARDS`` of his height) is
on the field when a straight line (a touchline or goal line) crosses beside him beyond his feet or
at them; otherwise he is off it when the grass ends closer still (``BY_THE_BOARDS``), or when a
line runs just below his feet, between him and the field.

Measured on the 93 scored frames of the five annotated broadcast offside clips, with the pose
model's detections: all 936 annotated players kept, 7 of the 78 other people left out (stewards
and photographers in a corner); over every annotated frame of the clips, 1 of 1,122 annotated
players left out. A steward a few metres beyond the goal line seen from the far corner stands, in
the picture, on that line, and is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from tracking.grass import is_grass

Picture = npt.NDArray[np.uint8]
BoolArray = npt.NDArray[np.bool_]

BY_THE_BOARDS = 0.3  # of a person's height: grass ending closer than this above his feet
BESIDE = np.linspace(0.1, 0.6, 4)  # of a person's width, either side of his box: where the grass ends
LINE_COLUMNS = 0.75  # of the columns beside him that a line crosses
LINE_STRAIGHT_PX = 1.5  # working pixels: how far off one straight line its crossings lie (median)
AT_HIS_FEET = 0.1  # of his height below his feet: a line there is the one he stands on
NEAR_THE_BOARDS = 0.8  # of his height: grass ending closer above his feet, the lines beside him decide
LINE_BELOW = 0.6  # of his height below his feet: a line there runs between him and the field
MIN_PITCH_SHARE = 0.05  # less grass than this in the picture: no pitch to tell by
MARKING_KERNEL_PX = 7  # wider than a marking at the working width
BRIGHTER_THAN_GRASS = 12  # grey levels
BEYOND_THE_EDGE_PX = 9  # working pixels beyond the pitch's edge where markings are looked for too
EDGE_WORKING_WIDTH = 640  # the picture's width when the pitch's grass is looked at for who is off it


def at_working_width(picture: Picture, width: int) -> tuple[Picture, float]:
    """``picture`` brought down to ``width`` pixels (never enlarged), and its scale (<= 1)."""
    scale = min(width / picture.shape[1], 1.0)
    if scale >= 1:
        return picture, 1.0
    return np.asarray(
        cv2.resize(picture, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), np.uint8
    ), scale


def pitch_mask(picture: Picture) -> BoolArray:
    """The pitch: the grass and what stands or is painted on it (players, lines), not the stands."""
    return pitch_and_grass(picture)[0]


def pitch_and_grass(picture: Picture) -> tuple[BoolArray, BoolArray]:
    """:func:`pitch_mask`, and the grass itself it is made from (the players and lines on the pitch are
    not grass)."""
    hsv = cv2.cvtColor(picture, cv2.COLOR_RGB2HSV)
    grass = is_grass(hsv, min_saturation=40)  # paler: worn patches are pitch too
    size = max(15, picture.shape[1] // 40) | 1
    closed = cv2.morphologyEx(
        grass.astype(np.uint8), cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    )
    count, labels, stats, _ = cv2.connectedComponentsWithStats(closed)
    if count <= 1:
        return np.zeros(grass.shape, bool), grass
    largest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    return np.asarray(labels == largest), grass


def thin_bright_lines(picture: Picture) -> BoolArray:
    """Thin lines brighter than the grass a few pixels either side in ``picture`` (at the working
    width), however faint the broadcast's compression leaves them: the pitch's markings, where they
    lie on the pitch (:class:`FieldOfPlay` keeps them so)."""
    grey = cv2.cvtColor(picture, cv2.COLOR_RGB2GRAY)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (MARKING_KERNEL_PX, MARKING_KERNEL_PX))
    return np.asarray(cv2.morphologyEx(grey, cv2.MORPH_TOPHAT, kernel) >= BRIGHTER_THAN_GRASS)


def on_the_field_of_play(
    mask: BoolArray,
    scale: float,
    boxes: npt.NDArray[np.floating],
    markings: BoolArray | None = None,
) -> BoolArray:
    """Which of ``boxes`` (x1, y1, x2, y2 in picture pixels) stand on the field of play, by ``mask``
    (:func:`pitch_mask` of the picture brought to ``scale`` working pixels per picture pixel) and
    ``markings`` (:attr:`FieldOfPlay.markings` of the same), when given: someone close to the boards still
    stands on the field when a touchline or goal line shows beside him between his feet and the
    boards, or at his feet (a player on the ball at the far touchline, where the grass beyond the
    line is narrow). Everyone, when the picture shows too little pitch to tell by."""
    boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    if mask.size == 0 or mask.mean() < MIN_PITCH_SHARE:
        return np.ones(len(boxes), bool)
    height, width = mask.shape
    grass_ends = np.where(mask.any(axis=0), mask.argmax(axis=0), height)  # its first row, per column
    kept = np.zeros(len(boxes), bool)
    for row, (x1, y1, x2, y2) in enumerate(boxes):
        feet_x, feet_y = int((x1 + x2) / 2 * scale), int((y2 - 2) * scale)
        if not mask[min(max(feet_y, 0), height - 1), min(max(feet_x, 0), width - 1)]:
            continue  # in the stands
        box_width = x2 - x1
        beside = [x1 - f * box_width for f in BESIDE] + [x2 + f * box_width for f in BESIDE]
        columns = [int(x * scale) for x in beside if 0 <= int(x * scale) < width]
        if not columns:
            kept[row] = True
            continue
        grass_end = float(np.median(grass_ends[columns])) / scale
        kept[row] = _on_the_field(markings, columns, scale, grass_end, y2, y2 - y1)
    return kept


def _on_the_field(
    markings: BoolArray | None, columns: list[int], scale: float, grass_end: float, feet: float, tall: float
) -> bool:
    """Whether someone whose feet are at row ``feet`` and who is ``tall`` stands on the field, the
    grass ending at row ``grass_end`` above him (picture rows; ``columns`` beside him, working)."""
    room = feet - grass_end
    if room >= NEAR_THE_BOARDS * tall:
        return True
    if markings is None:
        return room >= BY_THE_BOARDS * tall
    if _line_beside(markings, columns, grass_end * scale, (feet + AT_HIS_FEET * tall) * scale):
        return True  # a touchline or goal line beyond him, or under his feet
    if room < BY_THE_BOARDS * tall:
        return False
    # between the boards and a line that runs between him and the field: beyond the lines
    below = (feet + AT_HIS_FEET * tall) * scale, (feet + LINE_BELOW * tall) * scale
    return not _line_beside(markings, columns, *below)


def _line_beside(markings: BoolArray, columns: list[int], top: float, bottom: float) -> bool:
    """Whether one straight marking crosses ``columns`` (nearly all of them) between working rows
    ``top`` and ``bottom``: a line, not the bright bits of boards and stewards' vests by them."""
    first, last = max(0, int(top)), min(markings.shape[0], int(bottom) + 1)
    if last <= first:
        return False
    band = markings[first:last, columns]
    crossing = band.any(axis=0)
    if crossing.sum() < LINE_COLUMNS * len(columns):
        return False
    xs = np.asarray(columns, dtype=np.float64)[crossing]
    ys = np.array([np.flatnonzero(band[:, k]).max() for k in np.flatnonzero(crossing)], dtype=np.float64)
    slope, offset = np.polyfit(xs, ys, 1)
    return bool(np.median(np.abs(ys - (slope * xs + offset))) <= LINE_STRAIGHT_PX)


@dataclass(frozen=True)
class FieldOfPlay:
    """One picture's pitch and markings at a working scale: who stands on the field of play, and which
    pixels are pitch. Small enough to keep for every frame of a clip."""

    mask: BoolArray  # :func:`pitch_mask`
    markings: BoolArray  # :func:`thin_bright_lines` on the pitch's mask
    scale: float  # working pixels per picture pixel
    # the markings on the pitch and a few pixels beyond its edge, where the far touchline lies, half
    # cut off by the pitch's mask (the boards' shadow)
    markings_to_the_edge: BoolArray

    @classmethod
    def of(cls, small: Picture, scale: float, mask: BoolArray | None = None) -> FieldOfPlay:
        """Of ``small``, a picture brought to ``scale``; ``mask``: its pitch mask, when known."""
        mask = pitch_mask(small) if mask is None else mask
        bright = thin_bright_lines(small)
        beyond = np.ones((BEYOND_THE_EDGE_PX, BEYOND_THE_EDGE_PX), np.uint8)
        near_the_pitch = cv2.dilate(mask.astype(np.uint8), beyond).astype(bool)
        return cls(mask, np.asarray(bright & mask), scale, np.asarray(bright & near_the_pitch))

    @classmethod
    def of_picture(cls, picture: Picture, width: int = EDGE_WORKING_WIDTH) -> FieldOfPlay:
        """Of a full-size ``picture``, looked at ``width`` pixels wide (enough to tell the boards)."""
        small, scale = at_working_width(picture, width)
        return cls.of(small, scale)

    def line_distance(self) -> npt.NDArray[np.float64]:
        """For every working pixel, how far the nearest marking pixel is (working pixels): what the
        pitch finder and the registration lay the pitch's markings onto."""
        distance = cv2.distanceTransform((~self.markings).astype(np.uint8), cv2.DIST_L2, 3)
        return np.asarray(distance, dtype=np.float64)

    def on_the_field(self, boxes: npt.ArrayLike) -> BoolArray:
        """Which of ``boxes`` (picture pixels) stand on the field of play (:func:`on_the_field_of_play`)."""
        return on_the_field_of_play(self.mask, self.scale, np.asarray(boxes, float), self.markings)

    def on_pitch(self, pixels: npt.NDArray[np.int64]) -> BoolArray:
        """Which picture ``pixels`` ((n, 2) rows and columns) are on the pitch."""
        height, width = self.mask.shape
        rows = np.clip((pixels[:, 0] * self.scale).astype(int), 0, height - 1)
        columns = np.clip((pixels[:, 1] * self.scale).astype(int), 0, width - 1)
        return np.asarray(self.mask[rows, columns])
