"""The players an offside check is about: teams by shirt colour, and the point of each body that counts.

A player's position for offside is the part of the body nearest the goal line that may play the
ball: feet, knees, hips or shoulders, never hands or arms. Each such body point (from the pose
keypoints) is projected to the ground along the vertical (down to the player's feet), and the one
furthest along the attack, measured by the line through it towards the goal line's vanishing point,
is the player's point.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tracking.offside.vanishing import PitchView, VanishingPoint
from tracking.pose_snap import SCORING_PARTS
from tracking.teams import OTHERS, TeamColours, learn_team_colours, torso_colour
from tracking.tracks import CLASS_CODES, Tracks

Picture = npt.NDArray[np.uint8]
Point = tuple[float, float]

# COCO keypoints that count for offside (those the snapping tool offers), by the names the JSON uses.
COUNTING_PARTS = {index: name.replace(" ", "_") for index, name in SCORING_PARTS.items()}
FEET = (15, 16)
SHOULDERS, HIPS = (5, 6), (11, 12)
# Hips to ankles over shoulders to hips: about 1.5 for a player standing or running; under 1, the
# ankles found are not where his feet are.
LEGS_OVER_TORSO = 1.0
MIN_KEYPOINT_CONFIDENCE = 0.3
BACK_LINE_RANK = 3
SHOULDERS_BELOW_HEAD = 0.18  # of a player's height: where the shirt starts
# A box this much shorter than players standing at its row, without feet in view, is part of a
# player (cut by a tile, or joined from pieces): his feet are where a player of his row's height
# whose head is at the box's top stands, not at the box's bottom.
PART_OF_A_PLAYER = 0.75


@dataclass(frozen=True)
class OffsidePlayer:
    """One player on the frame, placed along the attack."""

    box: tuple[float, float, float, float]
    team: int  # tracking.teams: TEAM_A, TEAM_B or OTHERS (referees, goalkeepers)
    point: Point  # the body point that counts, in the picture
    ground: Point  # that point projected to the ground along the vertical
    body_part: str  # one of COUNTING_PARTS' names, or "box" when the pose was not found
    depth: float  # along the attack: larger is nearer the goal under attack (AlongTheAttack)
    confidence: float
    shirt: tuple[float, float, float] | None = None  # the torso's Lab colour his team was told by

    @property
    def height_px(self) -> float:
        return self.box[3] - self.box[1]


@dataclass(frozen=True)
class PlayerHeights:
    """How tall a player stands at each row of the picture: height = slope * feet row + offset."""

    slope: float
    offset: float
    width_share: float  # a player's box width over its height (median)

    @classmethod
    def of(cls, boxes: npt.ArrayLike) -> PlayerHeights | None:
        """Fitted to the people's ``boxes`` (x1, y1, x2, y2); None for fewer than four."""
        boxes = np.asarray(boxes, float).reshape(-1, 4)
        if len(boxes) < 4:
            return None
        feet, heights = boxes[:, 3], boxes[:, 3] - boxes[:, 1]
        keep = np.ones(len(boxes), bool)
        for _ in range(2):  # fit, then again without the boxes that hold two people or half of one
            slope, offset = np.polyfit(feet[keep], heights[keep], 1)
            keep = np.abs(heights - (slope * feet + offset)) <= 0.2 * heights
            if keep.sum() < 4:
                return None
        widths = boxes[:, 2] - boxes[:, 0]
        return cls(float(slope), float(offset), float(np.median(widths[keep] / heights[keep])))

    def at(self, feet_row: float) -> float:
        return self.slope * feet_row + self.offset

    def feet_below_shirt(self, shirt_top: float) -> float:
        """The feet row of a player whose shirt starts at ``shirt_top``."""
        return self.feet_below(shirt_top, 1.0 - SHOULDERS_BELOW_HEAD)

    def feet_below(self, row: float, share: float = 1.0) -> float:
        """The feet row of a player the top ``1 - share`` of whose height lies above ``row`` (with
        ``share`` 1: whose head is at ``row``)."""
        return (row + share * self.offset) / max(1.0 - share * self.slope, 1e-6)


class AlongTheAttack:
    """Orders picture points along the attack with the lines through the goal-line vanishing point.

    A point's depth is where its line lies in the pencil of lines through the vanishing point: the
    angle between its line and the line through the reference point, times the reference point's
    distance from the vanishing point (so that near the reference a depth step is a picture pixel
    across the lines). Larger is nearer the goal under attack: the side of the lines that the
    normal pointing towards the attack's side of the picture (``attack``: +1 right, -1 left) points
    to. This holds however the lines lie: steep, as from the halfway line, or nearly level, as from a
    camera level with the penalty area that looks along the goal line.
    """

    def __init__(
        self, vanishing: VanishingPoint, attack: int, reference_y: float, reference_x: float = 0.0
    ) -> None:
        """``reference_y``, ``reference_x``: a point among the players (their feet's median row)."""
        self.vanishing = np.array(vanishing.homogeneous, dtype=np.float64)
        self.attack = attack
        x, y, w = self.vanishing
        self._at_infinity = abs(w) < 1e-9 * max(1.0, math.hypot(x, y))
        self._reference = np.array([reference_x, reference_y], dtype=np.float64)
        if self._at_infinity:
            along = np.array([x, y]) / max(math.hypot(x, y), 1e-12)
            self._radius = 1.0
        else:
            self._point = np.array([x / w, y / w])
            towards = self._reference - self._point
            self._radius = max(float(np.linalg.norm(towards)), 1e-9)
            along = towards / self._radius
        self._across = np.array([-along[1], along[0]])  # at the reference point
        # towards the attack's side of the picture; lines exactly level: towards the far side (up)
        normal = self._across.copy()
        if abs(normal[0]) > 1e-9:
            normal *= np.sign(normal[0]) * attack
        elif normal[1] > 0:
            normal = -normal
        self._sign = 1.0 if self._raw(self._reference + normal) >= self._raw(self._reference) else -1.0

    def _raw(self, point: npt.ArrayLike) -> float:
        """Depth before it is oriented towards the goal under attack."""
        p = np.asarray(point, dtype=np.float64)
        if self._at_infinity:
            return float(p @ self._across)
        reference = self._reference - self._point
        here = p - self._point
        angle = math.atan2(reference[0] * here[1] - reference[1] * here[0], reference @ here)
        return angle * self._radius

    def depth(self, point: Point) -> float:
        return self._sign * self._raw(point)

    def per_pixel(self, point: Point) -> float:
        """How much depth one picture pixel across the lines at ``point`` makes."""
        p = np.asarray(point, dtype=np.float64)
        if self._at_infinity:
            return 1.0
        distance = float(np.linalg.norm(p - self._point))
        return self._radius / max(distance, 1e-9)


@dataclass(frozen=True)
class PeopleOnPitch:
    """The people a frame shows standing on the pitch, and each one's shirt colour (Lab)."""

    people: Tracks
    shirts: npt.NDArray[np.float32]  # (n, 3); NaN where no shirt was seen

    @classmethod
    def of(cls, picture: Picture, detections: Tracks, pitch: PitchView) -> PeopleOnPitch:
        """Those of ``detections`` standing on the field of play as ``pitch`` shows it: not the
        stands, not by the advertising boards (:func:`tracking.pitch_edge.on_the_field_of_play`),
        not the ball."""
        people = detections[detections.cls != CLASS_CODES["ball"]]
        people = people[pitch.field.on_the_field(people.xyxy)]
        shirts = np.array([torso_colour(picture, box) for box in people.xyxy], dtype=np.float32)
        return cls(people, shirts.reshape(-1, 3))


def players_on_frame(
    seen: PeopleOnPitch, along: AlongTheAttack, teams: TeamColours | None = None
) -> list[OffsidePlayer]:
    """Every person ``seen`` on the pitch, with team, counting point and depth along the attack.
    ``teams``: the teams' colours learned over the clip; without them, from this frame's shirts."""
    people, colours = seen.people, seen.shirts
    teams = learn_team_colours(colours) if teams is None else teams
    heights = PlayerHeights.of(people.xyxy)
    players = []
    for row in range(len(people)):
        box = tuple(float(v) for v in people.xyxy[row])
        keypoints = people.keypoints[row]
        point, ground, part, confidence = counting_point(keypoints, box, along, heights)  # type: ignore[arg-type]
        players.append(
            OffsidePlayer(
                box,  # type: ignore[arg-type]
                OTHERS if teams is None else teams.team_of(colours[row]),
                point,
                ground,
                part,
                along.depth(ground),
                min(float(people.conf[row]), confidence),
                tuple(float(v) for v in colours[row]),  # type: ignore[arg-type]
            )
        )
    return players


def counting_point(
    keypoints: npt.NDArray[np.float32],
    box: tuple[float, float, float, float],
    along: AlongTheAttack,
    heights: PlayerHeights | None = None,
) -> tuple[Point, Point, str, float]:
    """The body point furthest along the attack, its ground point, its name and confidence.
    ``heights``: how tall players stand at each row, which places the feet of a box that holds only
    part of a player (``PART_OF_A_PLAYER``)."""
    seen = {
        index: keypoints[index]
        for index in COUNTING_PARTS
        if not np.isnan(keypoints[index]).any() and keypoints[index][2] >= MIN_KEYPOINT_CONFIDENCE
    }
    feet_rows = [float(seen[i][1]) for i in FEET if i in seen]
    squashed = _legs_too_short(seen, feet_rows)
    if squashed:
        feet_rows = []
    # The soles, where the box stands: the ankles are a few pixels above the ground.
    ground_row = max([box[3], *feet_rows])
    if (
        not feet_rows
        and heights is not None
        and (squashed or box[3] - box[1] < PART_OF_A_PLAYER * heights.at(box[3]))
    ):
        ground_row = max(ground_row, heights.feet_below(box[1]))
    if not seen:
        # No pose: where the box stands on the ground.
        standing = ((box[0] + box[2]) / 2, ground_row)
        return standing, standing, "box", 0.5
    best = max(seen, key=lambda i: along.depth((float(seen[i][0]), ground_row)))
    x, y, confidence = (float(v) for v in seen[best])
    return (x, y), (x, ground_row), COUNTING_PARTS[best], confidence


def _legs_too_short(seen: dict[int, npt.NDArray[np.float32]], feet_rows: list[float]) -> bool:
    """Whether the pose's ankles sit closer below its hips than its hips below its shoulders: a skeleton
    squashed into the top of a box that stops at the knees (a team-mate's legs behind his), whose ankles
    are not his."""
    if not feet_rows or not all(i in seen for i in (*SHOULDERS, *HIPS)):
        return False
    shoulders = float(np.mean([seen[i][1] for i in SHOULDERS]))
    hips = float(np.mean([seen[i][1] for i in HIPS]))
    return hips > shoulders and max(feet_rows) - hips < LEGS_OVER_TORSO * (hips - shoulders)


def defending_team(players: list[OffsidePlayer]) -> int | None:
    """The team nearer the goal under attack: the one whose back line is deeper.

    A back line is the team's third-deepest player: a defence keeps three or four players level
    near its goal, while an attack (also a counter-attack, with most of the defenders still behind
    the ball) sends one to three players ahead. With fewer than three players of a team in view, its
    deepest one stands for it.
    """
    by_team: dict[int, list[float]] = {}
    for player in players:
        if player.team != OTHERS:
            by_team.setdefault(player.team, []).append(player.depth)
    if len(by_team) < 2:
        return None

    def back_line(team: int) -> float:
        depths = sorted(by_team[team], reverse=True)
        return depths[min(BACK_LINE_RANK, len(depths)) - 1]

    return max(by_team, key=back_line)


def foremost_attacker(players: list[OffsidePlayer], defenders: int) -> OffsidePlayer | None:
    attackers = [p for p in players if p.team not in (defenders, OTHERS)]
    return max(attackers, key=lambda p: p.depth) if attackers else None


def player_at(
    players: list[OffsidePlayer], click: Point, may_be: Callable[[OffsidePlayer], bool]
) -> OffsidePlayer | None:
    """The player the referee clicked: the one whose box is nearest ``click`` (of those ``may_be``)."""
    candidates = [p for p in players if may_be(p)]
    if not candidates:
        return None

    def distance(player: OffsidePlayer) -> float:
        x1, y1, x2, y2 = player.box
        return math.hypot(max(x1 - click[0], 0, click[0] - x2), max(y1 - click[1], 0, click[1] - y2))

    return min(candidates, key=distance)
