"""What is grass in a picture: one rule for the tiles, the shirts, the pitch and its markings."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

GRASS_HUES = (30, 90)  # OpenCV hue (0-180): yellow-green to cyan-green, sunlit or in shade
GRASS_SATURATION = 50  # greyer than this is a line, a shirt or the stands


def is_grass(
    hsv: npt.NDArray[Any], min_saturation: int = GRASS_SATURATION, min_value: int = 0
) -> npt.NDArray[np.bool_]:
    """Which pixels of an HSV picture (any shape ending in 3) are grass."""
    hue, saturation, value = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    low, high = GRASS_HUES
    return np.asarray((hue >= low) & (hue <= high) & (saturation >= min_saturation) & (value >= min_value))
