"""Body points of the players near a click, from Ultralytics YOLO pose weights, as snap targets.

For the offside line a referee wants the part of the body that may score (feet, knees, hips,
shoulders), never arms or hands. Players in broadcast footage are small, so the model looks at a
crop around the click, enlarged to the model's input size, rather than at the whole frame.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from matchdesk.errors import MatchdeskError

logger = logging.getLogger(__name__)

Point = tuple[float, float]

# COCO keypoint indices of the parts that count for offside.
SCORING_PARTS = {
    5: "left shoulder",
    6: "right shoulder",
    11: "left hip",
    12: "right hip",
    13: "left knee",
    14: "right knee",
    15: "left foot",
    16: "right foot",
}
MODEL_SIZE = 640
MIN_KEYPOINT_CONFIDENCE = 0.3


@dataclass(frozen=True)
class BodyPoint:
    """One body point of one detected person, in picture pixels."""

    name: str
    x: float
    y: float
    confidence: float
    person: int


class PoseSnapper:
    """Finds body points near a point of a picture; loads the weights once."""

    def __init__(self, weights: Path) -> None:
        if not weights.is_file():
            raise MatchdeskError("pose weights file not found", weights)
        from ultralytics import YOLO  # heavy: loaded only when snapping

        try:
            self._model: Any = YOLO(str(weights))
        except Exception as error:  # ultralytics raises many kinds for a bad file
            raise MatchdeskError(f"not usable Ultralytics weights ({error})", weights) from error
        if getattr(self._model, "task", None) != "pose":
            raise MatchdeskError("these weights do not estimate body points (not a pose model)", weights)

    def body_points(
        self, picture: npt.NDArray[np.uint8], around: Point, radius: float = 160.0
    ) -> list[BodyPoint]:
        """Scoring body points of everyone within ``radius`` pixels of ``around``, nearest first."""
        height, width = picture.shape[:2]
        x0, y0 = max(0, int(around[0] - radius)), max(0, int(around[1] - radius))
        x1, y1 = min(width, int(around[0] + radius)), min(height, int(around[1] + radius))
        crop = picture[y0:y1, x0:x1]
        if crop.size == 0:
            return []
        scale = MODEL_SIZE / max(crop.shape[:2])
        enlarged = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        # Ultralytics takes BGR arrays.
        result = self._model.predict(
            enlarged[..., ::-1], imgsz=MODEL_SIZE, conf=0.2, device="cpu", verbose=False
        )[0]
        if result.keypoints is None or result.keypoints.data is None:
            return []
        points: list[BodyPoint] = []
        for person, keypoints in enumerate(result.keypoints.data.cpu().numpy()):
            for index, name in SCORING_PARTS.items():
                kx, ky, confidence = (float(v) for v in keypoints[index])
                if confidence >= MIN_KEYPOINT_CONFIDENCE:
                    points.append(BodyPoint(name, x0 + kx / scale, y0 + ky / scale, confidence, person))
        return sorted(points, key=lambda p: math.dist((p.x, p.y), around))

    def snap(self, picture: npt.NDArray[np.uint8], click: Point, within: float = 30.0) -> BodyPoint | None:
        """The scoring body point nearest the click, if one is within ``within`` pixels."""
        points = self.body_points(picture, click)
        if points and math.dist((points[0].x, points[0].y), click) <= within:
            return points[0]
        return None
