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
MIN_KEYPOINT_CONFIDENCE = 0.3
BACK_LINE_RANK = 3
_FAR = 1.0e5  # a row far beyond the picture, where lines through the vanishing point are compared


@dataclass(frozen=True)
class OffsidePlayer:
    """One player on the frame, placed along the attack."""

    box: tuple[float, float, float, float]
    team: int  # tracking.teams: TEAM_A, TEAM_B or OTHERS (referees, goalkeepers)
    point: Point  # the body point that counts, in the picture
    ground: Point  # that point projected to the ground along the vertical
    body_part: str  # one of COUNTING_PARTS' names, or "box" when the pose was not found
    depth: float  # along the attack: larger is nearer the goal under attack (pixels, far row)
    confidence: float
    shirt: tuple[float, float, float] | None = None  # the torso's Lab colour his team was told by

    @property
    def height_px(self) -> float:
        return self.box[3] - self.box[1]


class AlongTheAttack:
    """Orders picture points along the attack with the lines through the goal-line vanishing point."""

    def __init__(self, vanishing: VanishingPoint, attack: int, reference_y: float) -> None:
        self.vanishing = np.array(vanishing.homogeneous)
        self.attack = attack
        _, y, w = self.vanishing
        # The far row lies beyond the players on the side away from the vanishing point.
        beyond = 1.0 if abs(w) < 1e-12 or y / w < reference_y else -1.0
        self._far_row = np.array([0.0, 1.0, -(reference_y + beyond * _FAR)])

    def depth(self, point: Point) -> float:
        line = np.cross(np.array([point[0], point[1], 1.0]), self.vanishing)
        x, _, w = np.cross(line, self._far_row)
        return float(self.attack * x / w) if abs(w) > 1e-12 else float("nan")


@dataclass(frozen=True)
class PeopleOnPitch:
    """The people a frame shows standing on the pitch, and each one's shirt colour (Lab)."""

    people: Tracks
    shirts: npt.NDArray[np.float32]  # (n, 3); NaN where no shirt was seen

    @classmethod
    def of(cls, picture: Picture, detections: Tracks, pitch: PitchView) -> PeopleOnPitch:
        """Those of ``detections`` whose feet are on ``pitch`` (not the stands, not the ball)."""
        people = detections[detections.cls != CLASS_CODES["ball"]]
        on_pitch = [pitch.on_pitch((x1 + x2) / 2, y2 - 2) for x1, _, x2, y2 in people.xyxy]
        people = people[np.array(on_pitch, dtype=bool).reshape(-1)]
        shirts = np.array([torso_colour(picture, box) for box in people.xyxy], dtype=np.float32)
        return cls(people, shirts.reshape(-1, 3))


def players_on_frame(
    seen: PeopleOnPitch, along: AlongTheAttack, teams: TeamColours | None = None
) -> list[OffsidePlayer]:
    """Every person ``seen`` on the pitch, with team, counting point and depth along the attack.
    ``teams``: the teams' colours learned over the clip; without them, from this frame's shirts."""
    people, colours = seen.people, seen.shirts
    teams = learn_team_colours(colours) if teams is None else teams
    players = []
    for row in range(len(people)):
        box = tuple(float(v) for v in people.xyxy[row])
        keypoints = people.keypoints[row]
        point, ground, part, confidence = counting_point(keypoints, box, along)  # type: ignore[arg-type]
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
    keypoints: npt.NDArray[np.float32], box: tuple[float, float, float, float], along: AlongTheAttack
) -> tuple[Point, Point, str, float]:
    """The body point furthest along the attack, its ground point, its name and confidence."""
    seen = {
        index: keypoints[index]
        for index in COUNTING_PARTS
        if not np.isnan(keypoints[index]).any() and keypoints[index][2] >= MIN_KEYPOINT_CONFIDENCE
    }
    feet_rows = [float(seen[i][1]) for i in FEET if i in seen]
    # The soles, where the box stands: the ankles are a few pixels above the ground.
    ground_row = max([box[3], *feet_rows])
    if not seen:
        # No pose: where the box stands on the ground.
        standing = ((box[0] + box[2]) / 2, box[3])
        return standing, standing, "box", 0.5
    best = max(seen, key=lambda i: along.depth((float(seen[i][0]), ground_row)))
    x, y, confidence = (float(v) for v in seen[best])
    return (x, y), (x, ground_row), COUNTING_PARTS[best], confidence


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


def second_last_defender(players: list[OffsidePlayer], defenders: int) -> OffsidePlayer | None:
    """The second-last defender: the deepest outfield player of the defending team (the goalkeeper,
    in another colour, is taken to be behind him; when he is out of the picture he is too)."""
    outfield = [p for p in players if p.team == defenders]
    return max(outfield, key=lambda p: p.depth) if len(outfield) >= 1 else None


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
