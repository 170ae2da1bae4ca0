"""The offside line: calibrate a frame from clicked pitch points, then measure along the pitch.

The distance between attacker and second-last defender is measured in pitch metres, along the
touchline (the direction of attack), from points the referee picks on the image (or snaps to body
points). Each player's line is the line through that point parallel to the goal line, computed
on the pitch and projected back into the picture, as broadcast VAR draws it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from matchdesk.errors import MatchdeskError
from var.pitch import Pitch

FloatArray = npt.NDArray[np.float64]
Point = tuple[float, float]

MIN_PITCH_POINTS = 4  # a homography needs four
PIXEL_UNCERTAINTY = 1.0  # a player's point is found, or clicked, to about a pixel
SPRINT_METRES_PER_SECOND = 7.0


class CalibrationError(ValueError):
    """The clicked points do not determine a usable homography."""


@dataclass(frozen=True)
class Calibration:
    """Pitch plane <-> picture for one frame of one angle."""

    image_points: tuple[Point, ...]
    pitch_points: tuple[Point, ...]
    names: tuple[str, ...]
    homography: FloatArray  # pitch metres -> pixels
    reprojection_error_px: float  # RMS distance between clicked and re-projected points

    def to_pitch(self, image_point: Point) -> Point:
        inverse = np.linalg.inv(self.homography)
        x, y, w = inverse @ np.array([image_point[0], image_point[1], 1.0])
        return float(x / w), float(y / w)

    def to_image(self, pitch_point: Point) -> Point:
        x, y, w = self.homography @ np.array([pitch_point[0], pitch_point[1], 1.0])
        return float(x / w), float(y / w)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "points": [
                {"name": name, "image": list(image), "pitch": list(pitch)}
                for name, image, pitch in zip(self.names, self.image_points, self.pitch_points, strict=True)
            ],
            "homography": self.homography.tolist(),
            "reprojection_error_px": self.reprojection_error_px,
        }


def calibrate(clicks: Sequence[tuple[str, Point]], pitch: Pitch | None = None) -> Calibration:
    """A homography from four or more ``(template point name, image point)`` clicks.

    Raises:
        CalibrationError: fewer than four points, an unknown name, or points on a line.
    """
    template = (pitch or Pitch()).points()
    if len(clicks) < MIN_PITCH_POINTS:
        raise CalibrationError(f"click at least {MIN_PITCH_POINTS} pitch points ({len(clicks)} so far)")
    unknown = [name for name, _ in clicks if name not in template]
    if unknown:
        raise CalibrationError(f"not a pitch point: {', '.join(unknown)}")
    names = tuple(name for name, _ in clicks)
    if len(set(names)) != len(names):
        raise CalibrationError("the same pitch point was clicked twice")
    pitch_points = np.array([template[name] for name in names], dtype=np.float64)
    image_points = np.array([point for _, point in clicks], dtype=np.float64)
    homography, _ = cv2.findHomography(pitch_points, image_points, 0)
    if homography is None or abs(np.linalg.det(homography)) < 1e-12:
        raise CalibrationError("these points do not fix the pitch (are three of them on one line?)")
    projected = cv2.perspectiveTransform(pitch_points[None, :, :], homography)[0]
    error = float(np.sqrt(np.mean(np.sum((projected - image_points) ** 2, axis=1))))
    return Calibration(
        tuple((float(x), float(y)) for x, y in image_points),
        tuple((float(x), float(y)) for x, y in pitch_points),
        names,
        np.asarray(homography, dtype=np.float64),
        error,
    )


@dataclass(frozen=True)
class OffsideLines:
    """The two lines and what they say."""

    attacker_image: Point
    defender_image: Point
    attacker_pitch: Point
    defender_pitch: Point
    attack_direction: int  # +1: attacking towards x = length; -1: towards x = 0
    distance_cm: float  # > 0: the attacker is beyond the defender (nearer the goal line)
    attacker_line: tuple[Point, Point]  # image points: where the line meets the two touchlines
    defender_line: tuple[Point, Point]
    uncertainty_cm: float | None = None  # closer than this the two lines cannot be told apart

    @property
    def offside(self) -> bool:
        return self.distance_cm > 0

    @property
    def verdict(self) -> str:
        """ "offside position", "onside", or "level" when the gap is within the uncertainty."""
        if self.uncertainty_cm is not None and abs(self.distance_cm) <= self.uncertainty_cm:
            return "level"
        return "offside position" if self.offside else "onside"

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "attacker": {"image": list(self.attacker_image), "pitch": list(self.attacker_pitch)},
            "defender": {"image": list(self.defender_image), "pitch": list(self.defender_pitch)},
            "attack_direction": self.attack_direction,
            "distance_cm": round(self.distance_cm, 1),
            "uncertainty_cm": None if self.uncertainty_cm is None else round(self.uncertainty_cm, 1),
            "attacker_line": [list(p) for p in self.attacker_line],
            "defender_line": [list(p) for p in self.defender_line],
            "verdict": self.verdict,
        }


def offside_lines(
    calibration: Calibration,
    attacker: Point,
    defender: Point,
    attack_direction: int,
    pitch: Pitch | None = None,
    frame_rate: Fraction | None = None,
) -> OffsideLines:
    """Lines through the attacker's and the defender's points, parallel to the goal line; with the
    video's ``frame_rate``, the distance's uncertainty (:func:`uncertainty_cm`) too."""
    if attack_direction not in (1, -1):
        raise ValueError("attack_direction is +1 (towards x = length) or -1 (towards x = 0)")
    width = (pitch or Pitch()).width
    attacker_pitch, defender_pitch = calibration.to_pitch(attacker), calibration.to_pitch(defender)

    def line(x: float) -> tuple[Point, Point]:
        return calibration.to_image((x, 0.0)), calibration.to_image((x, width))

    distance_m = (attacker_pitch[0] - defender_pitch[0]) * attack_direction
    return OffsideLines(
        attacker,
        defender,
        attacker_pitch,
        defender_pitch,
        attack_direction,
        distance_m * 100,
        line(attacker_pitch[0]),
        line(defender_pitch[0]),
        None if frame_rate is None else uncertainty_cm(calibration, defender, frame_rate),
    )


def verdict_in_words(verdict: str) -> str:
    """A verdict (the automatic check's or the offside tool's) as the referee reads it."""
    return "level: too close to call" if verdict == "level" else verdict


def uncertainty_cm(calibration: Calibration, at: Point, frame_rate: Fraction) -> float:
    """How far apart (cm) two offside lines near ``at`` must be to be told apart: a pixel for each
    player's point, the calibration's reprojection error, both at that distance from the camera, and
    how far a sprinting player moves in half a frame interval (the pass is played somewhere between
    two frames)."""
    per_pixel = cm_per_pixel(calibration, at)
    return math.hypot(
        PIXEL_UNCERTAINTY * per_pixel * math.sqrt(2),
        calibration.reprojection_error_px * per_pixel,
        SPRINT_METRES_PER_SECOND * 0.5 / float(frame_rate) * 100,
    )


def cm_per_pixel(calibration: Calibration, at: Point) -> float:
    """The pitch distance one picture pixel at ``at`` covers (the longer of across and down)."""
    here = np.array(calibration.to_pitch(at))
    moved = [np.array(calibration.to_pitch((at[0] + dx, at[1] + dy))) for dx, dy in ((1, 0), (0, 1))]
    return float(max(np.linalg.norm(m - here) for m in moved) * 100)


def analysis_record(
    angle: int,
    frame: int,
    reference_frame: int,
    calibration: Calibration,
    lines: OffsideLines,
    set_by: dict[str, str] | None = None,
) -> dict[str, Any]:
    """What the review log keeps of one offside check (everything needed to redraw and re-measure it).

    ``set_by``: per player ("attacker", "defender"), "auto" when the automatic check found him and
    "referee" when he was clicked (the default)."""
    return {
        "angle": angle,
        "frame": frame,
        "reference_frame": reference_frame,
        "calibration": calibration.to_json_dict(),
        **lines.to_json_dict(),
        "set_by": set_by or {"attacker": "referee", "defender": "referee"},
    }


def read_clicked_calibration(path: Path) -> tuple[Calibration, int | None]:
    """The clicked calibration, and the frame it was clicked on when the file says (``"frame": N``)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        points = data["points"] if isinstance(data, dict) and "points" in data else data
        if isinstance(points, dict):
            clicks = [(str(name), (float(xy[0]), float(xy[1]))) for name, xy in points.items()]
        else:
            clicks = [(str(p["name"]), (float(p["image"][0]), float(p["image"][1]))) for p in points]
        clicked_on = int(data["frame"]) if isinstance(data, dict) and "frame" in data else None
        return calibrate(clicks), clicked_on
    except CalibrationError as error:  # a ValueError too: before the one below
        raise MatchdeskError(f"calibration: {error}", path) from error
    except OSError as error:
        raise MatchdeskError(f"cannot read the calibration ({error.strerror})", path) from error
    except (ValueError, KeyError, TypeError, IndexError) as error:
        raise MatchdeskError(
            f'not a calibration: give {{"points": [{{"name": "...", "image": [x, y]}}, ...]}} ({error})', path
        ) from error
