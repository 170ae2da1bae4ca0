"""Which of the pitch's lines the picture's lines are: every naming tried, the best kept.

Two lines of each kind, named as two of the pitch's lines of that kind in the same order, give a
homography. Each is judged by the markings it draws back into the picture: how many lie on white,
less how many lie on bare grass, each picture cell counted once (a naming that folds the pitch onto
one line scores it once). Four lines fix the pitch well near them and worse far away, so each naming
is first judged near its own four lines; the best few are nudged onto the markings
(:func:`nudged_onto_markings`) and judged whole, by the markings they draw on white and the
picture's lines they account for.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import NamedTuple

import cv2
import numpy as np
import numpy.typing as npt

from tracking.offside.registration import RegistrationError, in_front_at, marking_points, nudged_onto_markings
from var.pitch import GOAL_AREA_DEPTH, GOAL_AREA_HALF_WIDTH, PENALTY_DEPTH, PENALTY_HALF_WIDTH, Pitch

FloatArray = npt.NDArray[np.float64]
Region = tuple[float, float, float, float]  # pitch x from, x to, y from, y to

ON_WHITE_PX = 2.5
OFF_WHITE_PX = 6.0
CELL_PX = 2
SHORTLIST = 8
OFF_WEIGHT = 4.0  # near its own lines a right layout draws almost nothing off the markings
NEAR_LINES_M = 10.0  # a layout is first judged on the markings this near its four lines
_BATCH = 256


def _pitch_lines(pitch: Pitch, attack: int) -> tuple[dict[str, float], dict[str, float]]:
    """The pitch's lines of each kind near the goal under attack: x of those parallel to the goal
    line, y of those parallel to the touchline (pitch metres)."""
    goal, inward = (pitch.length, -1.0) if attack > 0 else (0.0, 1.0)
    middle = pitch.width / 2
    across = {
        "goal line": goal,
        "goal area front": goal + inward * GOAL_AREA_DEPTH,
        "penalty area front": goal + inward * PENALTY_DEPTH,
        "halfway line": pitch.length / 2,
    }
    along = {
        "near touchline": 0.0,
        "penalty area near side": middle - PENALTY_HALF_WIDTH,
        "goal area near side": middle - GOAL_AREA_HALF_WIDTH,
        "goal area far side": middle + GOAL_AREA_HALF_WIDTH,
        "penalty area far side": middle + PENALTY_HALF_WIDTH,
        "far touchline": pitch.width,
    }
    return across, along


class Layout(NamedTuple):
    """A naming of the picture's lines nudged onto the markings, and how well it fits them."""

    homography: FloatArray  # pitch metres -> working pixels
    names: tuple[str, ...]  # the pitch's lines the picture's lines were taken for
    on_white: float  # share of the markings drawn in view that lie on white
    judged: int  # how many markings drawn in view were judged
    explained: float  # share of the picture's marking segments (by length) the markings lie along


def best_layout(
    across_lines: list[FloatArray],
    along_lines: list[FloatArray],
    segments: FloatArray,
    pitch: Pitch,
    attack: int,
    distance: FloatArray,
    points: FloatArray,
) -> Layout | None:
    """The layout whose markings lie best on the picture's markings, trying each pair of lines of
    each kind as each pair of the pitch's lines in the same order."""
    height, width = distance.shape
    layouts = list(_layouts(across_lines, along_lines, pitch, attack, height, width))
    if not layouts:
        return None
    homographies = np.array([homography for homography, _, _ in layouts])
    regions = np.array([region for _, _, region in layouts])
    # Four lines fix the pitch near them; far from them a small error grows. Each layout is first
    # judged near its own lines, the best few nudged onto the markings, then judged whole.
    on, off = _counts(homographies, distance, points, regions)
    shortlist = np.argsort(-(on - OFF_WEIGHT * off))[:SHORTLIST]
    nudged = []
    for k in shortlist:
        try:
            homography = nudged_onto_markings(distance, homographies[k], points)
        except RegistrationError:
            continue
        on_white, judged = markings_on_white(homography, distance, points)
        explained = segments_explained(homography, segments, pitch, distance.shape)
        nudged.append(Layout(homography, layouts[k][1], on_white, judged, explained))
    return max(nudged, key=lambda layout: layout.on_white * layout.explained, default=None)


def _layouts(
    across_lines: list[FloatArray],
    along_lines: list[FloatArray],
    pitch: Pitch,
    attack: int,
    height: int,
    width: int,
) -> Iterator[tuple[FloatArray, tuple[str, ...], Region]]:
    """Each homography that takes two picture lines of each kind for two pitch lines of that kind,
    in the same order: the goal-line kind left to right along the picture's bottom row, the
    touchline kind bottom (near) to top (far) along its middle column."""
    across, along = _pitch_lines(pitch, attack)
    across_sorted = sorted(across_lines, key=lambda line: _x_at_row(line, height) * attack)
    along_sorted = sorted(along_lines, key=lambda line: -_y_at_column(line, width / 2))
    across_names = sorted(across.items(), key=lambda item: item[1] * attack)
    along_names = sorted(along.items(), key=lambda item: item[1])
    meeting = np.cross(np.array(across_sorted)[:, None, :], np.array(along_sorted)[None, :, :])
    for first, second in itertools.combinations(range(len(across_sorted)), 2):
        for (name_a, x_a), (name_b, x_b) in itertools.combinations(across_names, 2):
            for third, fourth in itertools.combinations(range(len(along_sorted)), 2):
                corners = meeting[[first, first, second, second], [third, fourth, third, fourth]]
                if np.any(np.abs(corners[:, 2]) < 1e-9):
                    continue
                image = (corners[:, :2] / corners[:, 2:]).astype(np.float32)
                for (name_c, y_c), (name_d, y_d) in itertools.combinations(along_names, 2):
                    ground = np.array([(x, y) for x in (x_a, x_b) for y in (y_c, y_d)], np.float32)
                    seen = (float(ground[:, 0].mean()), float(ground[:, 1].mean()))
                    homography = in_front_at(
                        np.asarray(cv2.getPerspectiveTransform(ground, image), np.float64), seen
                    )
                    if _upright(homography, seen, attack):
                        region = (
                            min(x_a, x_b) - NEAR_LINES_M,
                            max(x_a, x_b) + NEAR_LINES_M,
                            min(y_c, y_d) - NEAR_LINES_M,
                            max(y_c, y_d) + NEAR_LINES_M,
                        )
                        yield homography, (name_a, name_b, name_c, name_d), region


def _x_at_row(line: FloatArray, row: float) -> float:
    a, b, c = line
    return float(-(b * row + c) / a) if abs(a) > 1e-12 else float("inf")


def _y_at_column(line: FloatArray, column: float) -> float:
    a, b, c = line
    return float(-(a * column + c) / b) if abs(b) > 1e-12 else float("inf")


def _upright(homography: FloatArray, at: npt.ArrayLike, attack: int) -> bool:
    """Whether, around pitch point ``at``, the far touchline lies up the picture and the goal under
    attack towards the picture's ``attack`` side: a camera on the near touchline's side, above the
    pitch."""
    x, y = np.asarray(at, dtype=np.float64)
    here, towards_goal, towards_far = (
        homography @ np.array([px, py, 1.0]) for px, py in ((x, y), (x + attack, y), (x, y + 1))
    )
    if min(here[2], towards_goal[2], towards_far[2]) <= 0:
        return False
    picture = [point[:2] / point[2] for point in (here, towards_goal, towards_far)]
    return bool(picture[1][0] > picture[0][0] and picture[2][1] < picture[0][1])


def _counts(
    homographies: FloatArray, distance: FloatArray, points: FloatArray, regions: FloatArray | None = None
) -> tuple[FloatArray, FloatArray]:
    """For each homography, how many markings it draws on white and how many far from any; with
    ``regions`` (x0, x1, y0, y1 each), only the markings in its region of the pitch."""
    height, width = distance.shape
    ground = np.c_[points, np.ones(len(points))].astype(np.float32)
    on, off = np.empty(len(homographies)), np.empty(len(homographies))
    for start in range(0, len(homographies), _BATCH):
        batch = homographies[start : start + _BATCH].astype(np.float32)
        projected = batch @ ground.T  # (h, 3, points)
        w = projected[:, 2]
        with np.errstate(divide="ignore", invalid="ignore"):
            x, y = projected[:, 0] / w, projected[:, 1] / w
        inside = (w > 0) & (x >= 0) & (x < width) & (y >= 0) & (y < height)
        x, y = np.where(inside, x, 0), np.where(inside, y, 0)
        if regions is not None:
            x0, x1, y0, y1 = (regions[start : start + _BATCH, k : k + 1] for k in range(4))
            across, along = points[:, 0], points[:, 1]
            inside &= (across >= x0) & (across <= x1) & (along >= y0) & (along <= y1)
        near = np.full(x.shape, OFF_WHITE_PX - 1)
        near[inside] = distance[y[inside].astype(int), x[inside].astype(int)]
        cells = np.where(inside, (y // CELL_PX) * (width // CELL_PX + 1) + x // CELL_PX, -1).astype(np.int64)
        on[start : start + _BATCH] = _distinct(np.where(near <= ON_WHITE_PX, cells, -1))
        off[start : start + _BATCH] = _distinct(np.where(near >= OFF_WHITE_PX, cells, -1))
    return on, off


def _distinct(cells: npt.NDArray[np.int64]) -> FloatArray:
    """How many different cells (>= 0) each row holds."""
    ordered = np.sort(cells, axis=1)
    new = np.diff(ordered, axis=1, prepend=-1) != 0
    return np.asarray(np.sum(new & (ordered >= 0), axis=1), dtype=np.float64)


def markings_on_white(homography: FloatArray, distance: FloatArray, points: FloatArray) -> tuple[float, int]:
    """The share of the markings drawn in view that lie on white, and how many were judged."""
    counts = _counts(homography[None], distance, points)
    on, off = float(counts[0][0]), float(counts[1][0])
    judged = on + off
    return (on / judged if judged else 0.0), int(judged)


def segments_explained(
    homography: FloatArray, segments: FloatArray, pitch: Pitch, shape: tuple[int, ...]
) -> float:
    """The share of the picture's marking segments (by length) that the pitch's markings, drawn
    with ``homography``, lie along."""
    height, width = shape[:2]
    drawn = np.zeros((height, width), np.uint8)
    xy = _drawn_in_view(homography, marking_points(pitch, every_m=0.1), height, width)
    drawn[xy[:, 1], xy[:, 0]] = 1
    near = cv2.dilate(drawn, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7))).astype(bool)
    total = along = 0.0
    for x1, y1, x2, y2 in segments:
        length = float(np.hypot(x2 - x1, y2 - y1))
        steps = np.linspace(0.0, 1.0, max(2, int(length)))
        xs = np.clip((x1 + (x2 - x1) * steps).astype(int), 0, width - 1)
        ys = np.clip((y1 + (y2 - y1) * steps).astype(int), 0, height - 1)
        total += length
        along += length * float(near[ys, xs].mean())
    return along / total if total else 0.0


def distance_to_white(homography: FloatArray, distance: FloatArray, points: FloatArray) -> float:
    """How far the markings drawn on the picture's lines lie from their middles (RMS, working
    pixels): the found calibration's own reprojection error."""
    xy = _drawn_in_view(homography, points, *distance.shape)
    near = distance[xy[:, 1], xy[:, 0]]
    near = near[near < OFF_WHITE_PX]
    return float(np.sqrt(np.mean(near**2))) if len(near) else 0.0


def _drawn_in_view(
    homography: FloatArray, points: FloatArray, height: int, width: int
) -> npt.NDArray[np.int64]:
    """The pixels (x, y) where ``homography`` draws the pitch ``points`` that the camera sees."""
    projected = np.c_[points, np.ones(len(points))] @ homography.T
    ahead = projected[:, 2] > 0
    xy = projected[ahead, :2] / projected[ahead, 2:]
    inside = (xy[:, 0] >= 0) & (xy[:, 0] < width) & (xy[:, 1] >= 0) & (xy[:, 1] < height)
    return np.asarray(xy[inside].astype(np.int64))
