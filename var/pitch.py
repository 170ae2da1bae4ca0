"""Pitch points a referee can click to calibrate a camera: where they are in pitch metres.

Coordinates as in the sample match: x along the touchline from the left goal line (0) to the right
one (length), y across from the near touchline (0) to the far one (width). Markings are the Laws of
the Game's: penalty area 16.5 m deep and 40.32 m wide, goal area 5.5 m by 18.32 m, penalty mark
11 m out, centre circle 9.15 m.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

PENALTY_DEPTH, PENALTY_HALF_WIDTH = 16.5, 20.16
GOAL_AREA_DEPTH, GOAL_AREA_HALF_WIDTH = 5.5, 9.16
PENALTY_MARK = 11.0
CENTRE_CIRCLE = 9.15


@dataclass(frozen=True)
class Pitch:
    """A pitch's size; 105 x 68 m unless the ground says otherwise."""

    length: float = 105.0
    width: float = 68.0

    def points(self) -> dict[str, tuple[float, float]]:
        """Every named calibration point, in pitch metres."""
        length, width, middle = self.length, self.width, self.width / 2
        named: dict[str, tuple[float, float]] = {
            "corner near left": (0.0, 0.0),
            "corner far left": (0.0, width),
            "corner near right": (length, 0.0),
            "corner far right": (length, width),
            "halfway line near end": (length / 2, 0.0),
            "halfway line far end": (length / 2, width),
            "centre spot": (length / 2, middle),
            "centre circle near": (length / 2, middle - CENTRE_CIRCLE),
            "centre circle far": (length / 2, middle + CENTRE_CIRCLE),
        }
        for side, goal_x, inward in (("left", 0.0, 1.0), ("right", length, -1.0)):
            for area, depth, half in (
                ("penalty area", PENALTY_DEPTH, PENALTY_HALF_WIDTH),
                ("goal area", GOAL_AREA_DEPTH, GOAL_AREA_HALF_WIDTH),
            ):
                named[f"{side} {area} near, goal line"] = (goal_x, middle - half)
                named[f"{side} {area} far, goal line"] = (goal_x, middle + half)
                named[f"{side} {area} near, front"] = (goal_x + inward * depth, middle - half)
                named[f"{side} {area} far, front"] = (goal_x + inward * depth, middle + half)
            named[f"{side} penalty mark"] = (goal_x + inward * PENALTY_MARK, middle)
        return named

    def markings(self) -> list[list[tuple[float, float]]]:
        """The pitch's markings as polylines in pitch metres: touchlines and goal lines, the halfway
        line, the penalty and goal areas, the centre circle and the penalty arcs."""
        length, width, middle = self.length, self.width, self.width / 2
        lines = [
            [(0.0, 0.0), (length, 0.0), (length, width), (0.0, width), (0.0, 0.0)],
            [(length / 2, 0.0), (length / 2, width)],
        ]
        for goal_x, inward in ((0.0, 1.0), (length, -1.0)):
            for depth, half in ((PENALTY_DEPTH, PENALTY_HALF_WIDTH), (GOAL_AREA_DEPTH, GOAL_AREA_HALF_WIDTH)):
                lines.append(
                    [
                        (goal_x, middle - half),
                        (goal_x + inward * depth, middle - half),
                        (goal_x + inward * depth, middle + half),
                        (goal_x, middle + half),
                    ]
                )
        circle = [
            (length / 2 + CENTRE_CIRCLE * math.cos(a), middle + CENTRE_CIRCLE * math.sin(a))
            for a in (2 * math.pi * k / 48 for k in range(49))
        ]
        # the penalty arcs: the penalty mark's 9.15 m circle outside the penalty area
        reach = math.acos((PENALTY_DEPTH - PENALTY_MARK) / CENTRE_CIRCLE)
        arcs = [
            [
                (
                    goal_x + inward * (PENALTY_MARK + CENTRE_CIRCLE * math.cos(a)),
                    middle + CENTRE_CIRCLE * math.sin(a),
                )
                for a in (-reach + 2 * reach * k / 16 for k in range(17))
            ]
            for goal_x, inward in ((0.0, 1.0), (length, -1.0))
        ]
        return [*lines, circle, *arcs]
