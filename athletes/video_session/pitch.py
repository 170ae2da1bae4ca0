"""Where an angle's picture lies on the pitch: the camera the athletes' positions (and so their load)
come from.

A fixed training camera is calibrated once, with four or more pitch points clicked (the offside
tool's JSON: ``{"points": [{"name": ..., "image": [x, y]}, ...]}``); a camera that moves gives a
homography per frame (a Parquet file with ``camera_frame`` and ``h00`` .. ``h22``, pitch metres to
pixels, and ``camera`` when it holds several cameras, as the sample match's ``homographies.parquet``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt
import pandas as pd

from matchdesk.errors import MatchdeskError
from tracking.foot_points import foot_points
from tracking.lying_down import held_while_down
from tracking.tracks import Tracks
from var.offside import read_clicked_calibration

FloatArray = npt.NDArray[np.float64]
HOMOGRAPHY_COLUMNS = [f"h{row}{column}" for row in range(3) for column in range(3)]


@dataclass(frozen=True)
class AnglePitch:
    """Pitch metres -> pixels for each frame of one angle, and how sure it is."""

    fixed: FloatArray | None  # one homography for every frame (a fixed camera)
    per_frame: dict[int, FloatArray]  # or one per frame
    error_px: float  # the clicked points' reprojection error (0 when the homographies were given)
    source: str  # the file it came from

    def to_pitch(self, frames: npt.ArrayLike, feet: npt.ArrayLike) -> FloatArray:
        """Pitch metres of picture points ``feet`` (n, 2) on ``frames`` (NaN where a frame has no
        homography, and where the point is NaN: OpenCV would make it 0)."""
        frames = np.asarray(frames, np.int64)
        points = np.asarray(feet, np.float64).reshape(-1, 2)
        result = np.full((len(points), 2), np.nan)
        known = np.flatnonzero(np.isfinite(points).all(axis=1))
        groups: dict[int | None, npt.NDArray[np.int64]]
        if self.fixed is not None:
            groups = {None: known}
        else:
            groups = {int(f): known[frames[known] == f] for f in np.unique(frames[known])}
        for frame, rows in groups.items():
            homography = self.fixed if frame is None else self.per_frame.get(frame)
            if homography is None:
                continue
            inverse = np.linalg.inv(homography)
            result[rows] = cv2.perspectiveTransform(points[rows].reshape(-1, 1, 2), inverse).reshape(-1, 2)
        return result

    def places(self, seen: Tracks, picture_size: tuple[int, int] | None, frame_rate: float) -> FloatArray:
        """Where one athlete stood at each of his ``seen`` rows, as his load counts it: pitch metres of
        his feet (NaN where they are hidden: tracking.foot_points), held where he went down while he
        lies on the grass (tracking.lying_down)."""
        feet = foot_points(seen.frame, seen.xyxy, picture_size, frame_rate)
        return held_while_down(seen.frame, seen.xyxy, self.to_pitch(seen.frame, feet), frame_rate)


def read_angle_pitch(path: Path, angle: str) -> AnglePitch:
    """An angle's pitch from clicked points (.json) or per-frame homographies (.parquet)."""
    if not path.is_file():
        raise MatchdeskError("file not found", path)
    if path.suffix.lower() == ".json":
        calibration, _ = read_clicked_calibration(path)
        return AnglePitch(calibration.homography, {}, calibration.reprojection_error_px, str(path))
    if path.suffix.lower() != ".parquet":
        raise MatchdeskError("give pitch points (.json) or homographies per frame (.parquet)", path)
    try:
        table = pd.read_parquet(path)
        if "camera" in table.columns:
            if angle not in set(table.camera):
                raise MatchdeskError(f"no homographies of a camera named {angle} in it", path)
            table = table[table.camera == angle]
        per_frame = {
            int(frame): row.reshape(3, 3)
            for frame, row in zip(
                table.camera_frame, table[HOMOGRAPHY_COLUMNS].to_numpy(np.float64), strict=True
            )
        }
    except (OSError, ValueError, KeyError, AttributeError) as error:
        raise MatchdeskError(f"not homographies per frame ({error})", path) from error
    return AnglePitch(None, per_frame, 0.0, str(path))
