"""Defenders seen only by their shirt: behind the attacker they mark, or in one box with him.

The pose model finds one person where two overlap. The defender behind still shows his shirt above
or beside the attacker, in his team's colour. From that patch of shirt, and how tall players stand at
that row of the picture, his feet and his leading shoulder are estimated. The referee is told that
the point was estimated, and the check's confidence drops.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import cv2
import numpy as np
import numpy.typing as npt

from tracking.evaluate import iou_matrix
from tracking.grass import is_grass
from tracking.offside.players import AlongTheAttack, OffsidePlayer, PlayerHeights
from tracking.pitch_edge import FieldOfPlay
from tracking.teams import OTHERS

Picture = npt.NDArray[np.uint8]
Box = tuple[float, float, float, float]

HIDDEN_PART = "hidden_shoulder"  # the body part named for a point estimated from the shirt
HIDDEN_CONFIDENCE = 0.3
SHIRT_COLOUR_DISTANCE = 25.0  # Lab units: a pixel this close to a team's shirt colour is its shirt
SAME_PLAYER = 0.5  # overlap (IoU) of the box a shirt gives and the box it was found in
MIN_SHIRT_SHARE = 0.3  # of a shirt's area (half the box's width by three tenths of its height)
TOO_TALL = 1.2  # a box this much taller than players at its row holds two people
MIN_SHOWING_ABOVE = 0.25  # of the shirt's pixels, above the box of the player in front
ABOVE_THE_BOX = 0.25  # of the box's height: a player further off stands higher in the picture


def with_hidden_defenders(
    picture: Picture,
    players: list[OffsidePlayer],
    defenders: int,
    along: AlongTheAttack,
    seen_nearby: Callable[[Box], bool] = lambda box: False,
    field: FieldOfPlay | None = None,
) -> list[OffsidePlayer]:
    """``players`` with each defender seen only by his shirt placed where he stands: a new player for a
    shirt behind an attacker, and a box holding a defender and someone else brought to the defender.

    A shirt's colour alone is no evidence: a defender behind an attacker is placed only when his head
    and shoulders show above that player, or when ``seen_nearby`` says a defender stood there on the
    frames just before or after (his track); in a box of neither team, only by his track. With the
    picture's ``field``: a defender whose estimated feet are not on the field of play (the shirt is a
    board's or a steward's behind a player by the touchline) is not placed, and a head seen above a
    player counts only where it stands against the pitch (against the boards, a white board is no
    head)."""
    heights = PlayerHeights.of([p.box for p in players])
    shirts = {
        team: _team_colour([p for p in players if p.team == team])
        for team in {p.team for p in players if p.team != OTHERS}
    }
    if heights is None or defenders not in shirts or len(shirts) < 2:
        return players
    others = [colour for team, colour in shirts.items() if team != defenders]
    shirt = _ShirtFinder(picture, shirts[defenders], others[0])
    seen = [p.box for p in players if p.team == defenders]
    placed = []
    for player in players:
        two_in_one = player.team == defenders and player.height_px > TOO_TALL * heights.at(player.box[3])
        behind = player.team != defenders
        if not (two_in_one or behind):
            placed.append(player)
            continue
        found = shirt.in_box(player.box, [b for b in seen if b != player.box])
        if found is None:
            placed.append(player)
            continue
        estimated = _placed_by_shirt(found, heights, along, defenders)
        own = player.team == defenders and _overlap(estimated.box, player.box) >= SAME_PLAYER
        if not own and field is not None and not field.on_the_field([estimated.box])[0]:
            placed.append(player)
            continue
        # A shirt needs more evidence than its colour: behind an attacker, a head above him or the
        # defender's own track; in a box of neither team (two players' colours mixed, or a referee or
        # goalkeeper in front of white boards), his track.
        tracked = seen_nearby(estimated.box)
        evident = tracked or (player.team != OTHERS and _shows_above(found, player.box, field))
        if not (own or two_in_one or evident):
            placed.append(player)
            continue
        seen.append(estimated.box)  # one shirt, one player: not found again behind the next box
        if own:
            # The shirt is his own: he is a defender, with his own pose (a big white number on a
            # red back makes a player look like neither team's; raised arms make a box tall). An
            # attacker's box is never taken for a defender: the shirt is someone's behind him.
            placed.append(replace(player, team=defenders))
        elif two_in_one:
            placed.append(replace(estimated, confidence=min(player.confidence, HIDDEN_CONFIDENCE)))
        else:
            placed.extend([player, estimated])
    return placed


def _shows_above(shirt: npt.NDArray[np.int64], box: Box, field: FieldOfPlay | None = None) -> bool:
    """Whether a good part of the shirt lies above the top of the box in front, against the pitch: a
    head and shoulders that stand out above the player who hides the rest."""
    above = shirt[:, 0] < box[1]
    if field is not None:
        above &= field.on_pitch(shirt)
    return int(above.sum()) >= MIN_SHOWING_ABOVE * len(shirt)


def _overlap(a: Box, b: Box) -> float:
    return float(iou_matrix(np.array([a], float), np.array([b], float))[0, 0])


def _team_colour(team: list[OffsidePlayer]) -> npt.NDArray[np.float32]:
    colours = np.array([p.shirt for p in team if p.shirt is not None], np.float32)
    return np.nanmedian(colours.reshape(-1, 3), axis=0).astype(np.float32)


class _ShirtFinder:
    """Pixels of the defending team's shirt colour, nearer it than the other team's."""

    def __init__(
        self, picture: Picture, colour: npt.NDArray[np.float32], other: npt.NDArray[np.float32]
    ) -> None:
        self.picture = picture
        self.colour, self.other = colour, other

    def in_box(self, box: Box, defenders_seen: list[Box]) -> npt.NDArray[np.int64] | None:
        """The largest patch of shirt in ``box`` and just above it, outside the defenders already
        found: its pixels as (row, column) in the picture, or None when there is too little of it."""
        x1, y1, x2, y2 = box
        height = y2 - y1
        top = max(0, int(y1 - ABOVE_THE_BOX * height))
        left, right = max(0, int(x1)), min(self.picture.shape[1], int(x2))
        bottom = int(y1 + 0.6 * height)  # above his hips: below, an attacker's shorts may match
        patch = self.picture[top:bottom, left:right]
        if patch.size == 0:
            return None
        lab = cv2.cvtColor(patch, cv2.COLOR_RGB2LAB).astype(np.float32)
        near = np.linalg.norm(lab - self.colour, axis=2)
        mask = (near < SHIRT_COLOUR_DISTANCE) & (near < np.linalg.norm(lab - self.other, axis=2))
        hsv = cv2.cvtColor(patch, cv2.COLOR_RGB2HSV)
        mask &= ~is_grass(hsv)
        rows, columns = np.mgrid[top:bottom, left:right]
        for sx1, sy1, sx2, sy2 in defenders_seen:
            mask &= ~((columns >= sx1) & (columns <= sx2) & (rows >= sy1) & (rows <= sy2))
        mask = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
        count, labels, stats, _ = cv2.connectedComponentsWithStats(mask)
        if count <= 1:
            return None
        largest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
        if stats[largest, cv2.CC_STAT_AREA] < MIN_SHIRT_SHARE * (0.3 * height) * (0.5 * (x2 - x1)):
            return None
        ys, xs = np.nonzero(labels == largest)
        return np.column_stack([ys + top, xs + left]).astype(np.int64)


def _placed_by_shirt(
    shirt: npt.NDArray[np.int64], heights: PlayerHeights, along: AlongTheAttack, team: int
) -> OffsidePlayer:
    """The defender whose shirt is ``shirt``: his box, and his leading shoulder on the ground."""
    shirt_top = float(shirt[:, 0].min())
    feet = heights.feet_below_shirt(shirt_top)
    height = heights.at(feet)
    middle = float(np.median(shirt[:, 1]))
    width = heights.width_share * height
    box = (middle - width / 2, feet - height, middle + width / 2, feet)
    shoulders = shirt[shirt[:, 0] <= shirt_top + 0.1 * height]  # the shirt's top: his shoulders
    leading = max(shoulders, key=lambda p: along.depth((float(p[1]), feet)))
    point = (float(leading[1]), float(leading[0]))
    ground = (point[0], feet)
    return OffsidePlayer(box, team, point, ground, HIDDEN_PART, along.depth(ground), HIDDEN_CONFIDENCE)
