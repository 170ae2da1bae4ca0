"""How a broadcast camera turned and zoomed between the frames of one clip.

A broadcast camera pans, tilts and zooms about a fixed head: two of its pictures are related by one
homography, for the pitch, the stands and every point at infinity alike (a vanishing point too), and
that homography is a rotation and a zoom, K' R K^-1: four numbers, not eight. Corners are followed from
each frame to the next (pyramidal Lucas-Kanade on a small grey picture) over the stands and the pitch's
grass and markings, never on the players (not the top and bottom eighths either, where the broadcast's
graphics sit); a general homography fitted with RANSAC leaves fixed graphics and what else moves out as
outliers, and the rotation and zoom are then fitted to the corners it kept. (Where the pitch fills the
picture, corners taken anywhere were mostly the players': those running together agreed on a
homography of their own, and Liverpool-Benfica 422's annotated vanishing points, carried between its
annotated frames, came out 7.9 degrees off their annotation in the median; 1.0 now.) A general
homography fitted on each step lets its perspective part wander (grass and stands lie in a band), and
chained over 80 frames it turned a vanishing point by 2-8 degrees on the development clips; the
rotation and zoom, 0.3-2 degrees. Where what lies off the grass stays still while the grass moves (a
picture painted over the stands, as the sample match's are), the grass alone is followed by its own
homography. The steps are chained: any frame of the clip maps to any other. A cut (too few corners
followed) ends a stretch: frames either side of it are not related.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from tracking.pitch_edge import pitch_and_grass, thin_bright_lines

logger = logging.getLogger(__name__)

Picture = npt.NDArray[np.uint8]
FloatArray = npt.NDArray[np.float64]
# Corners of a frame, where they were in the frame before, and, when they are the grass's alone (a
# plane, which a homography relates exactly whatever the camera did), that homography.
Corners = tuple[FloatArray, FloatArray, FloatArray | None]
# Corners, where they were, which of them one homography agrees on, and that homography.
CornerPairs = tuple[FloatArray, FloatArray, npt.NDArray[np.bool_], FloatArray]

WORKING_WIDTH = 640
MOST_CORNERS = 800
CORNER_QUALITY = 0.01  # of the strongest corner: the stands' and the boards' corners
GRASS_CORNER_QUALITY = 0.001  # grass alone has only faint corners
PEOPLE_MARGIN_PX = 7  # working pixels around the people on the pitch where no corner is taken
STILL_PX = 0.5  # working pixels: the grass moving this much more than what stays still around it
GRASS_CORNERS = 500  # when the grass alone is followed
MIN_FOLLOWED = 40  # corners agreeing on one step: fewer is a cut or a picture with nothing to follow
RANSAC_PX = 1.0  # at the working width
GRAPHICS_BAND = 1 / 8  # the top and bottom of the picture, where the score and the broadcaster's marks sit
# The focal lengths tried, in picture widths (from a 64-degree wide shot to a 19-degree close one).
FOCAL_WIDTHS = (0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5, 3.0)
FOCAL_STEPS = 12  # the largest steps of a stretch that choose its focal length
HUBER_PX = 1.0
GAUSS_NEWTON_STEPS = 6


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
        stretches: list[list[tuple[int, Corners | None]]] = []  # per stretch: (frame, its step's corners)
        scale, size = 1.0, (0, 0)
        for index in range(group[0], group[-1] + 1):
            picture = frame(index)
            scale = min(1.0, WORKING_WIDTH / picture.shape[1])
            small = np.asarray(
                cv2.resize(picture, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), np.uint8
            )
            grey = np.asarray(cv2.cvtColor(small, cv2.COLOR_RGB2GRAY), np.uint8)
            size = (grey.shape[1], grey.shape[0])
            corners = None if previous is None else _followed_corners(previous, grey, _Ground.of(small))
            if previous is not None and corners is None:
                logger.info(
                    "frame %d: the camera could not be followed from the frame before (a cut?)", index
                )
            if not stretches or (previous is not None and corners is None):
                stretches.append([])
            stretches[-1].append((index, corners))
            previous = grey
        for stretch in stretches:
            steps = [c for _, c in stretch if c is not None and c[2] is None]
            focal = _focal_length(steps, size)
            chained = np.eye(3)
            for index, corners in stretch:
                if corners is not None:  # this frame -> previous -> ... -> the stretch's first
                    chained = chained @ _camera_step(corners, focal, size)
                to_first[index] = _to_picture_pixels(chained, scale)
                stretch_of[index] = stretch[0][0]
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


@dataclass(frozen=True)
class _Ground:
    """Where a working picture's corners may be taken: the pitch, and on it what stands still."""

    pitch: npt.NDArray[np.bool_]  # ``pitch_mask``: the grass with the players and lines on it
    still: npt.NDArray[np.bool_]  # the pitch's grass and markings, the people on it left out

    @classmethod
    def of(cls, small: Picture) -> _Ground:
        pitch, grass = pitch_and_grass(small)
        standing = (pitch & ~(grass | thin_bright_lines(small))).astype(np.uint8)  # people, the ball
        near_people = cv2.dilate(standing, np.ones((PEOPLE_MARGIN_PX, PEOPLE_MARGIN_PX), np.uint8)) > 0
        return cls(pitch, np.asarray(pitch & ~near_people))


def _followed_corners(
    previous: npt.NDArray[np.uint8], current: npt.NDArray[np.uint8], ground: _Ground
) -> Corners | None:
    """Corners of ``current`` and where they are in ``previous``, those a homography agrees on (the
    broadcast's fixed graphics left out); None when too few (a cut). Corners are taken off the pitch
    (the stands, the boards) and on the pitch's grass and markings, each by its own measure (the grass's
    are faint beside the stands'), never on the players: where the pitch fills the picture, the players'
    corners outnumber the grass's, and those running together agree on a homography of their own.
    Unless what lies off the grass stays still while the grass moves (a picture painted over the
    stands, as the sample match's are): then the grass alone is followed, by its own homography (a
    plane's, exact for any motion of the camera)."""
    height = current.shape[0]
    band = round(height * GRAPHICS_BAND)
    followable = np.zeros_like(current)
    followable[band : height - band] = 1
    pitch = ground.pitch
    regions = [
        (followable * (~pitch).astype(np.uint8), CORNER_QUALITY),
        (followable * ground.still.astype(np.uint8), GRASS_CORNER_QUALITY),
    ]
    pairs = _corner_pairs(previous, current, regions)
    if pairs is not None and not _painted_around(previous, current, pitch, followable, pairs):
        source, target, kept, _ = pairs
        return source[kept], target[kept], None
    inner_pitch = np.asarray(cv2.erode(pitch.astype(np.uint8), np.ones((9, 9), np.uint8)), np.uint8)
    pairs = _corner_pairs(previous, current, [(inner_pitch, GRASS_CORNER_QUALITY)], GRASS_CORNERS)
    if pairs is None:
        return None
    source, target, kept, plane = pairs
    return source[kept], target[kept], plane


def _painted_around(
    previous: npt.NDArray[np.uint8],
    current: npt.NDArray[np.uint8],
    grass: npt.NDArray[np.bool_],
    followable: npt.NDArray[np.uint8],
    pairs: CornerPairs,
) -> bool:
    """Whether most of the corners off the grass stay still while the grass's move."""
    source, target, _, _ = pairs
    at = np.clip(np.round(source).astype(int), 0, [current.shape[1] - 1, current.shape[0] - 1])
    on_grass = grass[at[:, 1], at[:, 0]]
    if not on_grass.any():
        return False
    each_moved = np.linalg.norm(source - target, axis=1)
    grass_moved = float(np.median(each_moved[on_grass]))
    if grass_moved <= STILL_PX:
        return False  # the camera barely moved: nothing tells still from followed
    if (~on_grass).sum() >= MIN_FOLLOWED:
        moved = each_moved[~on_grass]
    else:  # the stands' corners are faint beside the players': looked for by their own measure
        around = followable * (1 - grass.astype(np.uint8))
        off_grass = _corner_pairs(previous, current, [(around, GRASS_CORNER_QUALITY)])
        if off_grass is None:
            return False
        moved = np.linalg.norm(off_grass[0] - off_grass[1], axis=1)
    return bool(
        (moved < RANSAC_PX).sum() > len(moved) / 2 and grass_moved > float(np.median(moved)) + STILL_PX
    )


def _camera_step(corners: Corners, focal: float, size: tuple[int, int]) -> FloatArray:
    """The homography of one step: the camera's rotation and zoom when the whole picture was followed,
    else the grass's own homography."""
    source, target, plane = corners
    return rotation_and_zoom(source, target, focal, size) if plane is None else plane


def _corner_pairs(
    previous: npt.NDArray[np.uint8],
    current: npt.NDArray[np.uint8],
    regions: Sequence[tuple[npt.NDArray[np.uint8], float]],
    most: int = MOST_CORNERS,
) -> CornerPairs | None:
    """Corners of ``current`` in each region (a mask and the corner quality asked there), where they are
    in ``previous``, which of them one homography (RANSAC) agrees on, and it; None when too few."""
    found = [cv2.goodFeaturesToTrack(current, most, quality, 7, mask=mask) for mask, quality in regions]
    kept_found = [c.reshape(-1, 2) for c in found if c is not None]
    if not kept_found:
        return None
    corners = np.concatenate(kept_found).astype(np.float32).reshape(-1, 1, 2)
    if len(corners) < MIN_FOLLOWED:
        return None
    followed, status, _ = cv2.calcOpticalFlowPyrLK(
        current, previous, corners, None, winSize=(21, 21), maxLevel=3
    )
    ok = status.ravel() == 1
    if ok.sum() < MIN_FOLLOWED:
        return None
    source = np.asarray(corners[ok].reshape(-1, 2), np.float64)
    target = np.asarray(followed[ok].reshape(-1, 2), np.float64)
    homography, inliers = cv2.findHomography(source, target, cv2.RANSAC, RANSAC_PX)
    if homography is None or int(inliers.sum()) < MIN_FOLLOWED:
        return None
    return source, target, np.asarray(inliers.ravel() == 1), np.asarray(homography, np.float64)


def _focal_length(steps: Sequence[Corners], size: tuple[int, int]) -> float:
    """The focal length (working pixels) under which the stretch's largest steps are best explained as
    rotations and zooms. A small pan barely tells it; the largest steps do."""
    largest = sorted(steps, key=lambda c: -float(np.median(np.linalg.norm(c[0] - c[1], axis=1))))
    largest = largest[:FOCAL_STEPS]
    if not largest:
        return FOCAL_WIDTHS[0] * size[0]

    def misfit(focal: float) -> float:
        total = 0.0
        for source, target, _ in largest:
            off = np.linalg.norm(
                _apply(rotation_and_zoom(source, target, focal, size), source) - target, axis=1
            )
            total += float(np.where(off <= HUBER_PX, off**2 / 2, HUBER_PX * (off - HUBER_PX / 2)).sum())
        return total

    return min((widths * size[0] for widths in FOCAL_WIDTHS), key=misfit)


def rotation_and_zoom(
    source: FloatArray, target: FloatArray, focal: float, size: tuple[int, int]
) -> FloatArray:
    """The homography K' R K^-1 (a camera turning by R and zooming by K'/K about its centre) that best
    takes ``source`` pixels to ``target`` pixels, by Gauss-Newton with Huber weights from no motion."""
    centre = (size[0] / 2, size[1] / 2)
    parameters = np.zeros(4)  # rotation vector (3) and the log of the zoom

    def residuals(at: FloatArray) -> FloatArray:
        return (_apply(_homography(at, focal, centre), source) - target).ravel()

    for _ in range(GAUSS_NEWTON_STEPS):
        now = residuals(parameters)
        jacobian = np.column_stack(
            [(residuals(parameters + delta) - now) / 1e-6 for delta in np.eye(4) * 1e-6]
        )
        size_of = np.abs(now)
        weights = np.where(size_of <= HUBER_PX, 1.0, HUBER_PX / np.maximum(size_of, 1e-12))
        weighted = jacobian * weights[:, None]
        change = np.linalg.lstsq(weighted.T @ jacobian, -(weighted.T @ now), rcond=None)[0]
        parameters = parameters + change
        if np.abs(change).max() < 1e-7:
            break
    return _homography(parameters, focal, centre)


def _homography(parameters: FloatArray, focal: float, centre: tuple[float, float]) -> FloatArray:
    rotation, _ = cv2.Rodrigues(np.asarray(parameters[:3], np.float64))
    before = np.array([[focal, 0, centre[0]], [0, focal, centre[1]], [0, 0, 1.0]])
    zoomed = focal * float(np.exp(parameters[3]))
    after = np.array([[zoomed, 0, centre[0]], [0, zoomed, centre[1]], [0, 0, 1.0]])
    return np.asarray(after @ rotation @ np.linalg.inv(before), np.float64)


def _apply(homography: FloatArray, points: FloatArray) -> FloatArray:
    return np.asarray(cv2.perspectiveTransform(points[None], homography)[0], np.float64)


def _to_picture_pixels(working: FloatArray, scale: float) -> FloatArray:
    """A homography between working pictures as one between full pictures."""
    down = np.diag([scale, scale, 1.0])
    return np.asarray(np.linalg.inv(down) @ working @ down, dtype=np.float64)
