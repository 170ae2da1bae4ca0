"""How a broadcast camera turned and zoomed between the frames of one clip.

A broadcast camera pans, tilts and zooms about a fixed head: two of its pictures are related by one
homography, for the pitch, the stands and every point at infinity alike (a vanishing point too).
Corners are followed from each frame to the next (pyramidal Lucas-Kanade on a small grey picture)
and each step's homography is fitted with RANSAC, so that players running and the broadcast's fixed
graphics are left out as outliers. The steps are chained: any frame of the clip maps to any other.
A cut (too few corners followed) ends a stretch: frames either side of it are not related.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from tracking.pitch_edge import pitch_mask

logger = logging.getLogger(__name__)

Picture = npt.NDArray[np.uint8]
FloatArray = npt.NDArray[np.float64]

WORKING_WIDTH = 640
MOST_CORNERS = 500
MIN_FOLLOWED = 40  # corners agreeing on one step: fewer is a cut or a picture with nothing to follow
RANSAC_PX = 1.0  # at the working width


@dataclass(frozen=True)
class CameraMotion:
    """Homographies from each frame's pixels to the pixels of its stretch's first frame."""

    to_first: dict[int, FloatArray]  # frame -> 3x3, picture pixels of the frame -> of ``stretch_of``'s first
    stretch_of: dict[int, int]  # frame -> the first frame of its stretch (frames between cuts)

    def relating(self, source: int, target: int) -> FloatArray | None:
        """The homography taking ``source``'s pixels (and vanishing points) to ``target``'s, or None
        when a cut lies between them or either frame was not followed."""
        if source not in self.to_first or target not in self.to_first:
            return None
        if self.stretch_of[source] != self.stretch_of[target]:
            return None
        mapped = np.linalg.inv(self.to_first[target]) @ self.to_first[source]
        return np.asarray(mapped / np.linalg.norm(mapped), dtype=np.float64)


def follow_camera(frame: Callable[[int], Picture], frames: Sequence[int], longest_gap: int) -> CameraMotion:
    """The camera's motion through every frame from the first of ``frames`` to the last, each frame
    between (and each of ``frames``) read once, in order. Frames of ``frames`` more than
    ``longest_gap`` apart are not related (nothing between them is read)."""
    to_first: dict[int, FloatArray] = {}
    stretch_of: dict[int, int] = {}
    for group in followed_together(frames, longest_gap):
        previous: npt.NDArray[np.uint8] | None = None
        start, chained = group[0], np.eye(3)
        for index in range(group[0], group[-1] + 1):
            picture = frame(index)
            scale = min(1.0, WORKING_WIDTH / picture.shape[1])
            small = np.asarray(
                cv2.resize(picture, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), np.uint8
            )
            grey = np.asarray(cv2.cvtColor(small, cv2.COLOR_RGB2GRAY), np.uint8)
            on_pitch = np.asarray(
                cv2.erode(pitch_mask(small).astype(np.uint8), np.ones((9, 9), np.uint8)), np.uint8
            )
            step = None if previous is None else _step(previous, grey, on_pitch)
            if previous is not None and step is None:
                logger.info(
                    "frame %d: the camera could not be followed from the frame before (a cut?)", index
                )
                start, chained = index, np.eye(3)
            elif step is not None:
                chained = chained @ step  # this frame -> previous -> ... -> the stretch's first
            to_first[index] = _to_picture_pixels(chained, scale)
            stretch_of[index] = start
            previous = grey
    return CameraMotion(to_first, stretch_of)


def followed_together(frames: Sequence[int], longest_gap: int) -> list[list[int]]:
    """``frames`` in order, in the groups :func:`follow_camera` follows through (no gap longer than
    ``longest_gap`` inside a group)."""
    groups: list[list[int]] = []
    for index in sorted(set(frames)):
        if groups and index - groups[-1][-1] <= longest_gap:
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups


def _step(
    previous: npt.NDArray[np.uint8], current: npt.NDArray[np.uint8], on_pitch: npt.NDArray[np.uint8]
) -> FloatArray | None:
    """The homography taking ``current``'s working pixels to ``previous``'s, fitted on the pitch."""
    corners = cv2.goodFeaturesToTrack(current, MOST_CORNERS, 0.001, 7, mask=on_pitch)
    if corners is None or len(corners) < MIN_FOLLOWED:
        return None
    followed, status, _ = cv2.calcOpticalFlowPyrLK(
        current, previous, corners, None, winSize=(21, 21), maxLevel=3
    )
    ok = status.ravel() == 1
    if ok.sum() < MIN_FOLLOWED:
        return None
    homography, inliers = cv2.findHomography(corners[ok], followed[ok], cv2.RANSAC, RANSAC_PX)
    if homography is None or int(inliers.sum()) < MIN_FOLLOWED:
        return None
    return np.asarray(homography, dtype=np.float64)


def _to_picture_pixels(working: FloatArray, scale: float) -> FloatArray:
    """A homography between working pictures as one between full pictures."""
    down = np.diag([scale, scale, 1.0])
    return np.asarray(np.linalg.inv(down) @ working @ down, dtype=np.float64)
