"""How the picture is cut into tiles, and how tracks are carried where detection did not run."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import shared_file
from tracking.detector import TARGET_PLAYER_PX, Detector
from tracking.evaluate import evaluate, load_ground_truth
from tracking.settings import TrackingSettings
from tracking.tiles import TilePlan, perspective_rows
from tracking.tracker import PeopleTracker, extend_at_picture_edges
from tracking.tracks import CLASS_CODES, Tracks
from var.media import open_video

WIDTH, HEIGHT = 1920, 1080


def _players(frame: int, boxes: list[list[float]], conf: float = 0.8) -> Tracks:
    return Tracks.build(
        frame=[frame] * len(boxes),
        xyxy=boxes,
        conf=[conf] * len(boxes),
        cls=[CLASS_CODES["player"]] * len(boxes),
    )


def test_far_players_get_smaller_tiles_and_every_player_is_whole_well_inside_one() -> None:
    """A broadcast wide shot: players 60 px tall at the far touchline, 150 px near the camera."""
    feet = np.linspace(250, 1050, 12)
    heights = 60 + (feet - 250) * 90 / 800
    rows = perspective_rows(feet, heights, (WIDTH, HEIGHT), 640, 140.0)
    plan = TilePlan(tile=364, scale=640 / 364, overlap=158, rows=rows)
    tiles = plan.tiles(WIDTH, HEIGHT)

    sides = [row.side for row in rows]
    assert sides == sorted(sides) and sides[0] < sides[-1]  # near players need less enlarging
    assert len(tiles) < len(TilePlan(tile=364, scale=640 / 364, overlap=158).tiles(WIDTH, HEIGHT))
    assert rows[-1].top + rows[-1].side == HEIGHT
    for row in rows:  # each row reaches across the picture
        xs = [x for x, y, side in tiles if y == row.top]
        assert xs[0] == 0 and xs[-1] + row.side == WIDTH
    for foot in np.arange(200.0, HEIGHT, 10.0):
        tall = 60 + max(foot - 250, 0) * 90 / 800
        for left in np.arange(0.0, WIDTH - 0.5 * tall, 37.0):
            box = (left, foot - tall, left + 0.5 * tall, foot)
            assert (
                any(
                    x <= box[0] and box[2] <= x + side and y <= box[1] and box[3] <= y + side - 0.5 * tall
                    for x, y, side in tiles
                )
                or box[3] > HEIGHT - 0.5 * tall
            ), box  # whole, with half his height to the tile's bottom


def test_the_crowd_in_the_stands_does_not_size_the_tiles_for_the_players_on_the_far_side() -> None:
    """Liverpool v Benfica, the first frame: spectators in the stands, a third as tall as the players
    on the far side, stand where the pitch's far side would. The tiles of the picture's top are sized
    to the players there (the model sees them about the size it finds people best), not to the crowd
    (it made them half as large, cutting the players in two)."""
    clip = shared_file("clips/offside/4_Liverpool-Benfica_422_432.mp4")
    annotation = json.loads(shared_file("clips/offside/4_Liverpool-Benfica_422_432.json").read_text())
    detector = Detector(shared_file("models/yolo11n-pose.pt"), TrackingSettings().confidence)
    with open_video(clip, read_ahead=0) as video:
        plan, _ = detector.plan(np.asarray(video.frame(0)))
    assert plan is not None and plan.rows
    top = plan.rows[0]
    players = next(entry["players"] for entry in annotation["frames"] if entry["frame"] == 1)
    tops_and_feet = [sorted((a[1], b[1])) for a, b in (p["position"] for p in players)]
    bottom = top.top + top.side
    in_the_top_row = [feet - head for head, feet in tops_and_feet if top.top <= head and feet <= bottom]
    assert len(in_the_top_row) >= 3, f"no player of the top band fits whole in its {top.side} px tiles"
    seen_at = np.median(in_the_top_row) * plan.model_size / top.side
    assert 0.7 * TARGET_PLAYER_PX <= seen_at <= 1.4 * TARGET_PLAYER_PX, (top, in_the_top_row)


def test_too_few_players_to_see_the_perspective_keep_one_even_grid() -> None:
    assert (
        perspective_rows(np.array([300.0, 600.0]), np.array([70.0, 110.0]), (WIDTH, HEIGHT), 640, 140) == ()
    )
    plan = TilePlan(tile=364, scale=640 / 364, overlap=158)
    assert {side for _, _, side in plan.tiles(WIDTH, HEIGHT)} == {364}
    assert plan.describe() == "364px x1.76"


def test_a_player_coming_into_the_picture_is_there_from_the_frame_he_was_first_seen() -> None:
    """ByteTrack confirms a track on its second sighting; the first is reported with it, same id."""
    tracker = PeopleTracker(15.0, frames_between=2)
    stays = [800.0, 400.0, 840.0, 500.0]
    first = tracker.update(_players(0, [stays]))
    assert len(first) == 1  # the first frame of all starts tracks at once
    assert len(tracker.update(_players(2, [stays, [0.0, 300.0, 20.0, 400.0]]))) == 1  # not yet sure of him
    third = tracker.update(_players(4, [stays, [0.0, 300.0, 30.0, 400.0]]))
    newcomer = third[third.track_id != first.track_id[0]]
    assert sorted(newcomer.frame.tolist()) == [2, 4]
    assert len(set(newcomer.track_id.tolist())) == 1
    assert len(tracker.update(_players(6, [stays]))) == 1  # nothing is reported twice


def test_a_player_leaving_the_picture_between_two_detections_is_still_half_in_view() -> None:
    """Detected at frames 6 and 8, moving 6 px a frame to the left, gone from the picture by 10."""
    leaving = Tracks.build(
        frame=[6, 8],
        xyxy=[[12.0, 240.0, 43.0, 326.0], [0.0, 243.0, 31.0, 326.0]],
        conf=[0.8, 0.8],
        cls=[CLASS_CODES["player"]] * 2,
        track_id=[7, 7],
    )
    staying = Tracks.build(
        frame=[6, 8], xyxy=[[900.0, 300.0, 940.0, 400.0]] * 2, conf=[0.8, 0.8], cls=[0, 0], track_id=[3, 3]
    )
    extended = extend_at_picture_edges(Tracks.concat([leaving, staying]), 2, (WIDTH, HEIGHT), 200)
    carried = extended[(extended.track_id == 7) & (extended.frame == 9)]
    assert len(carried) == 1
    x1, _, x2, _ = carried.xyxy[0]
    assert x1 == 0 and 20 <= x2 <= 28  # clipped at the picture's side, at his speed
    assert len(extended[extended.track_id == 3]) == 2  # a player in mid-picture is not carried on


def test_a_player_coming_in_at_the_side_between_two_detections_was_already_half_in_view() -> None:
    """First detected at frame 8, his box clipped at the picture's right side, walking in 6 px a frame:
    at frame 7, between two detections, half of him was already in the picture."""
    coming_in = Tracks.build(
        frame=[8, 10],
        xyxy=[[WIDTH - 31.0, 243.0, WIDTH, 326.0], [WIDTH - 43.0, 240.0, WIDTH - 12.0, 326.0]],
        conf=[0.8, 0.8],
        cls=[CLASS_CODES["player"]] * 2,
        track_id=[7, 7],
    )
    extended = extend_at_picture_edges(coming_in, 2, (WIDTH, HEIGHT), 200)
    carried = extended[extended.frame == 7]
    assert len(carried) == 1
    x1, _, x2, _ = carried.xyxy[0]
    assert x2 == WIDTH and WIDTH - 28 <= x1 <= WIDTH - 20  # clipped at the side, at his speed
    # Walking out at the right side (carried on to frame 11), he is not carried back before frame 8.
    walking_out = Tracks.build(
        frame=[8, 10],
        xyxy=[[WIDTH - 31.0, 243.0, WIDTH, 326.0], [WIDTH - 19.0, 240.0, WIDTH, 326.0]],
        conf=[0.8, 0.8],
        cls=[CLASS_CODES["player"]] * 2,
        track_id=[7, 7],
    )
    assert extend_at_picture_edges(walking_out, 2, (WIDTH, HEIGHT), 200).frame.tolist() == [8, 10, 11]


def test_someone_tracked_off_the_field_of_play_counts_against_the_tracker(tmp_path: Path) -> None:
    """The annotation outlines the field of play; a ball boy behind the line is not a player, and a
    tracker that follows him as one is wrong, as for any other false player."""
    annotation = {
        "frames": [
            {
                "frame": 1,
                "field": [[0, 200], [1919, 200], [1919, 1079], [0, 1079]],
                "players": [{"team": 1, "position": [[100, 300], [140, 400]]}],
            }
        ]
    }
    path = tmp_path / "annotation.json"
    path.write_text(json.dumps(annotation))
    truth = load_ground_truth(path)
    the_player = [101, 301, 140, 400]
    assert evaluate(_players(0, [the_player]), truth)["precision"] == 1.0
    with_the_ball_boy = evaluate(_players(0, [the_player, [500, 100, 530, 180]]), truth)  # his feet at 180
    assert (with_the_ball_boy["recall"], with_the_ball_boy["precision"]) == (1.0, 0.5)
    assert with_the_ball_boy["off_pitch_false_positives"] == 1
    on_the_pitch = evaluate(_players(0, [the_player, [500, 300, 530, 380]]), truth)
    assert on_the_pitch["precision"] == 0.5 and on_the_pitch["off_pitch_false_positives"] == 0


def test_a_defender_hidden_behind_the_attacker_he_marks_keeps_his_track() -> None:
    """B runs to the right behind A, who stands still: for two detected frames the model sees only A.
    B's track stays where his motion puts him, on A; a player lost in open space is not kept."""
    tracker = PeopleTracker(15.0, frames_between=2)
    a = [1000.0, 400.0, 1040.0, 500.0]
    seen: list[Tracks] = []
    hidden_ids: list[frozenset[int]] = []
    for step in range(8):
        frame = 2 * step
        b_left = 940.0 + 12 * step  # behind A at steps 4 and 5 (x 988-1028 and 1000-1040)
        people = [a] if step in (4, 5) else [a, [b_left, 402.0, b_left + 40, 502.0]]
        seen.append(tracker.update(_players(frame, people)))
        hidden_ids.append(tracker.hidden_now)
    tracks = Tracks.concat(seen)
    b_id = int(tracks[tracks.frame == 0].track_id[np.argmin(tracks[tracks.frame == 0].xyxy[:, 0])])
    # Said, so that his rows there do not vote on his team with the shirt of the one in front
    assert [b_id in ids for ids in hidden_ids] == [False] * 4 + [True, True] + [False] * 2
    b_rows = tracks[tracks.track_id == b_id]
    assert sorted(b_rows.frame.tolist()) == list(range(0, 16, 2))  # never lost, though unseen twice
    hidden = b_rows[np.isin(b_rows.frame, [8, 10])]
    assert np.all(np.abs(hidden.xyxy[:, 0] - np.array([988.0, 1000.0])) < 12)  # where he ran to
    assert np.all(hidden.conf < 0.8)  # and less sure than a detection
    assert hidden.hidden.all() and not b_rows[~np.isin(b_rows.frame, [8, 10])].hidden.any()  # guesses, said

    alone = PeopleTracker(15.0, frames_between=2)
    for step in range(6):
        people = [a] + ([[300.0 + 12 * step, 402.0, 340.0 + 12 * step, 502.0]] if step < 4 else [])
        found = alone.update(_players(2 * step, people))
    assert len(found) == 1  # lost on open grass: gone, not guessed


def test_a_player_unseen_a_moment_keeps_his_track_from_one_lost_for_a_second() -> None:
    """A runs to the right and is lost for a second (twelve detected frames) on open grass; B runs to
    the left, is missed once, and is seen again stopped, short of where his motion would put him,
    and 3 px from where A's motion model has carried A's box. The detection is B's: his track,
    unseen a moment, not A's, unseen for a second."""
    tracker = PeopleTracker(25.0, frames_between=1)
    seen = []
    for step in range(26):
        b_left = 500.0 - 4 * min(step, 21)  # stopped at x 416 when seen again at step 22
        a_left = 419.0 - 8 * (22 - step)  # lost from step 10; carried at 8 px a step, at x 419 by step 22
        people = ([[a_left, 400.0, a_left + 20, 460.0]] if step < 10 else []) + (
            [[b_left, 400.0, b_left + 20, 460.0]] if step != 21 else []
        )
        seen.append(tracker.update(_players(step, people)))
    tracks = Tracks.concat(seen)
    b_id = int(tracks[(tracks.frame == 0) & (tracks.xyxy[:, 0] == 500.0)].track_id[0])
    assert tracks[(tracks.frame >= 22) & ~tracks.hidden].track_id.tolist() == [b_id] * 4


def test_a_hidden_players_row_does_not_vote_on_his_team_with_anothers_shirt() -> None:
    from tracking.pipeline import shirt_colours

    picture = np.zeros((200, 200, 3), np.uint8)
    picture[20:120, 20:60] = (200, 30, 30)  # a red shirt in front; behind him, unseen, a blue one
    rows = Tracks.build(
        frame=[4, 4, 2],
        xyxy=[[20, 20, 60, 120], [22, 20, 62, 120], [20, 20, 60, 120]],
        conf=[0.8, 0.4, 0.8],
        cls=[CLASS_CODES["player"]] * 3,
        track_id=[1, 2, 3],
    )
    colours = shirt_colours(picture, rows, frame=4, hidden=frozenset({2}))
    assert not np.isnan(colours[0]).any()  # the red shirt seen, for the red player
    assert np.isnan(colours[1]).all()  # nothing for the hidden one: the red shirt is not his
    assert np.isnan(colours[2]).all()  # nor for a row of another frame (a first sighting)


def test_tracks_cached_by_an_older_pipeline_are_not_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same clip, weights and settings give other tracks once the pipeline changes."""
    import tracking.pipeline as pipeline
    from tracking.settings import TrackingSettings

    video, weights = tmp_path / "clip.mp4", tmp_path / "weights.pt"
    video.write_bytes(b"a clip")
    weights.write_bytes(b"some weights")
    now = pipeline.cache_path(video, weights, TrackingSettings(), None)
    monkeypatch.setattr(pipeline, "PIPELINE_VERSION", pipeline.PIPELINE_VERSION - 1)
    assert pipeline.cache_path(video, weights, TrackingSettings(), None) != now
