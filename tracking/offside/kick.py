"""The moment the pass is played: where the ball's velocity changes at a player's foot.

The ball is followed frame by frame (:class:`tracking.ball.BallFinder`); between two frames its
velocity changes little while it rolls or flies, and sharply where a foot meets it. The frame of the
sharpest change with a player's feet beside the ball is the kick. The offside check opens on it, and
the referee can move it frame by frame.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass
from typing import Any

import numpy as np

from tracking.ball import BallFinder, plan_ball_pass
from tracking.detector import Detector
from tracking.tracks import CLASS_CODES

logger = logging.getLogger(__name__)

MIN_CHANGE_PX = 2.0  # pixels per frame: less is the detector's jitter
LONGEST_GAP = 3  # frames without the ball bridged in a straight line
FEET_WITHIN_HEIGHTS = 0.6  # the ball this close to a player's feet, in his height
_CANDIDATES = 5


@dataclass(frozen=True)
class Kick:
    """The pass, found: its frame, where the ball was, and how sharply its velocity changed."""

    frame: int | None
    ball: tuple[float, float] | None
    change_px: float
    frames_with_ball: int
    problem: str = ""

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "kick_frame": self.frame,
            "ball": None if self.ball is None else [round(v, 1) for v in self.ball],
            "velocity_change_px": round(self.change_px, 2),
            "frames_with_ball": self.frames_with_ball,
            "problem": self.problem,
        }


def find_kick(frames: Any, first: int, last: int, detector: Detector) -> Kick:
    """The kick between ``first`` and ``last`` (display frames) of ``frames`` (an opened video).

    ``detector``: weights that find the ball (and the players, to tell a kick from a bounce).
    """
    pictures = {n: np.asarray(frames.frame(n)) for n in range(first, last + 1)}
    plan, people = detector.plan(pictures[first])
    ball_plan = plan_ball_pass(detector, pictures[first], plan, people)
    seen: dict[int, np.ndarray] = {}
    finder = BallFinder(detector, ball_plan) if ball_plan is not None else None
    for n, picture in pictures.items():
        found = finder.find(picture, n) if finder else detector.detect(picture, plan)
        balls = found[found.cls == CLASS_CODES["ball"]]
        if len(balls):
            seen[n] = balls.centres[int(np.argmax(balls.conf))].astype(np.float64)
    if len(seen) < 3:
        return Kick(None, None, 0.0, len(seen), "the ball is not seen on enough frames to follow it")
    track = _bridged(seen)
    changes = {
        n: float(np.linalg.norm(track[n + 1] - 2 * track[n] + track[n - 1]))
        for n in track
        if n - 1 in track and n + 1 in track
    }
    for n in sorted(changes, key=lambda k: -changes[k])[:_CANDIDATES]:
        if changes[n] < MIN_CHANGE_PX:
            break
        if _at_a_players_feet(detector.detect(pictures[n], plan), track[n]):
            return Kick(n, (float(track[n][0]), float(track[n][1])), changes[n], len(seen))
    return Kick(
        None,
        None,
        max(changes.values(), default=0.0),
        len(seen),
        "no pass found: the ball never changes course at a player's foot",
    )


def _bridged(seen: dict[int, np.ndarray]) -> dict[int, np.ndarray]:
    """The ball's track with gaps of up to ``LONGEST_GAP`` frames filled in a straight line."""
    frames = sorted(seen)
    track = dict(seen)
    for before, after in itertools.pairwise(frames):
        if 1 < after - before <= LONGEST_GAP + 1:
            for n in range(before + 1, after):
                share = (n - before) / (after - before)
                track[n] = seen[before] + share * (seen[after] - seen[before])
    return track


def _at_a_players_feet(people: Any, ball: np.ndarray) -> bool:
    people = people[people.cls != CLASS_CODES["ball"]]
    for x1, y1, x2, y2 in people.xyxy:
        height = float(y2 - y1)
        feet = np.array([(x1 + x2) / 2, y2], dtype=np.float64)
        if np.linalg.norm(feet - ball) <= FEET_WITHIN_HEIGHTS * height:
            return True
    return False
