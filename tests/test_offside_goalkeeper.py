"""The defending goalkeeper ordered with his outfield players by the Law's second-last opponent.

Law 11 measures an attacker against the second-last opponent, who is not always an outfield
player: a goalkeeper who has come out may be ahead of his deepest defender, and then he, or the next
defender if deeper, is the one the line goes through.
"""

from __future__ import annotations

import numpy as np

from tracking.offside.goalkeeper import learn_goalkeeper, second_last_opponent
from tracking.offside.players import OffsidePlayer
from tracking.teams import OTHERS, TEAM_A, TEAM_B, TeamColours

WHITE, RED = (195.0, 130.0, 129.0), (150.0, 155.0, 148.0)  # the two teams' shirts (Lab)
YELLOW, BLACK = (181.0, 126.0, 181.0), (40.0, 128.0, 128.0)  # the goalkeeper's and the referee's
TEAMS = TeamColours(np.array([WHITE, RED], np.float32), typical=6.0)
DEFENDING = TEAM_A  # white


def _person(depth: float, shirt: tuple[float, float, float], team: int) -> OffsidePlayer:
    """Someone standing ``depth`` pixels along the attack (larger: nearer the goal under attack)."""
    x = 500.0 + depth
    return OffsidePlayer(
        (x - 15, 300, x + 15, 380), team, (x, 380), (x, 380), "left_ankle", depth, 0.9, shirt
    )


def _defender(depth: float) -> OffsidePlayer:
    return _person(depth, WHITE, TEAM_A)


def _goalkeeper(depth: float) -> OffsidePlayer:
    return _person(depth, YELLOW, OTHERS)


def _move(goalkeeper_depths: list[float]) -> list[list[OffsidePlayer]]:
    """Frames of one attack: three defenders, two attackers, the referee midfield, the goalkeeper."""
    return [
        [
            _defender(120),
            _defender(90),
            _defender(60),
            _person(110, RED, TEAM_B),
            _person(20, RED, TEAM_B),
            _person(-80, BLACK, OTHERS),
            _goalkeeper(depth),
        ]
        for depth in goalkeeper_depths
    ]


def test_the_goalkeeper_in_his_goal_leaves_the_deepest_defender_as_the_second_last_opponent() -> None:
    frames = _move([300, 310, 305, 290])
    goalkeeper = learn_goalkeeper(frames, DEFENDING, TEAMS)
    assert goalkeeper is not None
    assert goalkeeper.is_him(_goalkeeper(0)) and not goalkeeper.is_him(_person(0, BLACK, OTHERS))
    assert not goalkeeper.is_him(_defender(0))
    named = second_last_opponent(frames[0], DEFENDING, goalkeeper)
    assert named is not None and named.depth == 120 and named.shirt == WHITE


def test_a_goalkeeper_come_out_ahead_of_his_last_defender_is_the_second_last_opponent() -> None:
    # The goalkeeper has come out to the edge of his area; one defender is back on the goal line.
    frames = _move([300, 310, 305, 100])
    goalkeeper = learn_goalkeeper(frames, DEFENDING, TEAMS)
    assert goalkeeper is not None
    named = second_last_opponent(frames[3], DEFENDING, goalkeeper)
    assert named is not None and named.shirt == YELLOW and named.depth == 100
    # Further out than the next defender, the next defender is the second-last opponent.
    further_out = [*frames[3][:-1], _goalkeeper(70)]
    named = second_last_opponent(further_out, DEFENDING, goalkeeper)
    assert named is not None and named.shirt == WHITE and named.depth == 90
    # Not told apart, the goalkeeper is taken to stand behind the deepest defender.
    assert second_last_opponent(frames[3], DEFENDING).depth == 120  # type: ignore[union-attr]


def test_a_goalkeeper_in_a_colour_like_his_teams_is_still_ordered_with_them() -> None:
    # His shirt falls within the defenders' colour by the team rule, but is his own over the move.
    pale = (195.0, 122.0, 141.0)
    assert TEAMS.team_of(np.array(pale, np.float32)) == TEAM_A
    frames = [
        [_defender(120), _defender(90), _person(110, RED, TEAM_B), _person(depth, pale, TEAM_A)]
        for depth in (300, 280, 290, 100)
    ]
    goalkeeper = learn_goalkeeper(frames, DEFENDING, TEAMS)
    assert goalkeeper is not None
    assert second_last_opponent(frames[0], DEFENDING, goalkeeper).depth == 120  # type: ignore[union-attr]
    assert second_last_opponent(frames[3], DEFENDING, goalkeeper).shirt == pale  # type: ignore[union-attr]


def test_no_goalkeeper_is_made_up_from_whoever_happens_to_be_deepest() -> None:
    # The goalkeeper is out of the picture. The deepest defender runs along the far touchline in the
    # shade, his shirt darker than his team's, on every frame; once the referee is deepest.
    shade = (172.0, 133.0, 131.0)
    assert TEAMS.team_of(np.array(shade, np.float32)) == TEAM_A
    frames = [
        [_person(depth, shade, TEAM_A), _defender(90), _person(110, RED, TEAM_B)] for depth in (150, 140, 130)
    ]
    frames.append([_defender(120), _person(140, BLACK, OTHERS), _person(110, RED, TEAM_B)])
    assert learn_goalkeeper(frames, DEFENDING, TEAMS) is None
    named = second_last_opponent(frames[0], DEFENDING, None)
    assert named is not None and named.shirt == shade and named.depth == 150
