"""What the offside check reads off a frame and what it finds there, and the words it says them in.

:class:`SeenFrame` is read once per frame (its lines, its people); :class:`AutoOffside` is the check's
finding, as the desk shows it and ``matchdesk offside auto`` prints it.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tracking.offside.players import OffsidePlayer, PeopleOnPitch
from tracking.offside.vanishing import PitchView, VanishingPoint
from tracking.pitch_edge import FieldOfPlay
from var.offside import Calibration

logger = logging.getLogger(__name__)

# What the check may have to say, in words (the desk shows them translated).
NO_PITCH_LINES = "no pitch lines to find the offside direction from: click pitch points"
NO_TWO_TEAMS = "fewer than two teams' players in view"
NO_TWO_DEFENDERS = "fewer than two defenders in view"
NO_ATTACKER = "no attacker in view"
HIDDEN_DEFENDER = (
    "the second-last defender is hidden behind another player: his point is estimated from his shirt, "
    "check it"
)
PROBLEMS = (NO_PITCH_LINES, NO_TWO_TEAMS, NO_TWO_DEFENDERS, NO_ATTACKER, HIDDEN_DEFENDER)


@dataclass(frozen=True)
class SeenFrame:
    """What one frame shows, read once: the goal line's direction and the people on the pitch."""

    vanishing: VanishingPoint | None  # the goal line's, as used
    people: PeopleOnPitch
    size: tuple[int, int]  # the picture's width and height
    view: PitchView  # its pitch, markings and both families' vanishing points, read once

    @property
    def field(self) -> FieldOfPlay:
        """Who stands on the field of play, which pixels are pitch."""
        return self.view.field

    @property
    def families(self) -> tuple[VanishingPoint, ...]:
        """Both families' points, the goal line's first as the frame alone suggests."""
        return self.view.families

    @property
    def middle(self) -> tuple[float, float]:
        """Where the people stand, in the middle (their feet's median; the picture's middle without
        anyone): directions are compared, and players ordered, from there."""
        feet = self.people.people.feet
        if len(feet) == 0:
            return (self.size[0] / 2, self.size[1] / 2)
        x, y = np.median(feet, axis=0)
        return (float(x), float(y))


@dataclass(frozen=True)
class AutoOffside:
    """What the automatic check found on one frame."""

    frame: int
    vanishing: VanishingPoint | None
    defender: OffsidePlayer | None
    attacker: OffsidePlayer | None
    defender_line: tuple[tuple[float, float], ...] | None
    attacker_line: tuple[tuple[float, float], ...] | None
    verdict: str  # "offside", "onside", "level" or "unknown"
    margin_cm: float | None  # > 0: the attacker is beyond the defender
    uncertainty_cm: float | None
    confidence: float
    problem: str = ""  # why the verdict is unknown, in words
    players: list[OffsidePlayer] = field(default_factory=list, repr=False)
    found_pitch: Calibration | None = None  # the pitch points found on the frame, when none were given

    def to_json_dict(self) -> dict[str, Any]:
        def player(p: OffsidePlayer | None) -> dict[str, Any] | None:
            if p is None:
                return None
            return {
                "box": [round(v, 1) for v in p.box],
                "point": [round(v, 1) for v in p.ground],
                "body_part": p.body_part,
            }

        def line(points: tuple[tuple[float, float], ...] | None) -> list[list[float]] | None:
            return None if points is None else [[round(x, 1), round(y, 1)] for x, y in points]

        vanishing = self.vanishing.point if self.vanishing is not None else None
        return {
            "frame": self.frame,
            "defender": player(self.defender),
            "attacker": player(self.attacker),
            "vanishing_point": None if vanishing is None else [round(v, 1) for v in vanishing],
            "defender_line": line(self.defender_line),
            "attacker_line": line(self.attacker_line),
            "verdict": self.verdict,
            "margin_cm": None if self.margin_cm is None else round(self.margin_cm, 1),
            "uncertainty_cm": None if self.uncertainty_cm is None else round(self.uncertainty_cm, 1),
            "confidence": round(self.confidence, 3),
            "problem": self.problem,
        }


def defending_team_of_the_move(results: list[AutoOffside]) -> int | None:
    """The team most of a move's frames found defending (more than half of them, three frames or
    more): a frame that found the other team was misled, by a counter-attack's shape or a box made
    of two players, and is checked again with this one."""
    teams = [r.defender.team for r in results if r.defender is not None]
    if len(teams) < 3:
        return None
    team, count = Counter(teams).most_common(1)[0]
    return team if count * 2 > len(teams) else None


def unknown(
    frame: int, vanishing: VanishingPoint | None, problem: str, players: list[OffsidePlayer] | None = None
) -> AutoOffside:
    logger.info("frame %d: %s", frame, problem)
    return AutoOffside(
        frame, vanishing, None, None, None, None, "unknown", None, None, 0.0, problem, players or []
    )
