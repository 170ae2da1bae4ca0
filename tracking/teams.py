"""Teams from jersey colours: torso pixels without the grass, clustered per track over the clip.

Each track's colour is the median over all its frames, so a team assignment never flickers. Two
clusters are the teams; tracks far from both (referee, goalkeepers) are the others.
"""

from __future__ import annotations

import logging

import cv2
import numpy as np
import numpy.typing as npt

from tracking.grass import is_grass

logger = logging.getLogger(__name__)

TEAM_A, TEAM_B, OTHERS = 0, 1, 2
_OUTLIER_FACTOR = 2.5


def torso_colour(picture: npt.NDArray[np.uint8], box: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Mean Lab colour of the shirt: the upper middle of the box, grass pixels removed (NaN if none)."""
    x1, y1, x2, y2 = (float(v) for v in box)
    height, width = y2 - y1, x2 - x1
    top, bottom = int(y1 + 0.2 * height), int(y1 + 0.5 * height)
    left, right = int(x1 + 0.25 * width), int(x1 + 0.75 * width)
    patch = picture[max(0, top) : max(0, bottom), max(0, left) : max(0, right)]
    if patch.size < 3:
        return np.full(3, np.nan, np.float32)
    hsv = cv2.cvtColor(patch, cv2.COLOR_RGB2HSV).reshape(-1, 3)
    grass = is_grass(hsv)
    lab = cv2.cvtColor(patch, cv2.COLOR_RGB2LAB).reshape(-1, 3).astype(np.float32)
    kept = lab[~grass]
    return kept.mean(axis=0) if len(kept) >= 3 else np.full(3, np.nan, np.float32)


def assign_teams(track_ids: npt.NDArray[np.int64], colours: npt.NDArray[np.float32]) -> dict[int, int]:
    """Track id -> TEAM_A, TEAM_B or OTHERS, from the colours seen of each track."""
    per_track: dict[int, npt.NDArray[np.float32]] = {}
    for track_id in np.unique(track_ids):
        seen = colours[(track_ids == track_id) & ~np.isnan(colours).any(axis=1)]
        if len(seen):
            per_track[int(track_id)] = np.median(seen, axis=0)
    if len(per_track) < 2:
        return dict.fromkeys(per_track, TEAM_A)
    ids = list(per_track)
    samples = np.array([per_track[i] for i in ids], dtype=np.float32)
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 50, 0.1)
    cv2.setRNGSeed(7)  # the same clip always gives the same teams
    # An output array for the labels (not None) suits the type information of OpenCV 4 and 5 alike.
    best_labels = np.zeros((len(ids), 1), dtype=np.int32)
    _, found, centres = cv2.kmeans(samples, 2, best_labels, criteria, 5, cv2.KMEANS_PP_CENTERS)
    labels = np.asarray(found).ravel()
    distance = np.linalg.norm(samples - centres[labels], axis=1)
    typical = float(np.median(distance)) + 1e-6
    # Name the teams in a stable order: the lighter shirts are team A.
    order = np.argsort(-centres[:, 0])
    name = {int(order[0]): TEAM_A, int(order[1]): TEAM_B}
    return {
        i: OTHERS if distance[n] > _OUTLIER_FACTOR * typical else name[int(labels[n])]
        for n, i in enumerate(ids)
    }
