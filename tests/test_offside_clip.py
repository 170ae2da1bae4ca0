"""The offside check helped by the clip: teams learned from every frame, the goal line's direction
followed through the camera's motion, and people off the field of play left out."""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np
import pytest

from tracking.offside.auto import on_the_field
from tracking.offside.camera_motion import CameraMotion, follow_camera
from tracking.offside.clip_directions import CARRIED, FROM_NEIGHBOURS, OTHER_FAMILY, OWN, clip_directions
from tracking.offside.goal_line import corner_in_view
from tracking.offside.players import AlongTheAttack
from tracking.offside.vanishing import (
    PitchView,
    VanishingPoint,
    degrees_apart,
    direction_degrees,
    find_vanishing_points,
)
from tracking.teams import OTHERS, learn_team_colours
from var.offside import calibrate
from var.pitch import Pitch

Frames = Callable[[int], np.ndarray]
WHITE, RED, YELLOW = (195.0, 130.0, 129.0), (150.0, 155.0, 148.0), (181.0, 126.0, 181.0)


def test_a_goalkeeper_alone_in_his_colour_does_not_take_a_teams_place() -> None:
    # Late in a move only three defenders, two attackers and the goalkeeper are in view.
    shirts = np.array([WHITE, WHITE, WHITE, RED, RED, YELLOW], np.float32)
    shirts += np.random.default_rng(1).normal(0, 2, shirts.shape).astype(np.float32)
    teams = learn_team_colours(shirts)
    assert teams is not None
    labels = [teams.team_of(shirt) for shirt in shirts]
    assert len(set(labels[:3])) == 1 and len(set(labels[3:5])) == 1 and labels[0] != labels[3]
    assert labels[5] == OTHERS


def _still_camera(frames: list[int]) -> CameraMotion:
    return CameraMotion({f: np.eye(3) for f in frames}, dict.fromkeys(frames, frames[0]))


def _towards(degrees: float, segments: int = 10) -> VanishingPoint:
    """A vanishing point at infinity: lines at ``degrees`` in the picture."""
    radians = np.radians(degrees)
    return VanishingPoint((float(np.cos(radians)), float(np.sin(radians)), 0.0), segments, 0.3)


def test_the_clip_decides_the_goal_lines_family_carries_it_and_mends_a_stray_frame() -> None:
    goal_line, touchline = 60.0, 5.0
    candidates = {
        0: [_towards(goal_line), _towards(touchline)],
        10: [_towards(goal_line), _towards(touchline)],
        20: [_towards(touchline), _towards(goal_line)],  # this frame alone takes the touchline's family
        30: [],  # no pitch lines at all
        40: [_towards(goal_line + 0.5), _towards(touchline)],
        50: [_towards(goal_line + 8.0), _towards(touchline)],  # a stray direction
        60: [_towards(goal_line), _towards(touchline)],
    }
    at = dict.fromkeys(candidates, (500.0, 400.0))
    found = clip_directions(candidates, _still_camera(list(candidates)), at)

    def angle(frame: int) -> float:
        vanishing = found[frame].vanishing
        assert vanishing is not None
        return direction_degrees(vanishing.homogeneous, at[frame])

    assert all(degrees_apart(angle(f), goal_line) < 1.0 for f in candidates if f != 50)
    assert found[0].source == OWN and found[20].source == OTHER_FAMILY
    assert found[30].source == CARRIED and found[30].from_frame in (20, 40)
    assert found[50].source == FROM_NEIGHBOURS and degrees_apart(angle(50), goal_line) < 1.0


def test_the_cameras_pan_is_followed_from_frame_to_frame() -> None:
    rng = np.random.default_rng(3)
    world = np.zeros((400, 1200, 3), np.uint8)
    world[:, :, 1] = 120  # grass
    world[:, :, 0] = 40
    for _ in range(900):  # texture: tufts and marks
        y, x = rng.integers(0, 398), rng.integers(0, 1198)
        world[y : y + 3, x : x + 3] = rng.integers(150, 255)
    pan_per_frame = 4

    def frame(index: int) -> np.ndarray:
        return np.ascontiguousarray(world[:, index * pan_per_frame : index * pan_per_frame + 640])

    motion = follow_camera(frame, [0, 10, 20], longest_gap=60)
    mapping = motion.relating(20, 0)
    assert mapping is not None
    x, y, w = mapping @ np.array([100.0, 200.0, 1.0])
    assert x / w == pytest.approx(100 + 20 * pan_per_frame, abs=1.0) and y / w == pytest.approx(200, abs=1.0)
    # Frames further apart than asked are not followed through the frames between.
    apart = follow_camera(frame, [0, 100], longest_gap=60)
    assert apart.relating(0, 100) is None


def test_someone_beyond_the_goal_line_is_not_on_the_field_of_play() -> None:
    pitch = Pitch()
    # A picture that is the pitch itself at 10 px per metre, seen from straight above.
    clicks = [(name, (x * 10.0, y * 10.0)) for name, (x, y) in pitch.points().items()][:8]
    calibration = calibrate(clicks)
    assert on_the_field(calibration, (50.0 * 10, 30.0 * 10))
    assert on_the_field(calibration, (105.5 * 10, 30.0 * 10))  # on the goal line
    assert not on_the_field(calibration, (108.0 * 10, 30.0 * 10))  # a photographer behind it
    assert not on_the_field(calibration, (50.0 * 10, -3.0 * 10))  # a steward by the boards


def camera_level_with_the_penalty_area() -> np.ndarray:
    """Six lines parallel to the goal line lying at 8-12 degrees (seen from level with the penalty
    area), and three steep lines of another family (the stands' edges, say)."""
    picture = np.zeros((540, 960, 3), np.uint8)
    picture[:] = (40, 140, 40)
    for y in (300, 330, 360, 390, 420, 450):  # towards (3000, -150): 8.5 to 11.3 degrees
        cv2.line(picture, (0, y), (900, round(y + (-150 - y) * 900 / 3000)), (235, 235, 235), 3, cv2.LINE_AA)
    for x in (300, 420, 540):  # towards (480, -2500)
        top = round(x + (480 - x) * 300 / 3039)
        cv2.line(picture, (x, 539), (top, 239), (235, 235, 235), 3, cv2.LINE_AA)
    return picture


def test_goal_line_lines_lying_nearly_level_come_first_and_the_steep_family_stays_a_candidate() -> None:
    # The rule "the goal line's family is the steep one" fails when the camera stands level with the
    # penalty area: its lines lie at 8-15 degrees. A family among those with clearly more lines comes
    # first; the steep one is kept for the clip to choose (a stray frame's flatter family is voted out).
    families = find_vanishing_points(camera_level_with_the_penalty_area())
    at = (480.0, 300.0)
    assert len(families) == 2
    assert degrees_apart(direction_degrees(families[0].homogeneous, at), -10.1) < 0.5
    assert degrees_apart(direction_degrees(families[1].homogeneous, at), 90.0) < 0.5


def far_corner(touchline_runs_past: bool = False) -> np.ndarray:
    """The main camera's view of the far corner, the goal under attack on the left: the boards above,
    the far touchline ending at the corner (300, 130), the goal line turning down towards the camera,
    and the penalty area's 18-yard line and far side line. ``touchline_runs_past``: the touchline runs
    on past the meeting point, as it does past the halfway line."""
    picture = np.zeros((540, 960, 3), np.uint8)
    picture[:] = (40, 140, 40)
    picture[:112] = (30, 30, 120)  # the advertising boards
    white = (235, 235, 235)
    touchline_end = (0, 121) if touchline_runs_past else (300, 130)
    cv2.line(picture, (959, 150), touchline_end, white, 2, cv2.LINE_AA)  # towards (-3990, 0)
    cv2.line(picture, (300, 130), (0, 400), white, 2, cv2.LINE_AA)  # the goal line, towards (1300, -770)
    cv2.line(picture, (200, 220), (560, 231), white, 2, cv2.LINE_AA)  # the penalty area's far side line
    cv2.line(picture, (560, 231), (332, 539), white, 2, cv2.LINE_AA)  # its 18-yard line
    return picture


def test_the_far_corner_is_where_the_touchline_ends_and_the_goal_line_turns_towards_the_camera() -> None:
    # A steward behind the goal line, on the grass between it and the boards, is no player; without
    # pitch points the check knows the goal line by the corner's shape, not by the penalty area's.
    goal_lines_way = VanishingPoint((1300.0, -770.0, 1.0), 4, 0.2)
    along = AlongTheAttack(goal_lines_way, -1, 300.0, 480.0)

    def deeper(a: tuple[float, float], b: tuple[float, float]) -> bool:
        return along.depth(a) > along.depth(b)

    picture = far_corner()
    corner = corner_in_view(PitchView.of(picture), goal_lines_way, deeper)
    assert corner is not None and np.hypot(corner[0] - 300, corner[1] - 130) < 4
    steward, player_on_the_line = (150.0, 180.0), (150.0, 270.0)
    assert along.depth(steward) > along.depth(corner) > along.depth(player_on_the_line)
    # where the touchline runs on past the line, the line is not the goal line
    crossing = far_corner(touchline_runs_past=True)
    assert corner_in_view(PitchView.of(crossing), goal_lines_way, deeper) is None


def halfway_line_and_faint_stripes(stripes: bool = True) -> np.ndarray:
    """The halfway line seen from the main camera (wider near the camera, so that its two edges meet
    far from where the goal line's family does) and, when ``stripes``, the mowing stripes' faint edges,
    all towards (480, -1500)."""
    picture = np.zeros((540, 960, 3), np.uint8)
    picture[:] = (40, 140, 40)
    towards = np.array([480.0, -1500.0])

    def at_row(bottom_x: float, row: float) -> float:
        return bottom_x + (towards[0] - bottom_x) * (539 - row) / (539 - towards[1])

    if stripes:
        for bottom_x in range(-600, 1600, 240):
            corners = [(bottom_x, 539), (bottom_x + 120, 539)]
            corners += [(round(at_row(bottom_x + 120, 0)), 0), (round(at_row(bottom_x, 0)), 0)]
            cv2.fillPoly(picture, [np.array(corners, np.int32)], (46, 152, 46))
    middle_bottom, middle_top = 560.0, at_row(560.0, 0)
    halfway = [(middle_bottom - 7, 539), (middle_bottom + 7, 539), (middle_top + 2, 0), (middle_top - 2, 0)]
    cv2.fillPoly(picture, [np.array(halfway, np.int32)], (235, 235, 235), cv2.LINE_AA)
    return picture


def test_one_marking_fixes_the_line_its_vanishing_point_is_on_and_the_stripes_tell_where() -> None:
    # The halfway line alone (its two edges, its pieces) is one line: the point it points at could be
    # anywhere along it. The mowing stripes' faint edges say where; without them, the frame has no
    # direction of its own (the clip carries one to it).
    families = find_vanishing_points(halfway_line_and_faint_stripes())
    at = (200.0, 400.0)
    assert families
    assert (
        degrees_apart(
            direction_degrees(families[0].homogeneous, at), direction_degrees((480.0, -1500.0, 1.0), at)
        )
        < 1.0
    )
    assert not find_vanishing_points(halfway_line_and_faint_stripes(stripes=False))


def _turning_camera(focal: float, size: tuple[int, int]) -> tuple[Frames, Frames]:
    """A broadcast camera on its head turning over stands full of people above a plain pitch: each
    frame is turned 0.25 degrees of pan and 0.05 of tilt further than the one before and zoomed in
    0.2 %, with the sensor's noise. Returns the homography taking frame n's pixels to frame 0's (the
    truth), and the frames."""
    rng = np.random.default_rng(5)
    width, height = size
    scene = np.zeros((height * 2, width * 2, 3), np.uint8)
    scene[:] = (40, 120, 40)
    stands = height // 2
    scene[:stands] = (90, 90, 110)
    for _ in range(800):  # people in the stands
        y, x = rng.integers(0, stands - 4), rng.integers(0, width * 2 - 4)
        scene[y : y + 4, x : x + 4] = rng.integers(60, 255, 3)
    for _ in range(300):  # tufts of grass
        y, x = rng.integers(stands, height * 2 - 3), rng.integers(0, width * 2 - 3)
        scene[y : y + 2, x : x + 2] = (70, 150, 70)
    frame_0_in_the_scene = np.array([[1, 0, width / 2], [0, 1, height / 2], [0, 0, 1.0]])

    def to_first(index: int) -> np.ndarray:
        rotation = cv2.Rodrigues(np.radians([0.05 * index, 0.25 * index, 0.0]))[0]
        zoomed = focal * 1.002**index
        before = np.array([[zoomed, 0, width / 2], [0, zoomed, height / 2], [0, 0, 1.0]])
        after = np.array([[focal, 0, width / 2], [0, focal, height / 2], [0, 0, 1.0]])
        return np.asarray(after @ rotation.T @ np.linalg.inv(before))

    def frame(index: int) -> np.ndarray:
        to_scene = frame_0_in_the_scene @ to_first(index)
        flags = cv2.WARP_INVERSE_MAP | cv2.INTER_LINEAR
        picture = cv2.warpPerspective(scene, to_scene, (width, height), flags=flags).astype(np.float32)
        picture += np.random.default_rng(index).normal(0, 6, picture.shape)
        return np.asarray(np.clip(picture, 0, 255), np.uint8)

    return to_first, frame


def test_the_pitch_is_followed_not_the_players_running_across_it() -> None:
    # The pitch fills the picture (a camera close on play in midfield): faint grass, one marking, and
    # a dozen players running the same way, whose kits have the picture's strongest corners. The camera
    # pans 4 px a frame one way while the players run 3 px a frame the other.
    rng = np.random.default_rng(8)
    world = np.zeros((360, 1400, 3), np.uint8)
    world[:] = (40, 120, 40)
    for _ in range(1500):  # tufts: barely lighter than the grass around them
        y, x = rng.integers(0, 357), rng.integers(0, 1397)
        world[y : y + 3, x : x + 3] = (48, 132, 46)
    world[:, 700:704] = (225, 225, 225)  # the halfway line
    players = [(int(rng.integers(60, 300)), int(rng.integers(100, 600))) for _ in range(12)]
    pan, run = 4, 3

    def frame(index: int) -> np.ndarray:
        picture = world.copy()
        for feet, x in players:
            x += run * index
            picture[feet - 24 : feet - 10, x : x + 10] = (200, 30, 30)  # shirt
            picture[feet - 10 : feet, x : x + 10] = (245, 245, 245)  # shorts and socks
            picture[feet - 30 : feet - 24, x + 2 : x + 8] = (60, 40, 30)  # head
        return np.ascontiguousarray(picture[:, pan * index : pan * index + 640])

    motion = follow_camera(frame, [0, 20], longest_gap=60)
    mapping = motion.relating(20, 0)
    assert mapping is not None
    x, y, w = mapping @ np.array([100.0, 200.0, 1.0])
    assert x / w == pytest.approx(100 + 20 * pan, abs=1.0) and y / w == pytest.approx(200, abs=1.0)


def test_a_turning_camera_is_followed_as_a_rotation_and_a_zoom_so_a_direction_carries_far() -> None:
    # Over 90 frames the camera pans 22 degrees, tilts 4.5 and zooms in 20 %: a vanishing point carried
    # from the first frame to the last through the chained steps lands where the camera's true motion
    # puts it, its direction within 0.15 degrees (a general homography fitted on the grass's corners
    # each step drifted 0.27 degrees here, and by degrees on broadcast clips).
    size = (640, 360)
    to_first, frame = _turning_camera(1.3 * size[0], size)
    motion = follow_camera(frame, [0, 90], longest_gap=120)
    mapping = motion.relating(0, 90)
    assert mapping is not None
    vanishing = np.array([2500.0, -900.0, 1.0])  # a goal line's, above the picture
    truth = np.linalg.inv(to_first(90)) @ vanishing
    at = (200.0, 300.0)
    assert degrees_apart(direction_degrees(mapping @ vanishing, at), direction_degrees(truth, at)) < 0.15


def test_lines_that_would_meet_below_the_pitch_are_not_taken_for_a_family_of_pitch_lines() -> None:
    # Lines on the ground meet towards the horizon, above them. Six bright lines spreading upwards from a
    # point below the picture (the edges of something standing, say, or a mistaken set of segments)
    # are no family of pitch lines: the frame gets no direction of its own, and the clip carries one.
    picture = np.zeros((540, 960, 3), np.uint8)
    picture[:] = (40, 140, 40)
    below = (480.0, 1100.0)
    for top_x in (150, 270, 390, 570, 690, 810):
        bottom_y = 520
        bottom_x = round(below[0] + (top_x - below[0]) * (below[1] - bottom_y) / (below[1] - 120))
        cv2.line(picture, (top_x, 120), (bottom_x, bottom_y), (235, 235, 235), 3, cv2.LINE_AA)
    assert not find_vanishing_points(picture)
    # The same lines spreading downwards, from a point above the picture, are one.
    flipped = np.ascontiguousarray(picture[::-1])
    families = find_vanishing_points(flipped)
    assert families
    _, y, w = families[0].homogeneous
    assert y / w < 0


def _pose(rows: dict[int, float], x: float = 200.0) -> np.ndarray:
    """17 COCO keypoints, those in ``rows`` seen at that row (confidence 0.9), the rest unseen."""
    keypoints = np.full((17, 3), np.nan, np.float32)
    for index, row in rows.items():
        keypoints[index] = (x + (3 if index % 2 else -3), row, 0.9)
    return keypoints


def test_a_skeleton_squashed_into_a_box_cut_at_the_knees_does_not_say_where_his_feet_are() -> None:
    # A defender in front of a team-mate: the pose model's box stops at his knees and squeezes his whole
    # skeleton into it, ankles 27 px below hips 31 px below the shoulders. His feet are where a player
    # of his row's height whose head is at the box's top stands (the people around say how tall), not
    # at those ankles. A player whose legs are in proportion keeps his own ankles.
    from tracking.offside.players import PlayerHeights, counting_point

    heights = PlayerHeights.of([(x, 500, x + 40, 600) for x in (400, 500, 600, 700)] + [(800, 560, 840, 670)])
    assert heights is not None
    along = AlongTheAttack(VanishingPoint((2500.0, -900.0, 1.0), 8, 0.2), -1, 600.0, 300.0)
    squashed = _pose({5: 575, 6: 576, 11: 606, 12: 606, 13: 617, 14: 618, 15: 632, 16: 633})
    _, ground, _, _ = counting_point(squashed, (177.0, 555.0, 216.0, 633.0), along, heights)
    assert ground[1] == pytest.approx(heights.feet_below(555.0)) and ground[1] > 650
    standing = _pose({5: 575, 6: 576, 11: 606, 12: 606, 13: 628, 14: 629, 15: 652, 16: 654})
    _, ground, _, _ = counting_point(standing, (177.0, 555.0, 216.0, 656.0), along, heights)
    assert ground[1] == pytest.approx(656.0)
