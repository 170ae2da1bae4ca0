"""Where the lines parallel to the goal line meet: the offside line's direction, without clicks.

On a broadcast picture the halfway line, the goal line, the fronts of the penalty and goal areas and
the edges of the mowing stripes all run parallel to the goal line; in the picture they meet at one
vanishing point. Segments are found on the pitch (white markings and the stripes' edges) with
OpenCV's line segment detector; the point most of the steep segments point at is found by sampling
pairs (RANSAC), then refined by least squares over the segments that agree. The camera pans and
zooms, so every frame gets its own.
"""

from __future__ import annotations

import dataclasses
import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from tracking.pitch_edge import FieldOfPlay, at_working_width, pitch_mask

logger = logging.getLogger(__name__)

Picture = npt.NDArray[np.uint8]
FloatArray = npt.NDArray[np.float64]

WORKING_WIDTH = 960
MIN_SEGMENT_PX = 30.0  # at the working width
MIN_STEEPNESS_DEGREES = 12.0  # goal-line-parallel lines; touchline-parallel ones lie flatter
FLATTER_STEEPNESS_DEGREES = 8.0  # the goal line's lines seen from level with the penalty area
MORE_LINES = 4  # segments: how many more a flatter family needs to be taken for the goal line's
AGREE_DEGREES = 1.0
MIN_AGREEING = 4
_PAIRS = 400
ONE_LINE_PX = 20.0  # working pixels: segments this close to one line are one marking (wide near the camera)
STRIPES_AGREE_DEGREES = 2.0  # the stripes' edges are fainter and shorter than the markings
MIN_STRIPES = 2
# A point this many working widths away counts as at infinity: lines meeting there differ by under
# three degrees across the picture, and a little noise puts it on either side of the picture.
AT_INFINITY_WIDTHS = 20.0


@dataclass(frozen=True)
class VanishingPoint:
    """The vanishing point in picture pixels, as homogeneous coordinates (w = 0: at infinity)."""

    homogeneous: tuple[float, float, float]
    segments: int  # how many pitch segments point at it
    spread_degrees: float  # how far they point from it (median): the direction's uncertainty

    @property
    def point(self) -> tuple[float, float] | None:
        x, y, w = self.homogeneous
        if abs(w) < 1e-9:
            return None
        return x / w, y / w

    def line_through(self, point: tuple[float, float], height: int) -> tuple[tuple[float, float], ...]:
        """The line through ``point`` towards the vanishing point, from the picture's top row to its
        bottom row."""
        line = np.cross(np.array([point[0], point[1], 1.0]), np.array(self.homogeneous))
        a, b, c = line
        if abs(a) < 1e-12:  # a horizontal line: the vanishing point is level with the point
            return ((0.0, point[1]), (float(height), point[1]))
        return tuple((float(-(b * y + c) / a), float(y)) for y in (0.0, float(height - 1)))


@dataclass(frozen=True)
class PitchView:
    """One picture's pitch, read once at the working width: which pixels are pitch and its white
    markings (:class:`FieldOfPlay`: also who stands on the field of play), and the vanishing points of
    its two families of lines. The offside check, the pitch finder and the registration all read this
    one value. It keeps no picture, so that every asked frame of a clip can keep its own."""

    field: FieldOfPlay
    families: tuple[VanishingPoint, ...]  # the goal line's first, as the picture alone suggests
    # what is worked out from these once and read by several (the markings' lines of each kind)
    worked_out: dict[Any, Any] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, picture: Picture) -> PitchView:
        small, scale = at_working_width(picture, WORKING_WIDTH)
        mask = pitch_mask(small)
        return cls(FieldOfPlay.of(small, scale, mask), tuple(_families(small, mask, scale)))

    @property
    def scale(self) -> float:
        """Working pixels per picture pixel (<= 1)."""
        return self.field.scale

    @property
    def mask(self) -> npt.NDArray[np.bool_]:
        return self.field.mask


def pitch_segments(picture: Picture, mask: npt.NDArray[np.bool_] | None = None) -> FloatArray:
    """Line segments on the pitch, ``(n, 4)`` x1, y1, x2, y2 in ``picture``'s pixels."""
    mask = pitch_mask(picture) if mask is None else mask
    if mask.mean() < 0.05:
        return np.zeros((0, 4))
    grey = cv2.cvtColor(picture, cv2.COLOR_RGB2GRAY)
    detector = cv2.createLineSegmentDetector()
    # The markings, then the mowing stripes: the grass alone (players and markings blurred away),
    # its faint steps in brightness made plain.
    smooth = max(9, picture.shape[1] // 60) | 1
    stripes = cv2.createCLAHE(clipLimit=4.0, tileGridSize=(4, 4)).apply(cv2.medianBlur(grey, smooth))
    found = [detector.detect(image)[0] for image in (grey, stripes)]
    segments = np.concatenate([f.reshape(-1, 4) for f in found if f is not None] or [np.zeros((0, 4))])
    segments = segments.astype(np.float64)
    inside = cv2.erode(mask.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    h, w = mask.shape
    keep = []
    for x1, y1, x2, y2 in segments:
        if np.hypot(x2 - x1, y2 - y1) < MIN_SEGMENT_PX:
            continue
        ends = [(int(min(max(x, 0), w - 1)), int(min(max(y, 0), h - 1))) for x, y in ((x1, y1), (x2, y2))]
        if all(inside[y, x] for x, y in ends):
            keep.append((x1, y1, x2, y2))
    return np.array(keep, dtype=np.float64).reshape(-1, 4)


def find_vanishing_point(picture: Picture, view: PitchView | None = None) -> VanishingPoint | None:
    """The goal-line direction's vanishing point of ``picture``, or None when too few pitch lines.
    ``view``: the picture's :class:`PitchView`, when the caller has it already."""
    found = find_vanishing_points(picture, view)
    return found[0] if found else None


def find_vanishing_points(picture: Picture, view: PitchView | None = None) -> list[VanishingPoint]:
    """The vanishing points of the pitch's two families of lines, the goal line's first as this picture
    alone suggests (its lines are the steeper ones), then the other family's when it has enough lines.
    Where the camera stands far behind the play both families lie flat, and the clip decides
    (:mod:`tracking.offside.clip_directions`). Empty when too few pitch lines. ``view``: the picture's
    :class:`PitchView`, when the caller has it (it holds them)."""
    return list((PitchView.of(picture) if view is None else view).families)


def _families(small: Picture, mask: npt.NDArray[np.bool_], scale: float) -> list[VanishingPoint]:
    """:func:`find_vanishing_points` on ``small``, a picture at ``scale`` with pitch ``mask``."""
    segments = pitch_segments(small, mask)
    if len(segments) == 0:
        return []
    dx, dy = segments[:, 2] - segments[:, 0], segments[:, 3] - segments[:, 1]
    slope = np.degrees(np.arctan2(np.abs(dy), np.abs(dx)))
    first = _family(segments[slope >= MIN_STEEPNESS_DEGREES], scale)
    # A camera level with the penalty area sees the goal line's lines lie at 8-15 degrees: a family
    # found among those too, with clearly more lines than the steep one, comes first, and the steep
    # one stays a candidate: the clip decides between them (tracking.offside.clip_directions).
    flatter = _family(segments[slope >= FLATTER_STEEPNESS_DEGREES], scale)
    if flatter is not None and flatter[0].segments >= max(
        2 * MIN_AGREEING, (first[0].segments + MORE_LINES) if first is not None else 0
    ):
        middle = (small.shape[1] / 2, small.shape[0] / 2)
        if first is not None and _apart_at(flatter[1], first[1], middle) > 2 * AGREE_DEGREES:
            return [flatter[0], first[0]]
        first = flatter
    if first is None:
        return []
    rest = segments[degrees_off(segments, first[1]) > 2 * AGREE_DEGREES]
    second = _family(rest, scale)
    return [first[0]] if second is None else [first[0], second[0]]


def _apart_at(first: FloatArray, second: FloatArray, at: tuple[float, float]) -> float:
    """Degrees between the directions towards two vanishing points (homogeneous), seen from ``at``."""
    return degrees_apart(direction_degrees(first, at), direction_degrees(second, at))


def _family(segments: FloatArray, scale: float) -> tuple[VanishingPoint, FloatArray] | None:
    """The point most of ``segments`` point at (picture pixels), with it at the working scale."""
    if len(segments) < MIN_AGREEING:
        return None
    best = most_pointed_at(segments, AGREE_DEGREES)
    if best is None:
        return None
    agree = degrees_off(segments, best) <= AGREE_DEGREES
    if agree.sum() < MIN_AGREEING:
        return None
    lines = segment_lines(segments)
    lengths = np.hypot(segments[:, 2] - segments[:, 0], segments[:, 3] - segments[:, 1])
    refined = _least_squares(lines[agree], lengths[agree])
    on_one_line = _one_line(segments[agree])
    if on_one_line is not None:
        # One marking (the halfway line, say) fixes the line the point lies on, not where on it: the
        # mowing stripes' edges, fainter, tell where.
        marking = np.zeros(len(segments), bool)
        marking[np.flatnonzero(agree)[on_one_line]] = True
        on_the_line = _where_on_the_line(segments, marking, lines, lengths)
        if on_the_line is None:
            return None
        refined = on_the_line
        agree = degrees_off(segments, refined) <= STRIPES_AGREE_DEGREES
    if not _beyond_the_lines(refined, segments[agree]):
        return None  # lines on the ground meet towards the horizon, above them, never below
    spread = float(np.median(degrees_off(segments[agree], refined)))
    x, y, w = refined
    full = (x / scale, y / scale, w)  # back to the picture's pixels
    norm = float(np.linalg.norm(full))
    point = VanishingPoint((full[0] / norm, full[1] / norm, full[2] / norm), int(agree.sum()), spread)
    return point, refined


def _one_line(segments: FloatArray) -> npt.NDArray[np.bool_] | None:
    """Which of ``segments`` lie along the longest one's line, when all but one do (both edges of one
    marking, its broken pieces, a stray bit): then they fix a line, not a point. None otherwise."""
    lengths = np.hypot(segments[:, 2] - segments[:, 0], segments[:, 3] - segments[:, 1])
    line = segment_lines(segments)[int(np.argmax(lengths))]
    ends = [np.abs(np.c_[segments[:, k : k + 2], np.ones(len(segments))] @ line) for k in (0, 2)]
    on_it = (ends[0] <= ONE_LINE_PX) & (ends[1] <= ONE_LINE_PX)
    return on_it if (~on_it).sum() < 2 else None


def _where_on_the_line(
    segments: FloatArray, on_it: npt.NDArray[np.bool_], lines: FloatArray, lengths: FloatArray
) -> FloatArray | None:
    """The point on the one line of ``segments[on_it]`` that most of the other segments point at
    (within ``STRIPES_AGREE_DEGREES``), above them all, refined with them; None when fewer than
    ``MIN_STRIPES`` do."""
    line = _least_squares(lines[on_it], lengths[on_it])  # a point far along the line: its direction
    ends = np.r_[segments[on_it, :2], segments[on_it, 2:]]
    through = np.cross(np.r_[ends.mean(axis=0), 1.0], line)  # the marking's own line
    others = np.flatnonzero(~on_it)
    top = float(np.min(segments[:, [1, 3]]))
    best, best_score, best_agree = None, 0.0, None
    for k in others:
        candidate = np.cross(through, lines[k])
        if not np.any(np.abs(candidate) > 1e-12) or not _on_the_horizon_side(candidate, top):
            continue
        agree = degrees_off(segments[others], candidate) <= STRIPES_AGREE_DEGREES
        score = float(lengths[others][agree].sum())
        if agree.sum() >= MIN_STRIPES and score > best_score:
            best, best_score, best_agree = candidate, score, others[agree]
    if best is None or best_agree is None:
        return None
    weights = np.r_[lengths[on_it].sum(), lengths[best_agree]]
    return _least_squares(np.vstack([through / np.linalg.norm(through[:2]), lines[best_agree]]), weights)


def _beyond_the_lines(point: FloatArray, segments: FloatArray) -> bool:
    """Whether ``point`` (working pixels) can be where ``segments`` (lines on the grass) meet: above
    their topmost end, towards the horizon, or so far away that it is at infinity either way."""
    x, y, w = point
    middle = segments.reshape(-1, 2).mean(axis=0)
    reach = AT_INFINITY_WIDTHS * max(float(np.ptp(segments[:, [0, 2]])) + 1.0, WORKING_WIDTH / 2)
    if abs(w) < 1e-12 or math.hypot(x / w - middle[0], y / w - middle[1]) > reach:
        return True
    return _on_the_horizon_side(point, float(np.min(segments[:, [1, 3]])))


def _on_the_horizon_side(point: FloatArray, top: float) -> bool:
    """Whether a homogeneous point can be where lines on the pitch meet: above the pitch's markings
    (whose topmost row is ``top``), on the horizon, or at infinity."""
    x, y, w = point
    if abs(w) < 1e-9 * max(1.0, math.hypot(x, y)):
        return True
    return bool(y / w < top)


def most_pointed_at(
    segments: FloatArray,
    within_degrees: float,
    acceptable: Callable[[npt.NDArray[np.bool_]], bool] | None = None,
    seed: int = 5,
) -> FloatArray | None:
    """The point (homogeneous) that the greatest length of ``segments`` points at, within
    ``within_degrees``, by sampling pairs of them (RANSAC); ``acceptable`` may refuse a point by
    the segments that agree with it."""
    if len(segments) < 2:
        return None
    lines = segment_lines(segments)
    lengths = np.hypot(segments[:, 2] - segments[:, 0], segments[:, 3] - segments[:, 1])
    rng = np.random.default_rng(seed)
    pairs = np.array([rng.choice(len(segments), 2, replace=False) for _ in range(_PAIRS)])
    candidates = np.cross(lines[pairs[:, 0]], lines[pairs[:, 1]])
    candidates = candidates[np.any(np.abs(candidates) > 1e-12, axis=1)]
    agreeing = _degrees_off_each(segments, candidates) <= within_degrees  # (candidates, segments)
    scores = np.array([float(lengths[agree].sum()) for agree in agreeing])
    # The highest score that is acceptable, the first drawn among equals (as one pass over the draws).
    for k in np.argsort(-scores, kind="stable"):
        if scores[k] <= 0.0:
            break
        if acceptable is None or acceptable(agreeing[k]):
            return np.asarray(candidates[k], dtype=np.float64)
    return None


def meeting_point(lines: Sequence[Sequence[Sequence[float]]]) -> VanishingPoint | None:
    """Where lines given by two picture points each meet (at infinity too): two lines the referee
    clicked parallel to the goal line, or an annotation's. None when a line has no length."""
    segments = np.array([[*start, *end] for start, end in lines], dtype=np.float64).reshape(-1, 4)
    if len(segments) < 2 or np.any(np.hypot(*(segments[:, 2:] - segments[:, :2]).T) == 0):
        return None
    meet = _least_squares(segment_lines(segments), np.ones(len(segments)))
    spread = float(np.median(degrees_off(segments, meet)))
    return VanishingPoint((float(meet[0]), float(meet[1]), float(meet[2])), len(segments), spread)


def segment_lines(segments: FloatArray) -> FloatArray:
    """Each segment's line, homogeneous, normalised so that (a, b) is a unit normal."""
    ones = np.ones((len(segments), 1))
    lines = np.cross(np.hstack([segments[:, :2], ones]), np.hstack([segments[:, 2:], ones]))
    return np.asarray(lines / np.linalg.norm(lines[:, :2], axis=1, keepdims=True), dtype=np.float64)


def _degrees_off_each(segments: FloatArray, points: FloatArray) -> FloatArray:
    """:func:`degrees_off` for each of ``points`` (rows, homogeneous) at once: (points, segments)."""
    middles = (segments[:, :2] + segments[:, 2:]) / 2
    direction = segments[:, 2:] - segments[:, :2]
    at_infinity = np.abs(points[:, 2]) < 1e-12
    finite = np.where(at_infinity, 1.0, points[:, 2])[:, None]
    towards = np.where(
        at_infinity[:, None, None],
        points[:, None, :2],
        (points[:, :2] / finite)[:, None, :] - middles[None, :, :],
    )
    cross = direction[None, :, 0] * towards[..., 1] - direction[None, :, 1] * towards[..., 0]
    dot = np.sum(direction[None] * towards, axis=2)
    angle = np.degrees(np.abs(np.arctan2(cross, dot)))
    return np.asarray(np.minimum(angle, 180 - angle), dtype=np.float64)


def degrees_off(segments: FloatArray, point: FloatArray) -> FloatArray:
    """Degrees between each segment and the line from its middle to ``point`` (homogeneous)."""
    return np.asarray(_degrees_off_each(segments, np.asarray(point, dtype=np.float64).reshape(1, 3))[0])


def _least_squares(lines: FloatArray, weights: FloatArray) -> FloatArray:
    """The point nearest all ``lines`` (homogeneous; may be at infinity)."""
    scatter = (lines * weights[:, None]).T @ lines
    _, vectors = np.linalg.eigh(scatter)
    return np.asarray(vectors[:, 0], dtype=np.float64)


def direction_degrees(towards: npt.ArrayLike, start: npt.ArrayLike) -> float:
    """The picture direction (degrees) from ``start`` towards a homogeneous point (at infinity too)."""
    point, origin = np.asarray(towards, dtype=np.float64), np.asarray(start, dtype=np.float64)
    if abs(point[2]) < 1e-12:
        return math.degrees(math.atan2(point[1], point[0]))
    delta = point[:2] / point[2] - origin
    return math.degrees(math.atan2(delta[1], delta[0]))


def degrees_apart(first: float, second: float) -> float:
    """How far apart two line directions are, in degrees (a line and its reverse are the same)."""
    return abs((first - second + 90) % 180 - 90)
