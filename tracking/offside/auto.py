"""The offside check done for the referee: both lines, both players, and an honest verdict.

Per frame: the goal line's vanishing point (:mod:`tracking.offside.vanishing`), the players with
their teams and counting points (:mod:`tracking.offside.players`), the second-last opponent by the
Law, the goalkeeper ordered with his outfield players (:mod:`tracking.offside.goalkeeper`), and the
foremost attacker, the two lines, and the verdict. With a calibration (pitch points clicked, or found)
the margin is in centimetres with its uncertainty: a pixel at the players' distance, the
calibration's reprojection error, and how far a sprinting player moves in half a frame interval (the
pass is played somewhere between two frames). Closer than that, the verdict is "level". What it
reads off a frame and what it finds are in :mod:`tracking.offside.findings`.
"""

from __future__ import annotations

import dataclasses
import logging
import math
from collections.abc import Callable, Hashable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from tracking.detector import Detector
from tracking.offside.findings import (
    HIDDEN_DEFENDER,
    NO_ATTACKER,
    NO_PITCH_LINES,
    NO_TWO_DEFENDERS,
    NO_TWO_TEAMS,
    AutoOffside,
    SeenFrame,
    defending_team_of_the_move,
    unknown,
)
from tracking.offside.goal_line import corner_in_view
from tracking.offside.goalkeeper import Goalkeeper, second_last_opponent
from tracking.offside.hidden import HIDDEN_PART, with_hidden_defenders
from tracking.offside.pitch_finder import PitchNotFound, find_pitch
from tracking.offside.players import (
    AlongTheAttack,
    OffsidePlayer,
    PeopleOnPitch,
    defending_team,
    foremost_attacker,
    player_at,
    players_on_frame,
)
from tracking.offside.vanishing import PitchView
from tracking.teams import OTHERS, TeamColours
from var.offside import PIXEL_UNCERTAINTY, SPRINT_METRES_PER_SECOND, Calibration, uncertainty_cm
from var.pitch import Pitch

logger = logging.getLogger(__name__)

Picture = npt.NDArray[np.uint8]
# Lower than tracking's 0.25: one frame has no track to carry a faint, distant or half-hidden player,
# and a missed defender is the one mistake an offside check cannot afford (bench_offside_auto: on the
# broadcast clip, recall 0.922 -> 0.930 while precision stays above 0.9).
DETECTION_CONFIDENCE = 0.2
# Tiles enlarge the median player to 120 px rather than tracking's 140: on the broadcast clip the
# check then takes 1.5 s per 1080p frame instead of 2.3 s (28 tiles instead of 45) and finds the same
# annotated last defenders (bench_offside_auto). Rows of tiles sized to the perspective, as tracking's:
# one even grid sized to the median player left the far side's players (60 px tall at 1080p, beside
# near ones twice as tall) too small for the model: offside_score 82/93 with the grid, 84/93 with rows
# (Boca-Lanus 19 and 89 right), the broadcast clip's 15/15 kept (before the shirts and the
# field rule, an earlier check had found 13/15 there with rows).
PLAYER_PX_IN_TILES = 120.0
REMEMBERED_CHECKS = 64  # per camera, for the moves' votes
OFF_THE_FIELD_M = 1.5  # beyond the lines by more than this, a person is not on the field of play
BEYOND_THE_LINE = 0.2  # of a person's height: further beyond the goal line's corner, he is off the pitch
MOVE_SECONDS = 5.0  # frames checked this close together on one camera are one move, with one defending team


class AutoOffsideChecker:
    """Loads the pose weights once; :meth:`check` looks at one frame."""

    def __init__(self, weights: Path) -> None:
        self.detector = Detector(
            weights,
            confidence=DETECTION_CONFIDENCE,
            target_player_px=PLAYER_PX_IN_TILES,
            perspective=True,
        )
        self.has_pose = getattr(self.detector.model, "task", None) == "pose"
        # The model is compiled for this CPU on its first picture (~3 s): now, not on the referee's.
        self.detector.detect(np.zeros((64, 64, 3), np.uint8), None)
        if not self.has_pose:
            logger.warning(
                "%s: these weights give no body points (not a pose model): each player's point is where "
                "the box stands on the ground, not the part of the body nearest the goal line "
                "(pose weights such as yolo11n-pose.pt find feet, knees, hips and shoulders)",
                weights,
            )
        self._plans: dict[Hashable, Any] = {}  # the tiles for each footage, planned on its first frame
        self._checked: dict[Hashable, dict[int, tuple[int, AutoOffside]]] = {}  # footage -> frame -> result
        # footage -> the referee's word on who defends: (frame, attack, team)
        self._told: dict[Hashable, tuple[int, int, int]] = {}

    def check_in_move(
        self,
        picture: Picture,
        frame: int,
        attack: int,
        frame_rate: Fraction,
        calibration: Calibration | None = None,
        footage: Hashable = None,
        defending: int | None = None,
        find_the_pitch: bool = False,
    ) -> AutoOffside:
        """:meth:`check`, as one frame of a move: the frames of ``footage`` checked before, within
        ``MOVE_SECONDS`` and attacking the same way, vote on the defending team with this one
        (:func:`defending_team_of_the_move`), and a frame misled into the other team is checked again.
        ``defending``: the team the referee says defends; it holds for the rest of the move.
        ``find_the_pitch``: without ``calibration``, look for the pitch points on the picture
        (:func:`find_pitch`); the result carries them.
        This is how the desk's Auto step looks, frame after frame, at what the referee reviews."""
        found_pitch = None
        seen = self.see(picture, footage)
        if calibration is None and find_the_pitch:
            try:
                found_pitch = find_pitch(picture, attack, view=seen.view).calibration
            except PitchNotFound as error:
                logger.info("frame %d: no pitch points found (%s)", frame, error)
            calibration = found_pitch
        reach = MOVE_SECONDS * float(frame_rate)
        checked = self._checked.setdefault(footage, {})
        if defending is not None:
            self._told[footage] = (frame, attack, defending)
        told = self._told.get(footage)
        referee_says = (
            told[2] if told is not None and told[1] == attack and abs(told[0] - frame) <= reach else None
        )

        def checked_with(defending: int | None) -> AutoOffside:
            return self.check(
                picture,
                frame,
                attack,
                frame_rate,
                calibration,
                footage=footage,
                defending=defending,
                seen=seen,
            )

        result = checked_with(referee_says)
        if referee_says is None:
            nearby = [
                earlier
                for f, (direction, earlier) in checked.items()
                if direction == attack and f != frame and abs(f - frame) <= reach
            ]
            team = defending_team_of_the_move([*nearby, result])
            if team is not None and result.defender is not None and result.defender.team != team:
                logger.info("frame %d found the other team defending; checked again with the move's", frame)
                result = checked_with(team)
        if found_pitch is not None:
            result = dataclasses.replace(result, found_pitch=found_pitch)
        checked.pop(frame, None)
        checked[frame] = (attack, result)
        while len(checked) > REMEMBERED_CHECKS:  # a whole match of presses: the oldest go
            del checked[next(iter(checked))]
        return result

    def see(self, picture: Picture, footage: Hashable = None) -> SeenFrame:
        """What the check reads off ``picture`` before it knows the teams: the direction towards the
        goal line, and the people on the pitch with their shirts."""
        pitch = PitchView.of(picture)
        if footage not in self._plans:
            self._plans[footage], detections = self.detector.plan(picture)
        else:
            detections = self.detector.detect(picture, self._plans[footage])
        vanishing = pitch.families[0] if pitch.families else None
        size = (picture.shape[1], picture.shape[0])
        return SeenFrame(vanishing, PeopleOnPitch.of(picture, detections, pitch), size, pitch)

    def check(
        self,
        picture: Picture,
        frame: int,
        attack: int,
        frame_rate: Fraction,
        calibration: Calibration | None = None,
        attacker_at: tuple[float, float] | None = None,
        defender_at: tuple[float, float] | None = None,
        footage: Hashable = None,
        defending: int | None = None,
        seen: SeenFrame | None = None,
        teams: TeamColours | None = None,
        nearby: Sequence[SeenFrame] = (),
        goalkeeper: Goalkeeper | None = None,
    ) -> AutoOffside:
        """The check on ``picture``; ``attack`` is +1 when the attack goes to the picture's right.

        ``attacker_at``, ``defender_at``: the referee's click on a player, who is then the one
        measured (the attacker involved in play, say) instead of the one found. ``footage``: which
        camera the picture is from (its tiles are planned once, on its first picture checked).
        ``defending``: the defending team's label (:mod:`tracking.teams`) when it is known, from the
        other frames of the same move (:func:`defending_team_of_the_move`). ``seen``: what
        :meth:`see` found on ``picture``, when the caller has it. ``teams``: the shirt colours learned
        over the clip (:func:`tracking.teams.learn_team_colours`); without, from this frame's.
        ``nearby``: the same camera's frames a moment before and after (with ``teams``): a defender
        hidden here is placed only where one of them shows a defender. ``goalkeeper``: the defending
        goalkeeper's colour, learned over the clip (:func:`tracking.offside.goalkeeper.learn_goalkeeper`),
        so that he is ordered with his outfield players by the Law."""
        seen = self.see(picture, footage) if seen is None else seen
        vanishing = seen.vanishing
        if vanishing is None:
            return unknown(frame, None, NO_PITCH_LINES)
        middle_x, middle_y = seen.middle
        along = AlongTheAttack(vanishing, attack, middle_y, middle_x)
        players = players_on_frame(seen.people, along, teams)
        corner = None
        if calibration is not None:
            players = [p for p in players if on_the_field(calibration, p.ground)]
        else:
            corner = corner_in_view(seen.view, vanishing, lambda a, b: along.depth(a) > along.depth(b))
            players = _before_the_goal_line(players, corner, along)
        defenders = defending_team(players) if defending is None else defending
        if defenders is None:
            return unknown(frame, vanishing, NO_TWO_TEAMS, players)
        seen_nearby = _defender_seen_nearby(players, defenders, nearby, teams)
        players = with_hidden_defenders(picture, players, defenders, along, seen_nearby, seen.field)
        players = _before_the_goal_line(players, corner, along)
        defender = (
            player_at(players, defender_at, lambda p: p.team == defenders)
            if defender_at
            else second_last_opponent(players, defenders, goalkeeper)
        )
        attacker = (
            player_at(players, attacker_at, lambda p: p.team not in (defenders, OTHERS))
            if attacker_at
            else foremost_attacker(players, defenders)
        )
        if defender is None or sum(p.team == defenders for p in players) < 2:
            return unknown(frame, vanishing, NO_TWO_DEFENDERS, players)
        height = picture.shape[0]
        defender_line = vanishing.line_through(defender.ground, height)
        attacker_line = vanishing.line_through(attacker.ground, height) if attacker else None
        if attacker is None:
            return AutoOffside(
                frame, vanishing, defender, None, defender_line, None, "unknown", None, None,
                defender.confidence, NO_ATTACKER, players,
            )  # fmt: skip
        margin, uncertainty, verdict = _measure(defender, attacker, along, attack, frame_rate, calibration)
        confidence = min(defender.confidence, attacker.confidence) * math.exp(-vanishing.spread_degrees)
        caution = HIDDEN_DEFENDER if defender.body_part == HIDDEN_PART else ""
        return AutoOffside(
            frame, vanishing, defender, attacker, defender_line, attacker_line, verdict, margin,
            uncertainty, confidence, caution, players,
        )  # fmt: skip


def on_the_field(calibration: Calibration, ground: tuple[float, float], pitch: Pitch | None = None) -> bool:
    """Whether a picture's ground point lies within the touchlines and goal lines (to
    ``OFF_THE_FIELD_M``): stewards, photographers, ball boys and substitutes stand outside them and are
    never players of the check. (A defender who steps off to play an attacker offside still counts
    on his line by the Law; the referee clicks him then.)"""
    pitch = pitch or Pitch()
    x, y = calibration.to_pitch(ground)
    margin = OFF_THE_FIELD_M
    return -margin <= x <= pitch.length + margin and -margin <= y <= pitch.width + margin


def _before_the_goal_line(
    players: list[OffsidePlayer], corner: tuple[float, float] | None, along: AlongTheAttack
) -> list[OffsidePlayer]:
    """``players`` without those beyond the goal line, where the picture shows the pitch's far
    ``corner`` (:func:`tracking.offside.goal_line.corner_in_view`): stewards and photographers by the goal."""
    if corner is None:
        return players
    goal_line = along.depth(corner)
    kept = [
        p for p in players
        if along.depth(p.ground) <= goal_line + BEYOND_THE_LINE * p.height_px * along.per_pixel(p.ground)
    ]  # fmt: skip
    if len(kept) < len(players):
        logger.info("%d people beyond the goal line left out", len(players) - len(kept))
    return kept


def _defender_seen_nearby(
    players: list[OffsidePlayer], defenders: int, nearby: Sequence[SeenFrame], teams: TeamColours | None
) -> Callable[[tuple[float, float, float, float]], bool]:
    """Whether a box's feet are where a defender stood on a frame nearby: nearer one of those feet than
    any defender seen on this frame, and within half a player's height of them (his track)."""
    if teams is None or not nearby:
        return lambda box: False
    here = np.array([_feet(p.box) for p in players if p.team == defenders]).reshape(-1, 2)
    there = np.concatenate(
        [
            frame.people.people.feet[[teams.team_of(shirt) == defenders for shirt in frame.people.shirts]]
            for frame in nearby
        ]
    ).reshape(-1, 2)

    def seen(box: tuple[float, float, float, float]) -> bool:
        feet = np.array(_feet(box))
        reach = 0.5 * (box[3] - box[1])
        gone = np.linalg.norm(there - feet, axis=1)
        closest_here = np.linalg.norm(here - feet, axis=1).min() if len(here) else np.inf
        return bool(np.any((gone <= reach) & (gone < closest_here)))

    return seen


def _feet(box: Sequence[float]) -> tuple[float, float]:
    return (float(box[0] + box[2]) / 2, float(box[3]))


def _measure(
    defender: OffsidePlayer,
    attacker: OffsidePlayer,
    along: AlongTheAttack,
    attack: int,
    frame_rate: Fraction,
    calibration: Calibration | None,
) -> tuple[float | None, float | None, str]:
    """Margin (cm, > 0: offside position), its uncertainty, and the verdict."""
    half_frame_s = 0.5 / float(frame_rate)
    if calibration is not None:
        defender_m = calibration.to_pitch(defender.ground)
        attacker_m = calibration.to_pitch(attacker.ground)
        # Which way along the touchline the attack goes: towards the picture's right or left.
        towards = _pitch_x_towards_picture_right(calibration, defender.ground) * attack
        margin = (attacker_m[0] - defender_m[0]) * towards * 100
        uncertainty = uncertainty_cm(calibration, defender.ground, frame_rate)
        if abs(margin) <= uncertainty:
            return margin, uncertainty, "level"
        return margin, uncertainty, "offside" if margin > 0 else "onside"
    # No calibration: the lines' gap in pixels, with a player's height (about 1.8 m) as the scale.
    gap_px = attacker.depth - defender.depth
    metres_per_px = 1.8 / max(defender.height_px, 1.0)
    tolerance_px = PIXEL_UNCERTAINTY * math.sqrt(2) + SPRINT_METRES_PER_SECOND * half_frame_s / metres_per_px
    scale = along.per_pixel(defender.ground)
    if abs(gap_px) <= tolerance_px * scale:
        return None, None, "level"
    return None, None, "offside" if gap_px > 0 else "onside"


def _pitch_x_towards_picture_right(calibration: Calibration, at: tuple[float, float]) -> int:
    here = calibration.to_pitch(at)
    right = calibration.to_pitch((at[0] + 10.0, at[1]))
    return 1 if right[0] >= here[0] else -1
