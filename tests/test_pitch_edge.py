"""Who is on the field of play, told without pitch points: the grass where it ends at the boards, and
the touchline's white line.

Stewards, photographers and substitutes stand on the grass beyond the lines, against the advertising
boards. They are not players: the offside check never names them, the tracker never follows them.
A player on the ball at the far touchline stands as close to the boards, but on the line.
"""

from __future__ import annotations

import json

import cv2
import numpy as np

from tests.conftest import shared_file
from tracking.pitch_edge import FieldOfPlay, on_the_field_of_play, pitch_mask
from var.media import open_video

GRASS, BOARDS, LINE = (40, 140, 40), (200, 30, 30), (235, 235, 235)


def far_side(touchline_row: int) -> np.ndarray:
    """A far-side picture: the boards down to row 80, then grass with the touchline at ``touchline_row``."""
    picture = np.zeros((360, 640, 3), np.uint8)
    picture[:80] = BOARDS
    picture[80:] = GRASS
    picture[touchline_row : touchline_row + 2] = LINE
    return picture


def box(feet: tuple[int, int], height: int = 40) -> list[float]:
    x, y = feet
    return [x - 8.0, y - height, x + 8.0, float(y)]


def test_a_steward_against_the_boards_is_not_on_the_field_and_a_player_on_the_line_is() -> None:
    picture = far_side(touchline_row=88)
    field = FieldOfPlay.of(picture, 1.0)
    steward = box((100, 82))  # the line is below his feet: he stands beyond it
    on_the_line = box((300, 89))  # as close to the boards, on the line
    in_play = box((500, 250))
    assert list(field.on_the_field([steward, on_the_line, in_play])) == [False, True, True]


def test_without_the_lines_nearness_to_the_boards_alone_decides() -> None:
    picture = far_side(touchline_row=88)
    mask = pitch_mask(picture)
    steward, player = box((100, 86)), box((300, 130))
    assert list(on_the_field_of_play(mask, 1.0, np.array([steward, player]))) == [False, True]


def test_in_the_stands_is_not_on_the_field_and_without_a_pitch_everyone_is() -> None:
    picture = far_side(touchline_row=88)
    in_the_stands = box((300, 60))
    assert not FieldOfPlay.of(picture, 1.0).on_the_field([in_the_stands])[0]
    indoor = np.full((360, 640, 3), (90, 90, 200), np.uint8)  # a blue court: no grass at all
    assert FieldOfPlay.of(indoor, 1.0).on_the_field([box((300, 200))])[0]


def test_on_a_broadcast_stewards_by_the_corner_are_left_out_and_players_on_the_far_touchline_kept() -> None:
    clip = shared_file("clips/offside/2_Boca-Lanus_383_392.mp4")
    annotation = json.loads(shared_file("clips/offside/2_Boca-Lanus_383_392.json").read_text())
    players = {entry["frame"] - 1: entry["players"] for entry in annotation["frames"]}
    # Frame 19: two players on the ball at the far touchline, against the boards; frame 159: two
    # stewards in the corner beyond the goal line (boxes as the pose model finds them).
    stewards = [[83.0, 286.0, 112.0, 378.0], [271.0, 244.0, 305.0, 334.0]]
    with open_video(clip, read_ahead=0) as video:
        for frame, others in ((19, []), (159, stewards)):
            picture = np.asarray(video.frame(frame))
            scale = 960 / picture.shape[1]
            small = np.asarray(cv2.resize(picture, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA))
            field = FieldOfPlay.of(small, scale)
            annotated = [
                [min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])]
                for a, b in (player["position"] for player in players[frame])
            ]
            assert field.on_the_field(annotated).all(), frame
            if others:
                assert not field.on_the_field(others).any(), frame
