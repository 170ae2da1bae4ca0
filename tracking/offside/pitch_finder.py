"""Pitch points found without clicks: the penalty and goal areas' lines matched to the Laws' pitch.

Near a goal, where offside is judged, a broadcast picture shows lines of two kinds: those parallel to
the goal line (the goal line, the fronts of the goal and penalty areas, the halfway line) and those
parallel to the touchline (the areas' sides, the touchlines). The white markings' segments are
sorted by the vanishing point each kind meets at and merged into lines. Every choice of two lines of
each kind, named as two of the pitch's lines, gives a homography; the one whose markings, drawn back
into the picture, lie best on its white lines wins, and is then nudged onto them
(:mod:`tracking.offside.pitch_lines`, :mod:`tracking.offside.pitch_layouts`). It is accepted only
when most of the markings it draws in view lie on white and most of the picture's lines are among
them: otherwise the referee is asked for clicks.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tracking.offside.pitch_layouts import best_layout, distance_to_white
from tracking.offside.pitch_lines import lines_in_view
from tracking.offside.registration import marking_points
from tracking.offside.vanishing import PitchView
from var.offside import Calibration
from var.pitch import Pitch

logger = logging.getLogger(__name__)

Picture = npt.NDArray[np.uint8]
FloatArray = npt.NDArray[np.float64]

MIN_ON_WHITE = 0.75  # of the markings drawn in view, after the nudge
MIN_EXPLAINED = 0.6  # of the picture's marking segments, by length
MIN_MARKING_POINTS = 80


class PitchNotFound(ValueError):
    """The picture does not show enough of the pitch's markings to find it: click the points."""


@dataclass(frozen=True)
class FoundPitch:
    """A calibration found on one picture, and how well its markings lie on the picture's lines."""

    calibration: Calibration
    on_white: float  # share of the markings drawn in view that lie on white
    lines: tuple[str, ...]  # the pitch's lines the picture's lines were taken for


def find_pitch(
    picture: Picture, attack: int, pitch: Pitch | None = None, view: PitchView | None = None
) -> FoundPitch:
    """The calibration of ``picture`` from its markings near the goal under attack (``attack`` +1:
    the goal on the picture's right, -1 on its left). ``view``: the picture's lines, when the caller
    has read them.

    Raises:
        PitchNotFound: too few markings, or none of the pitch's layouts fits them.
    """
    pitch = pitch or Pitch()
    view = PitchView.of(picture) if view is None else view
    across = view.families[0] if view.families else None
    if across is None:
        raise PitchNotFound("no lines parallel to the goal line in view")
    lines = lines_in_view(view, across)
    segments, across_lines, along_lines = lines.segments, lines.across, lines.along
    if len(across_lines) < 2 or len(along_lines) < 2:
        raise PitchNotFound(
            f"too few of the pitch's lines in view ({len(across_lines)} parallel to the goal line, "
            f"{len(along_lines)} to the touchline; two of each are needed)"
        )
    distance = view.field.line_distance()
    points = marking_points(pitch)
    best = best_layout(across_lines, along_lines, segments, pitch, attack, distance, points)
    if best is None:
        raise PitchNotFound("no layout of the pitch's lines fits the lines in view")
    if best.judged < MIN_MARKING_POINTS or best.on_white < MIN_ON_WHITE or best.explained < MIN_EXPLAINED:
        raise PitchNotFound(
            f"the pitch's lines found do not fit well enough ({best.on_white:.0%} of the markings drawn "
            f"lie on the picture's lines, {best.explained:.0%} of the picture's lines are the pitch's)"
        )
    logger.info(
        "pitch found from %s: %.0f%% of the markings on white", ", ".join(best.names), 100 * best.on_white
    )
    refined = np.diag([1 / view.scale, 1 / view.scale, 1.0]) @ best.homography
    refined /= abs(refined[2, 2])
    error_px = distance_to_white(best.homography, distance, points) / view.scale
    return FoundPitch(_calibration(refined, pitch, picture.shape, error_px), best.on_white, best.names)


def _calibration(
    homography: FloatArray, pitch: Pitch, shape: tuple[int, ...], error_px: float
) -> Calibration:
    """The found homography as a calibration, named by the pitch points it puts in the picture."""
    height, width = shape[:2]
    names, image_points, pitch_points = [], [], []
    for name, (x, y) in pitch.points().items():
        u, v, w = homography @ np.array([x, y, 1.0])
        if w > 0 and 0 <= u / w < width and 0 <= v / w < height:
            names.append(name)
            image_points.append((float(u / w), float(v / w)))
            pitch_points.append((x, y))
    return Calibration(tuple(image_points), tuple(pitch_points), tuple(names), homography, error_px)
