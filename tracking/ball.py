"""The ball pass: a second look at the pitch, enlarged until the ball is big enough to be found.

In wide football shots the ball is a 3-8 px dot, under the 8-px stride of YOLO's finest feature
map, so the pass that finds the players rarely sees it. The ball pass shows the model tiles of the
pitch enlarged so the ball is about ``BALL_MODEL_PX`` wide: while the ball is followed, one tile
around where it is heading; when it is lost, every pitch tile. Close-ups, where the players' pass
already sees the ball large enough, get no ball pass.
"""

from __future__ import annotations

import logging

import numpy as np
import numpy.typing as npt

from tracking.detector import Detector
from tracking.tiles import MAX_SCALE, Picture, Tile, TilePlan, pitch_tiles
from tracking.tracks import CLASS_CODES, Tracks

logger = logging.getLogger(__name__)

BALL = CLASS_CODES["ball"]
BALL_PER_PLAYER = 0.12  # a 22-cm ball beside a 1.8-m player
BALL_MODEL_PX = 7.0  # how wide the ball should be in the model's input
WELL_SEEN_BALL_PX = 6.0  # a ball this wide in the players' pass needs no ball pass
FOLLOW_CONFIDENCE = 0.1  # near where the ball is heading, fainter candidates count
LOST_AFTER = 3  # detected frames without the ball before every tile is searched


def plan_ball_pass(
    detector: Detector, first: Picture, people_plan: TilePlan | None, found: Tracks | None = None
) -> TilePlan | None:
    """Tiles for the ball pass on this footage, or None when the players' pass sees the ball well.

    The ball's size is judged from the players': the median height of the people found in ``first``
    (``found``: what the players' pass found there, when it has already run).
    """
    found = detector.detect(first, people_plan) if found is None else found
    people = found[found.cls != BALL]
    if len(people) < 3:
        return None
    player_px = float(np.median(people.xyxy[:, 3] - people.xyxy[:, 1]))
    ball_px = BALL_PER_PLAYER * player_px
    people_scale = (
        people_plan.scale if people_plan is not None else detector.input_size / max(first.shape[:2])
    )
    if ball_px * people_scale >= WELL_SEEN_BALL_PX:
        logger.info("the ball is ~%.0f px to the model already: no ball pass", ball_px * people_scale)
        return None
    scale = float(np.clip(BALL_MODEL_PX / max(ball_px, 1.0), 1.5, MAX_SCALE))
    tile = min(int(detector.input_size / scale), *first.shape[:2])
    logger.info("ball ~%.0f px: ball pass on tiles of %d px enlarged %.2fx", ball_px, tile, scale)
    return TilePlan(tile=tile, scale=detector.input_size / tile, overlap=max(16, tile // 16))


class BallFinder:
    """Runs the ball pass frame after frame, following the ball with one tile while it is in sight."""

    def __init__(self, detector: Detector, plan: TilePlan) -> None:
        self.detector = detector
        self.plan = plan
        self._seen: list[tuple[int, npt.NDArray[np.float32]]] = []  # (frame, centre) of the last two
        self._missed = LOST_AFTER
        self.sweeps = 0

    def find(self, picture: Picture, index: int) -> Tracks:
        """The ball candidates in frame ``index`` (frame numbers set)."""
        found = Tracks.empty()
        expected = self._expected_at(index)
        if expected is not None and self._missed < LOST_AFTER:
            tile = self._tile_around(expected, picture.shape)
            found = self._balls(picture, [tile], FOLLOW_CONFIDENCE)
        if len(found) == 0:
            self.sweeps += 1  # anywhere on the pitch, only the detector's own confidence will do
            found = self._balls(picture, pitch_tiles(picture, self.plan), None)
        found.frame = np.full(len(found), index, np.int64)
        if len(found) == 0:
            self._missed += 1
            return found
        if expected is None:
            score = found.conf
        else:
            distance = np.linalg.norm(found.centres - expected, axis=1)
            score = found.conf - distance / (4 * self.plan.tile)
        best = int(np.argmax(score))
        self._seen = [*self._seen[-1:], (index, found.centres[best])]
        self._missed = 0
        return found

    def _balls(self, picture: Picture, tiles: list[Tile], confidence: float | None) -> Tracks:
        found = self.detector.detect_tiles(picture, self.plan, tiles, confidence)
        return found[found.cls == BALL]

    def _expected_at(self, index: int) -> npt.NDArray[np.float32] | None:
        """Where the ball should be at ``index``: its last place, moved on at its last velocity."""
        if not self._seen:
            return None
        last_frame, last = self._seen[-1]
        if len(self._seen) < 2:
            return last
        before_frame, before = self._seen[0]
        velocity = (last - before) / max(1, last_frame - before_frame)
        return (last + velocity * (index - last_frame)).astype(np.float32)

    def _tile_around(self, centre: npt.NDArray[np.float32], shape: tuple[int, ...]) -> Tile:
        height, width = shape[:2]
        tile = self.plan.tile
        x = int(np.clip(centre[0] - tile / 2, 0, max(0, width - tile)))
        y = int(np.clip(centre[1] - tile / 2, 0, max(0, height - tile)))
        return x, y, tile
