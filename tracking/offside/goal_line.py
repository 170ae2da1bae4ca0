"""The goal line where the picture shows the pitch's far corner: who stands beyond it is off the pitch.

Seen from the main camera, the far corner of the pitch is where the far touchline stops and the goal
line turns towards the camera. Stewards, photographers and ball boys stand on the grass beyond it,
often well away from the boards, where the grass alone cannot tell them from players. Without pitch
points the corner is told by its shape: a line parallel to the goal line and the topmost line parallel
to the touchline (the boards a little above it) meet where both markings end, the touchline's on the
side of the goal under attack, the goal line's beyond the touchline, and each runs on the other way.
The corners of the penalty and goal areas have another shape (their side lines run on towards the
goal line) and lie below the far touchline; a curved marking (the centre circle) leaves its tangent;
the corner lies at the grass's edge, not on a running track's lane lines beyond it. Over every
annotated frame of the five development clips (95 frames, 1,122 annotated players) a corner is found
on three (Boca 149, 159, 169, each the real corner) and no annotated player is left out.
The far touchline lies at the pitch's edge, faint where the boards' shadow falls: its markings are
looked for a few pixels beyond the grass too (``FieldOfPlay.markings_to_the_edge``).
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np
import numpy.typing as npt

from tracking.offside.pitch_lines import lines_in_view
from tracking.offside.vanishing import PitchView, VanishingPoint

FloatArray = npt.NDArray[np.float64]
Point = tuple[float, float]

RUNS_PX = (4.0, 40.0)  # working pixels from the meeting point: where a line's marking runs on
ENDS_PX = (10.0, 40.0)  # and where it has ended (clear of the other line's marking near the corner)
ON_A_MARKING_PX = 2  # a sample this close to a marking pixel lies on it
RUNS_ON = 0.6  # of the samples on the marking: the line runs on that way
GOAL_LINE_PX = (4.0, 80.0)  # far enough for a curved marking (the centre circle's) to leave its tangent
TOUCHLINE_PX = (4.0, 80.0)  # the far touchline, faint by the boards, looked at further
TOUCHLINE_RUNS_ON = 0.35  # of its samples: the broadcast's compression wipes much of it out
BOARDS_PX = 40  # working pixels: the far touchline lies at most this far below where the grass ends
GRASS_PX = 4  # working pixels: the corner lies on the grass's edge, not on a running track beyond it
ENDS = 0.15  # at most this share: the marking ends there


def corner_in_view(
    view: PitchView, vanishing: VanishingPoint, deeper: Callable[[Point, Point], bool]
) -> Point | None:
    """The corner of the pitch (picture pixels) where the picture shows the goal line under attack
    ending a touchline, or None: everything deeper than it along the attack is beyond the goal line.
    ``vanishing``: the goal line's direction as the check uses it; ``deeper(a, b)``: whether picture
    point ``a`` lies nearer the goal under attack than ``b``."""
    scale = view.scale
    lines = lines_in_view(view, vanishing)
    across_lines, along_lines = lines.across, lines.along
    markings = _near_a_marking(view)
    found: list[Point] = []
    for goal_line in across_lines:
        for touchline in along_lines:
            corner = _meeting(goal_line, touchline, markings.shape)
            if corner is None or not _far_touchline(touchline, along_lines, corner, view.field.mask):
                continue
            if not _by_the_grass(view.field.mask, corner):  # not a line of the running track beyond
                continue
            towards_goal, towards_halfway = _both_ways(touchline, corner, scale, deeper)
            if not _ends(markings, corner, towards_goal):
                continue
            if _share_on(markings, corner, towards_halfway, TOUCHLINE_PX) < TOUCHLINE_RUNS_ON:
                continue
            # the goal line runs on one way from the corner, across the pitch, and ends the other
            one_way, other_way = _both_ways(goal_line, corner, scale, deeper)
            if not any(
                _share_on(markings, corner, runs, GOAL_LINE_PX) >= RUNS_ON and _ends(markings, corner, ends)
                for runs, ends in ((one_way, other_way), (other_way, one_way))
            ):
                continue
            found.append((float(corner[0] / scale), float(corner[1] / scale)))
    if not found:
        return None
    deepest = found[0]
    for other in found[1:]:
        if deeper(other, deepest):
            deepest = other
    return deepest


def _far_touchline(
    line: FloatArray, lines: list[FloatArray], corner: FloatArray, pitch: npt.NDArray[np.bool_]
) -> bool:
    """Whether ``line`` can be the far touchline at ``corner``: above all of ``lines`` there (not the side
    of a penalty area or a goal area), with the pitch's grass ending a little above it (the boards)."""
    column = corner[0]
    if abs(line[1]) < 1e-9:
        return False
    rows = [-(other[0] * column + other[2]) / other[1] for other in lines if abs(other[1]) > 1e-9]
    if -(line[0] * column + line[2]) / line[1] > min(rows) + 1:
        return False
    grass = pitch[:, int(column)]
    grass_ends = int(grass.argmax()) if grass.any() else pitch.shape[0]
    return bool(corner[1] - grass_ends <= BOARDS_PX)


def _by_the_grass(pitch: npt.NDArray[np.bool_], corner: FloatArray) -> bool:
    """Whether ``corner`` (working pixels) lies on the pitch's grass or within ``GRASS_PX`` of it."""
    column, row = int(round(corner[0])), int(round(corner[1]))
    near = pitch[
        max(row - GRASS_PX, 0) : row + GRASS_PX + 1, max(column - GRASS_PX, 0) : column + GRASS_PX + 1
    ]
    return bool(near.any())


def _meeting(first: FloatArray, second: FloatArray, shape: tuple[int, ...]) -> FloatArray | None:
    """Where two lines (homogeneous, working pixels) meet inside the picture, or None."""
    x, y, w = np.cross(first, second)
    if abs(w) < 1e-9:
        return None
    point = np.array([x / w, y / w])
    height, width = shape[:2]
    if not (0 <= point[0] < width and 0 <= point[1] < height):
        return None
    return point


def _both_ways(
    line: FloatArray, at: FloatArray, scale: float, deeper: Callable[[Point, Point], bool]
) -> tuple[FloatArray, FloatArray]:
    """The unit directions along ``line`` from ``at`` (working pixels): towards the goal under attack
    first, then back towards the halfway line."""
    along = np.array([-line[1], line[0]]) / np.hypot(line[0], line[1])
    ahead = at + RUNS_PX[1] * along
    if deeper((ahead[0] / scale, ahead[1] / scale), (at[0] / scale, at[1] / scale)):
        return along, -along
    return -along, along


def _near_a_marking(view: PitchView) -> npt.NDArray[np.bool_]:
    """The working pixels within ``ON_A_MARKING_PX`` of a marking (to the pitch's edge and beyond)."""
    if "near a marking" not in view.worked_out:
        size = 2 * ON_A_MARKING_PX + 1
        widened = cv2.dilate(
            view.field.markings_to_the_edge.astype(np.uint8), np.ones((size, size), np.uint8)
        )
        view.worked_out["near a marking"] = widened.astype(bool)
    near: npt.NDArray[np.bool_] = view.worked_out["near a marking"]
    return near


def _ends(markings: npt.NDArray[np.bool_], corner: FloatArray, direction: FloatArray) -> bool:
    """Whether the marking through ``corner`` ends there on the ``direction`` side (inside the picture)."""
    samples = _samples(markings.shape, corner, direction, ENDS_PX)
    if len(samples) < RUNS_ON * (ENDS_PX[1] - ENDS_PX[0]):
        return False
    return _share_on(markings, corner, direction, ENDS_PX) <= ENDS


def _samples(
    shape: tuple[int, ...], start: FloatArray, direction: FloatArray, reach: tuple[float, float]
) -> npt.NDArray[np.int64]:
    """Working pixels (column, row) from ``start`` along ``direction``, ``reach`` pixels away, inside
    the picture."""
    steps = np.arange(reach[0], reach[1], 1.0)
    points = np.rint(start[None, :] + steps[:, None] * direction[None, :]).astype(np.int64)
    height, width = shape[:2]
    inside = (points[:, 0] >= 0) & (points[:, 0] < width) & (points[:, 1] >= 0) & (points[:, 1] < height)
    return points[inside]


def _share_on(
    markings: npt.NDArray[np.bool_],
    start: FloatArray,
    direction: FloatArray,
    reach: tuple[float, float] = RUNS_PX,
) -> float:
    """The share of the samples from ``start`` along ``direction`` that lie on ``markings`` (as
    :func:`_near_a_marking` widens them; 0 when none is inside the picture)."""
    samples = _samples(markings.shape, start, direction, reach)
    if len(samples) == 0:
        return 0.0
    return float(markings[samples[:, 1], samples[:, 0]].mean())
