"""A calibration carried through a clip: the pitch's markings followed from frame to frame.

Where the pitch points were clicked (or found) on one frame, the camera's later pans, tilts and
zooms are followed by laying the pitch's markings (touchlines, goal lines, halfway line, penalty and
goal areas, centre circle), as the previous frame's calibration draws them, onto the white lines of
the next frame and nudging the calibration until they sit on them (Levenberg-Marquardt on the
distance to the nearest white pixel, cut off so that players and shirts do not pull). Every frame
of the clip then has its centimetres, not only the clicked one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from itertools import pairwise

import cv2
import numpy as np
import numpy.typing as npt

from tracking.pitch_edge import FieldOfPlay
from var.offside import Calibration
from var.pitch import Pitch

logger = logging.getLogger(__name__)

Picture = npt.NDArray[np.uint8]
FloatArray = npt.NDArray[np.float64]
WORKING_WIDTH = 960
SAMPLE_EVERY_M = 0.5
FARTHEST_PX = 12.0  # a marking further than this from any white pixel is not on it (a player, a shadow)
MIN_POINTS = 60
MAX_MOVE_PER_FRAME = 0.1  # of the picture's width
_ITERATIONS = 25


class RegistrationError(ValueError):
    """The pitch's markings cannot be followed onto this frame (a cut, or too few lines in view)."""


def marking_points(pitch: Pitch | None = None, every_m: float = SAMPLE_EVERY_M) -> FloatArray:
    """Points along every marking, ``every_m`` apart, in pitch metres (n, 2)."""
    points: list[tuple[float, float]] = []
    for polyline in (pitch or Pitch()).markings():
        for (x1, y1), (x2, y2) in pairwise(polyline):
            steps = max(1, int(np.hypot(x2 - x1, y2 - y1) / every_m))
            points += [(x1 + (x2 - x1) * k / steps, y1 + (y2 - y1) * k / steps) for k in range(steps)]
    return np.array(points, dtype=np.float64)


def refine_to_markings(
    picture: Picture,
    homography: FloatArray,
    points: FloatArray | None = None,
    reach_px: tuple[float, ...] = (FARTHEST_PX,),
    field: FieldOfPlay | None = None,
) -> FloatArray:
    """``homography`` (pitch metres -> ``picture``'s pixels) nudged until the markings sit on the
    picture's white lines. ``reach_px``: how far (working pixels) a white line pulls a marking, one
    pass each, widest first for a start further off. ``field``: the picture's markings, when the
    caller has read them (:class:`tracking.offside.vanishing.PitchView`).

    Raises:
        RegistrationError: too few markings in view near white lines.
    """
    if field is None:
        scale = min(1.0, WORKING_WIDTH / picture.shape[1])
        small = (
            cv2.resize(picture, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
            if scale < 1
            else picture
        )
        field = FieldOfPlay.of(np.asarray(small, dtype=np.uint8), scale)
    scale = field.scale
    distance = field.line_distance()
    down = np.diag([scale, scale, 1.0])
    markings = marking_points() if points is None else points
    nudged = down @ homography
    for reach in reach_px:
        nudged = nudged_onto_markings(distance, nudged, markings, reach)
    refined = np.linalg.inv(down) @ nudged
    return np.asarray(refined / abs(refined[2, 2]), dtype=np.float64)


def facing_the_camera(homography: FloatArray, seen: tuple[float, float]) -> FloatArray:
    """``homography`` (pitch -> picture) signed so that what the camera sees has w > 0: the pitch
    point at picture point ``seen``, and with it every point in front of the camera. (Scaled to
    h33 = 1, a homography gives w < 0 to all it sees when the pitch's origin is behind the camera.)"""
    x, y, w = np.linalg.solve(homography, np.array([seen[0], seen[1], 1.0]))
    return in_front_at(homography, (x / w, y / w))


def in_front_at(homography: FloatArray, pitch_point: tuple[float, float]) -> FloatArray:
    """``homography`` signed so that ``pitch_point``, one the camera sees, has w > 0."""
    w = homography[2] @ np.array([pitch_point[0], pitch_point[1], 1.0])
    return np.asarray(homography if w > 0 else -homography, dtype=np.float64)


def nudged_onto_markings(
    distance: FloatArray, start: FloatArray, markings: FloatArray, farthest_px: float = FARTHEST_PX
) -> FloatArray:
    """``start`` (pitch metres -> pixels of ``distance``) nudged until ``markings`` (pitch metres)
    lie on white, as :meth:`FieldOfPlay.line_distance` measures it; a marking further than
    ``farthest_px`` from white does not pull.

    Raises:
        RegistrationError: too few markings in view near white lines.
    """
    height, width = distance.shape
    start = facing_the_camera(start, (width / 2, height / 2))
    pitch_points = np.c_[markings, np.ones(len(markings))]

    def corrected(p: FloatArray) -> FloatArray:
        correction = np.array(
            [
                [1 + p[0], p[1], p[2] * width],
                [p[3], 1 + p[4], p[5] * width],
                [p[6] / width, p[7] / width, 1.0],
            ]
        )
        return correction @ start

    def residuals(p: FloatArray) -> FloatArray:
        projected = pitch_points @ corrected(p).T
        xy = projected[:, :2] / projected[:, 2:3]
        inside = (
            (projected[:, 2] > 0)
            & (xy[:, 0] >= 0)
            & (xy[:, 0] < width - 1)
            & (xy[:, 1] >= 0)
            & (xy[:, 1] < height - 1)
        )
        values = np.full(len(xy), farthest_px)
        values[inside] = _bilinear(distance, xy[inside])
        return np.asarray(np.minimum(values, farthest_px), dtype=np.float64)

    p = np.zeros(8)
    first = residuals(p)
    if int(np.sum(first < farthest_px)) < MIN_POINTS:
        raise RegistrationError("too few of the pitch's markings in view to follow the camera")
    damping = 1e-3
    cost = float(first @ first)
    for _ in range(_ITERATIONS):
        r = residuals(p)
        jacobian = np.empty((len(r), 8))
        for k in range(8):
            step = np.zeros(8)
            step[k] = 1e-4
            jacobian[:, k] = (residuals(p + step) - r) / 1e-4
        normal = jacobian.T @ jacobian
        gradient = jacobian.T @ r
        update = np.linalg.solve(normal + damping * np.diag(np.diag(normal) + 1e-9), -gradient)
        candidate = p + update
        new = residuals(candidate)
        if float(new @ new) < cost:
            p, cost, damping = candidate, float(new @ new), damping / 3
            if np.abs(update).max() < 1e-7:
                break
        else:
            damping *= 5
    return corrected(p)


def carry_calibration(
    calibration: Calibration, frame: Callable[[int], Picture], clicked_on: int, wanted: int
) -> Calibration:
    """``calibration`` (made on frame ``clicked_on``) carried to frame ``wanted``, frame by frame.

    ``frame``: returns the picture of a display frame.
    """
    if wanted == clicked_on:
        return calibration
    step = 1 if wanted > clicked_on else -1
    points = marking_points()
    homography = calibration.homography
    for index in range(clicked_on + step, wanted + step, step):
        picture = frame(index)
        followed = refine_to_markings(picture, homography, points)
        jump = largest_move(homography, followed, picture.shape)
        if jump > MAX_MOVE_PER_FRAME * picture.shape[1]:
            raise RegistrationError(
                f"the pitch's markings were lost at frame {index} (they jumped {jump:.0f} px in one frame)"
            )
        homography = followed
    return with_homography(calibration, homography)


def with_homography(calibration: Calibration, homography: FloatArray) -> Calibration:
    """``calibration``'s pitch points, drawn by ``homography`` (on another frame)."""
    pitch_points = np.array(calibration.pitch_points, dtype=np.float64)
    image_points = cv2.perspectiveTransform(pitch_points[None, :, :], homography)[0]
    return Calibration(
        tuple((float(x), float(y)) for x, y in image_points),
        calibration.pitch_points,
        calibration.names,
        homography,
        calibration.reprojection_error_px,
    )


def largest_move(before: FloatArray, after: FloatArray, shape: tuple[int, ...]) -> float:
    """How far (pixels) the picture's corners and middle move between two calibrations of
    consecutive frames: a camera pans a few per cent of the picture a frame, a lost track far more."""
    height, width = shape[:2]
    corners = np.array(
        [[0, 0], [width, 0], [0, height], [width, height], [width / 2, height / 2]], dtype=np.float64
    )
    moved = cv2.perspectiveTransform(corners[None], after @ np.linalg.inv(before))[0]
    return float(np.max(np.linalg.norm(moved - corners, axis=1)))


def _bilinear(image: FloatArray, xy: FloatArray) -> FloatArray:
    x, y = xy[:, 0], xy[:, 1]
    x0, y0 = np.floor(x).astype(int), np.floor(y).astype(int)
    fx, fy = x - x0, y - y0
    top = image[y0, x0] * (1 - fx) + image[y0, x0 + 1] * fx
    bottom = image[y0 + 1, x0] * (1 - fx) + image[y0 + 1, x0 + 1] * fx
    return np.asarray(top * (1 - fy) + bottom * fy, dtype=np.float64)
