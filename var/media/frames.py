"""Turning decoded pictures into the upright RGB arrays every caller receives."""

from __future__ import annotations

from typing import Protocol

import av
import numpy as np
import numpy.typing as npt

RGBFrame = npt.NDArray[np.uint8]
"""An H×W×3 ``uint8`` RGB picture, upright, C-contiguous."""


class FrameDecoder(Protocol):
    """Decodes display frames of one file; one instance per thread."""

    def decode(self, frame: int) -> RGBFrame: ...

    def close(self) -> None: ...


def upright_rgb(picture: av.VideoFrame, rotation: int) -> RGBFrame:
    """RGB pixels of ``picture`` turned ``rotation`` degrees clockwise so the scene stands upright."""
    rgb = np.asarray(picture.to_ndarray(format="rgb24"), dtype=np.uint8)
    if rotation == 0:
        return rgb
    # np.rot90 turns counter-clockwise for positive k.
    return np.ascontiguousarray(np.rot90(rgb, k=-(rotation // 90)))
