"""Teams from jersey colours: torso pixels without the grass, clustered per track over the clip.

Each track's colour is the median over all its frames, so a team assignment never flickers. The two
largest clusters are the teams (:func:`learn_team_colours`); tracks far from both (referee,
goalkeepers) are the others.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from tracking.grass import is_grass

logger = logging.getLogger(__name__)

TEAM_A, TEAM_B, OTHERS = 0, 1, 2
_OUTLIER_FACTOR = 2.5
_WEIGHTS = np.array([0.5, 1.0, 1.0], np.float32)  # Lab: lightness counts half
_THREE_GROUPS_FROM = 6  # shirts
_LEAST_TYPICAL = 5.0  # Lab units: one team's shirts differ this much in sun, shade and compression


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


def hue_distance(a: npt.NDArray[np.float32], b: npt.NDArray[np.float32]) -> float:
    """How far apart two shirts' colours are in hue and saturation alone (Lab's a and b): the same
    shirt in the sun and in the shade, or far from the camera, is darker but of one hue."""
    return float(np.linalg.norm((np.asarray(a) - np.asarray(b))[1:]))


@dataclass(frozen=True)
class TeamColours:
    """The two teams' shirt colours (Lab), learned from many players, and how far a shirt may stray."""

    centres: npt.NDArray[np.float32]  # (2, 3): TEAM_A's (the lighter) then TEAM_B's
    typical: float  # a shirt's usual distance from its team's colour

    def team_of(self, colour: npt.NDArray[np.float32]) -> int:
        """TEAM_A, TEAM_B, or OTHERS for a shirt far from both (a referee, a goalkeeper, no colour)."""
        if np.isnan(colour).any():
            return OTHERS
        distances = np.linalg.norm((self.centres - colour) * _WEIGHTS, axis=1)
        nearest = int(np.argmin(distances))
        return OTHERS if distances[nearest] > _OUTLIER_FACTOR * self.typical else nearest


def learn_team_colours(colours: npt.NDArray[np.float32]) -> TeamColours | None:
    """The two teams from shirt colours seen (one row per player or per track; NaN rows ignored).

    A referee or a goalkeeper alone in his colour must not take a team's place: with enough shirts,
    three groups are sought and the two largest are the teams when the third is small (a fifth or
    less of the shirts); otherwise two groups. Lightness counts half as much as hue, since sun and
    shade change it on one shirt.
    """
    samples = colours[~np.isnan(colours).any(axis=1)].astype(np.float32)
    if len(samples) < 2:
        return None
    weighted = samples * _WEIGHTS
    centres, teams = None, np.ones(len(samples), bool)  # the shirts the teams' spread is measured on
    if len(samples) >= _THREE_GROUPS_FROM:
        three, labels = _kmeans(weighted, 3)
        sizes = np.bincount(labels, minlength=3)
        order = np.argsort(-sizes)
        if sizes[order[2]] <= 0.2 * len(samples) and sizes[order[1]] >= 2:
            centres, teams = three[order[:2]], np.isin(labels, order[:2])
    if centres is None:
        centres, _ = _kmeans(weighted, 2)
    distance = np.linalg.norm(weighted[:, None] - centres[None], axis=2).min(axis=1)
    return _named(centres, float(np.median(distance[teams])))


def assign_teams(track_ids: npt.NDArray[np.int64], colours: npt.NDArray[np.float32]) -> dict[int, int]:
    """Track id -> TEAM_A, TEAM_B or OTHERS, from the colours seen of each track."""
    per_track: dict[int, npt.NDArray[np.float32]] = {}
    for track_id in np.unique(track_ids):
        seen = colours[(track_ids == track_id) & ~np.isnan(colours).any(axis=1)]
        if len(seen):
            per_track[int(track_id)] = np.median(seen, axis=0)
    if len(per_track) < 2:
        return dict.fromkeys(per_track, TEAM_A)
    teams = learn_team_colours(np.array(list(per_track.values()), dtype=np.float32))
    assert teams is not None
    return {track_id: teams.team_of(colour) for track_id, colour in per_track.items()}


def _kmeans(
    samples: npt.NDArray[np.float32], groups: int
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]]:
    criteria = (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 50, 0.1)
    cv2.setRNGSeed(7)  # the same shirts always give the same teams
    # An output array for the labels (not None) suits the type information of OpenCV 4 and 5 alike.
    best_labels = np.zeros((len(samples), 1), dtype=np.int32)
    _, found, centres = cv2.kmeans(samples, groups, best_labels, criteria, 5, cv2.KMEANS_PP_CENTERS)
    return np.asarray(centres, np.float32), np.asarray(found).ravel().astype(np.int64)


def _named(weighted_centres: npt.NDArray[np.float32], typical: float) -> TeamColours:
    """Teams in a stable order: the lighter shirts are team A."""
    order = np.argsort(-weighted_centres[:, 0])
    return TeamColours((weighted_centres[order] / _WEIGHTS).astype(np.float32), max(typical, _LEAST_TYPICAL))
