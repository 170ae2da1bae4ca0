"""Where a player's feet are when his box does not show them: a coach's distance figures come from
that point, so a box cut by the picture's bottom or hidden behind a team-mate must not move him."""

from __future__ import annotations

import numpy as np

from athletes.video_session.pitch import AnglePitch
from tracking.foot_points import foot_points

RATE = 25.0
PICTURE = (960, 540)


def _walking_down(frames: np.ndarray, first_row: float = 300.0, height: float = 50.0) -> np.ndarray:
    """A 20 x ``height`` px player walking down the picture 2 px a frame from ``first_row``."""
    bottom = first_row + 2.0 * frames
    left, right = np.full(len(frames), 400.0), np.full(len(frames), 420.0)
    return np.column_stack([left, bottom - height, right, bottom])


def test_a_player_walking_out_at_the_bottom_of_the_picture_is_placed_where_his_feet_are() -> None:
    frames = np.arange(40)
    whole = _walking_down(frames, first_row=500.0)  # his feet leave the picture at frame 20
    shown = whole.copy()
    shown[:, 3] = np.minimum(shown[:, 3], PICTURE[1])  # the box ends on the picture's last row
    feet = foot_points(frames, shown, PICTURE, RATE)
    assert np.allclose(feet[:, 1], whole[:, 3])  # his top plus his height: where he walks
    assert np.allclose(feet[:, 0], 410.0)
    # Its bottom edge would have held him on the picture's last row while he walked on.
    assert np.all(shown[20:, 3] == PICTURE[1])


def test_a_player_hidden_to_the_knees_behind_another_is_left_out_not_moved() -> None:
    frames = np.arange(50)
    boxes = _walking_down(frames)
    boxes[20:25, 3] -= 15  # a team-mate in front: only his top 35 px show
    feet = foot_points(frames, boxes, PICTURE, RATE)
    assert np.isnan(feet[20:25]).all()
    assert np.allclose(feet[:20, 1], boxes[:20, 3]) and np.allclose(feet[25:, 1], boxes[25:, 3])
    # A box a little shorter (a player bending, the detector's own wobble) keeps its feet.
    boxes[30, 3] -= 5
    assert not np.isnan(foot_points(frames, boxes, PICTURE, RATE)[30]).any()


def test_a_man_going_down_is_not_a_hidden_man() -> None:
    frames = np.arange(50)
    boxes = _walking_down(frames)
    boxes[30:, 1] = boxes[30:, 3] - 18  # lying: 20 px wide, 18 tall
    feet = foot_points(frames, boxes, PICTURE, RATE)
    assert not np.isnan(feet).any()  # held where he went down by tracking.lying_down, not left out


def test_a_hidden_foot_point_stays_unknown_on_the_pitch() -> None:
    """OpenCV maps a NaN point to the pitch's corner (0, 0): a hidden player would jump there and back."""
    fixed = AnglePitch(np.eye(3), {}, 0.0, "clicked points")
    per_frame = AnglePitch(None, {0: np.eye(3), 1: np.eye(3)}, 0.0, "homographies")
    for pitch in (fixed, per_frame):
        placed = pitch.to_pitch([0, 1], [[np.nan, np.nan], [10.0, 5.0]])
        assert np.isnan(placed[0]).all() and np.allclose(placed[1], [10.0, 5.0])
