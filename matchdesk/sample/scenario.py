"""The scripted story of the sample match, in pitch metres at 25 frames per second.

Home (red) attacks towards x = 105 m. At 4.40 s Home #10 plays a through ball while Home #9 stands
0.60 m beyond Away #5, the second-last defender: offside, but the flag stays down. Play goes on
and at 7.00 s Away #4 brings #9 down in the box: a foul, whistled at 7.30 s. A VAR review has to
decide which comes first.

Pitch coordinates: x along the touchline from the Home goal (0 m) to the Away goal (105 m), y across
from the near touchline (0 m) to the far one (68 m), z up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

PITCH_LENGTH = 105.0
PITCH_WIDTH = 68.0
FRAME_RATE = Fraction(25)
MATCH_FRAMES = 350  # 14 s of match time
BALL_RADIUS = 0.11
PLAYER_HEIGHT = 1.8

OFFSIDE_FRAME = 110  # 4.40 s: the through ball leaves #10's foot
OFFSIDE_MARGIN_M = 0.60
FOUL_FRAME = 175  # 7.00 s: the tackle
FOUL_WHISTLE_SECONDS = Fraction(73, 10)
KICK_SECONDS = (Fraction(2), Fraction(44, 10), Fraction(62, 10))
WHISTLE_SECONDS = (Fraction(1, 2), FOUL_WHISTLE_SECONDS, Fraction(115, 10))


@dataclass(frozen=True)
class Person:
    """One person on the pitch."""

    object_id: int
    kind: str  # player, goalkeeper or referee
    team: str  # home, away or officials
    number: int
    shirt_rgb: tuple[int, int, int]
    shorts_rgb: tuple[int, int, int]


@dataclass
class Scenario:
    """Positions of everybody and the ball at every match frame.

    Attributes:
        people: who is on the pitch, in object-id order (the ball is object ``len(people)``).
        positions: ``(frames, people, 2)`` pitch metres.
        fallen: ``(frames, people)`` 0 standing .. 1 lying on the ground.
        ball: ``(frames, 3)`` pitch metres, z = height of the ball's lowest point.
    """

    people: list[Person]
    positions: FloatArray
    fallen: FloatArray
    ball: FloatArray
    events: list[dict[str, object]] = field(default_factory=list)

    @property
    def ball_id(self) -> int:
        return len(self.people)

    def person(self, team: str, number: int) -> Person:
        return next(p for p in self.people if p.team == team and p.number == number)


HOME_SHIRT, HOME_SHORTS = (200, 30, 40), (245, 245, 245)
AWAY_SHIRT, AWAY_SHORTS = (30, 70, 200), (20, 30, 80)
HOME_KEEPER, AWAY_KEEPER = (240, 200, 20), (40, 190, 90)
REFEREE_SHIRT = (20, 20, 20)

# Shirt number -> base position for each side (x in metres from the Home goal).
_HOME_SHAPE = {
    1: (8, 34),
    2: (40, 10),
    5: (37, 27),
    6: (37, 41),
    3: (40, 58),
    4: (55, 20),
    8: (55, 32),
    7: (72, 10),
    10: (64, 40),
    9: (74, 30),
    11: (76, 57),
}
_AWAY_SHAPE = {
    1: (102, 34),
    2: (80, 12),
    5: (80, 27),
    4: (80, 40),
    3: (80, 55),
    6: (70, 22),
    8: (68, 36),
    7: (71, 50),
    10: (58, 28),
    9: (55, 42),
    11: (60, 58),
}

_TIMES = np.arange(MATCH_FRAMES, dtype=np.float64) / float(FRAME_RATE)


def _track(keys: list[tuple[float, float, float]]) -> FloatArray:
    """Piecewise-linear path through ``(seconds, x, y)`` keys, one row per frame."""
    times = [k[0] for k in keys]
    return np.stack(
        [np.interp(_TIMES, times, [k[1] for k in keys]), np.interp(_TIMES, times, [k[2] for k in keys])],
        axis=1,
    )


def _defensive_line() -> FloatArray:
    # The Away back line steps up to 79.0 m for the through ball, then drops towards its goal.
    return np.interp(_TIMES, [0, 3.0, 4.4, 5.5, 7.0, 14.0], [81.0, 79.8, 79.0, 84.0, 92.0, 93.0])


def build_scenario(seed: int = 7) -> Scenario:
    """The sample match, identical on every run for the same seed."""
    rng = np.random.default_rng(seed)
    people: list[Person] = []
    teams = (
        ("home", _HOME_SHAPE, HOME_KEEPER, HOME_SHIRT, HOME_SHORTS),
        ("away", _AWAY_SHAPE, AWAY_KEEPER, AWAY_SHIRT, AWAY_SHORTS),
    )
    for team, shape, keeper_shirt, shirt, shorts in teams:
        for number in shape:
            keeper = number == 1
            kind = "goalkeeper" if keeper else "player"
            people.append(Person(len(people), kind, team, number, keeper_shirt if keeper else shirt, shorts))
    people.append(Person(len(people), "referee", "officials", 0, REFEREE_SHIRT, REFEREE_SHIRT))

    ball_xy = _track(
        [
            (0, 55, 32),
            (2.0, 61.5, 30.5),
            (2.6, 65.5, 39.5),
            (4.4, 70.0, 38.0),
            (5.4, 88.5, 30.5),
            (7.0, 95.0, 32.0),
            (7.6, 97.5, 33.5),
            (9.0, 99.0, 35.0),
            (14, 99.0, 35.0),
        ]
    )
    ball_z = np.interp(_TIMES, [0, 4.4, 4.9, 5.4, 14], [0, 0, 1.6, 0, 0])
    ball = np.column_stack([ball_xy, ball_z])

    line = _defensive_line()
    offside_time = OFFSIDE_FRAME / float(FRAME_RATE)
    line_at_pass = float(np.interp(offside_time, _TIMES, line))
    scripted: dict[tuple[str, int], FloatArray] = {
        ("home", 8): _track([(0, 54.5, 32), (2.0, 61.0, 30.5), (4.0, 64, 30), (14, 70, 31)]),
        ("home", 10): _track([(0, 63, 41), (2.6, 65.0, 39.5), (4.4, 69.5, 38.0), (6, 76, 37), (14, 84, 38)]),
        ("home", 9): _track(
            [
                (0, 76, 29),
                (3.0, 78.0, 29.5),
                (offside_time, line_at_pass + 0.3 + OFFSIDE_MARGIN_M, 30.0),
                (5.4, 88.0, 30.5),
                (7.0, 94.6, 32.0),
                (14, 95.2, 32.3),
            ]
        ),
        ("away", 4): _track(
            [(0, 81, 40), (4.4, 79.0, 36.0), (5.5, 85, 34), (7.0, 95.6, 32.9), (14, 96.0, 33.5)]
        ),
    }

    positions = np.zeros((MATCH_FRAMES, len(people), 2))
    ball_pull = np.clip(ball_xy - [60.0, 34.0], [-15, -8], [25, 8]) * 0.45
    for person in people:
        key = (person.team, person.number)
        if key in scripted:
            positions[:, person.object_id] = scripted[key]
            continue
        if person.kind == "referee":
            positions[:, person.object_id] = ball_xy + [-9.0, 11.0]
            continue
        shape = _HOME_SHAPE if person.team == "home" else _AWAY_SHAPE
        base = np.array(shape[person.number], dtype=np.float64)
        # Everyone drifts with the ball and wanders a little, each with their own rhythm.
        phase = rng.uniform(0, 2 * np.pi, 2)
        wander = (
            np.column_stack(
                [
                    np.sin(_TIMES * rng.uniform(0.4, 0.9) + phase[0]),
                    np.sin(_TIMES * rng.uniform(0.4, 0.9) + phase[1]),
                ]
            )
            * 1.2
        )
        follow = 0.25 if person.kind == "goalkeeper" else 1.0
        path = base + ball_pull * follow + wander
        if person.team == "away" and person.kind == "player" and person.number in (2, 3):
            path[:, 0] = line - 0.4 + wander[:, 0] * 0.2  # the rest of the back line holds the line
        positions[:, person.object_id] = path
    # Away #5 is the second-last defender: the deepest outfield Away player at the pass.
    second_last = _find(people, "away", 5).object_id
    positions[:, second_last, 0] = line + 0.3
    positions[:, second_last, 1] = 27.0 + np.sin(_TIMES) * 1.5

    fallen = np.zeros((MATCH_FRAMES, len(people)))
    victim = _find(people, "home", 9).object_id
    fallen[:, victim] = np.clip((_TIMES - FOUL_FRAME / float(FRAME_RATE)) / 0.5, 0, 1)

    scenario = Scenario(people=people, positions=positions, fallen=fallen, ball=ball)
    scenario.events = [
        {
            "type": "offside",
            "frame": OFFSIDE_FRAME,
            "attacker": victim,
            "second_last_defender": second_last,
            "passer": _find(people, "home", 10).object_id,
            "margin_m": OFFSIDE_MARGIN_M,
            "attack_direction": "+x",
        },
        {
            "type": "foul",
            "frame": FOUL_FRAME,
            "offender": _find(people, "away", 4).object_id,
            "victim": victim,
            "whistle_seconds": float(FOUL_WHISTLE_SECONDS),
        },
    ]
    return scenario


def _find(people: list[Person], team: str, number: int) -> Person:
    return next(p for p in people if p.team == team and p.number == number)
