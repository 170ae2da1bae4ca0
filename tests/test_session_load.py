"""A coach's session seen as load: tracks named as athletes with one click each, names carried across
breaks and crossings, and each athlete's external load from the video.

The sample match's ground truth holds every player's position in every frame, so the load from the
tracked video is compared with the load of the true positions (``bench/bench_session_load.py``
prints the figures per player)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from athletes.video_session.pitch import read_angle_pitch
from matchdesk.errors import MatchdeskError
from matchdesk.sample.match import SampleMatch
from tracking.evaluate import whose
from tracking.external_load import LoadThresholds, external_load
from tracking.foot_points import foot_points
from tracking.shirt_swaps import detours, repair_shirt_swaps, split_off
from tracking.teams import TeamColours
from tracking.track_names import TrackNames
from tracking.tracks import CLASS_CODES, Tracks
from var.media import picture_size

RATE = Fraction(25)


def _run(pieces: list[tuple[float, float]], top_acceleration: float = 5.0) -> np.ndarray:
    """Positions at 25 fps along x: each piece is (seconds, metres per second); the speed changes from
    one piece's to the next at ``top_acceleration`` m/s^2 at most, as a footballer's does."""
    wanted = np.concatenate([np.full(int(seconds * 25), speed) for seconds, speed in pieces])
    speeds, most = wanted.copy(), top_acceleration / 25
    for i in range(1, len(speeds)):
        speeds[i] = speeds[i - 1] + np.clip(wanted[i] - speeds[i - 1], -most, most)
    x = np.concatenate([[0.0], np.cumsum(speeds / 25)])
    return np.column_stack([x, np.zeros_like(x)])


def _metres_above(positions: np.ndarray, kmh: float) -> float:
    """The metres of a :func:`_run` covered above ``kmh``: what the load should count."""
    steps = np.diff(positions[:, 0])
    return float(steps[steps * 25 * 3.6 > kmh].sum())


def test_a_run_with_a_sprint_gives_distance_high_speed_sprint_and_the_accelerations() -> None:
    # Jog 4 s at 3 m/s, burst to 8 m/s (28.8 km/h) for 3 s, 6 m/s (21.6 km/h) for 2 s, walk 3 s at 1 m/s.
    positions = _run([(4, 3.0), (3, 8.0), (2, 6.0), (3, 1.0)])
    load = external_load(np.arange(len(positions)), positions, RATE)
    assert load.tracked_s == pytest.approx(12.0)
    assert load.distance_m == pytest.approx(positions[-1, 0], rel=0.02)
    assert load.metres_per_minute == pytest.approx(60 * load.distance_m / 12)
    assert load.sprint_m == pytest.approx(_metres_above(positions, 25.2), rel=0.08) and load.sprints == 1
    assert load.hsr_m == pytest.approx(_metres_above(positions, 19.8), rel=0.08)
    assert load.top_speed_kmh == pytest.approx(28.8, abs=0.5)
    # An acceleration or deceleration is beyond 3 m/s^2 for half a second or more: the burst from 3 to
    # 8 m/s and the stop from 6 to 1 m/s are; easing from 8 to 6 m/s (2 m/s all told) is not.
    assert load.accelerations == 1 and load.decelerations == 1
    # A youth squad's own thresholds: the 6 m/s stretch is a sprint too.
    youth = external_load(np.arange(len(positions)), positions, RATE, LoadThresholds(18.0, 21.0))
    assert youth.sprint_m == pytest.approx(_metres_above(positions, 21.0), rel=0.08)


def test_a_player_standing_while_his_foot_point_jitters_is_not_running() -> None:
    # Eight seconds standing still; the tracked foot point jitters by 15 cm a frame (a box's bottom edge
    # moves with his legs and with neighbours' boxes). Summed frame to frame that would be 20 m or more;
    # the load counts well under two metres, and no high-speed running.
    rng = np.random.default_rng(7)
    positions = np.array([50.0, 30.0]) + rng.normal(0.0, 0.15, (200, 2))
    load = external_load(np.arange(200), positions, RATE)
    assert np.linalg.norm(np.diff(positions, axis=0), axis=1).sum() > 20
    assert load.distance_m < 2.0 and load.hsr_m == 0.0 and load.top_speed_kmh < 7.0


def test_a_glimpse_too_short_to_filter_still_counts_its_straight_run() -> None:
    # Six frames of a player crossing the picture's edge at 5 m/s: a fifth of a second, one metre.
    positions = _run([(1, 5.0)])[:6]
    load = external_load(np.arange(6), positions, RATE)
    assert load.distance_m == pytest.approx(1.0, rel=0.02)
    assert load.top_speed_kmh == pytest.approx(18, rel=0.02)


def test_a_hidden_players_guessed_boxes_are_not_counted_as_running() -> None:
    # Behind another player for 16 frames, his box is where the tracker's motion model guesses, drifting
    # a metre and a half and back; the load takes the straight way across, as it does across a missed frame.
    positions = _run([(4, 5.0)])  # 100 frames at 5 m/s: 20 m
    frames = np.arange(len(positions))
    hidden = (frames >= 40) & (frames < 56)
    guessed = positions.copy()
    guessed[hidden, 1] += 1.5 * np.sin(np.linspace(0, np.pi, hidden.sum()))
    rows = Tracks.build(
        frame=frames, xyxy=np.zeros((len(frames), 4)), conf=np.ones(len(frames)), cls=np.zeros(len(frames)),
        pitch_xy=guessed, hidden=hidden,
    )  # fmt: skip
    seen = rows.seen()
    assert len(seen) == len(frames) - 16
    load = external_load(seen.frame, seen.pitch_xy, RATE)
    assert load.distance_m == pytest.approx(20.0, rel=0.01) and load.hsr_m == 0.0
    guessed_load = external_load(rows.frame, rows.pitch_xy, RATE)  # what the guesses would add
    assert guessed_load.distance_m > 20.3 and guessed_load.hsr_m > 1.0


def test_time_out_of_the_picture_counts_nothing() -> None:
    positions = _run([(10, 5.0)])
    frames = np.arange(len(positions))
    seen = (frames < 100) | (frames >= 200)  # out of the picture from 4 s to 8 s
    load = external_load(frames[seen], positions[seen], RATE)
    assert load.tracked_s == pytest.approx(6.0, abs=0.1)
    assert load.distance_m == pytest.approx(30.0, rel=0.03)  # not the 20 m run while unseen


def synthetic_player(track: int, frames: range, x0: float, dx: float, team: int = -1) -> Tracks:
    """Track ``track``: a 20 x 60 px player of ``team`` (-1: not told) from ``x0``, moving ``dx`` px a
    frame, on ``frames``."""
    n = len(frames)
    x = x0 + dx * np.arange(n)
    boxes = np.column_stack([x - 10, np.full(n, 100.0), x + 10, np.full(n, 160.0)]).astype(np.float32)
    built = Tracks.build(
        frame=np.array(frames, np.int64),
        xyxy=boxes,
        conf=np.full(n, 0.9, np.float32),
        cls=np.full(n, CLASS_CODES["player"], np.int8),
        team=np.full(n, team, np.int8),
    )
    built.track_id = np.full(n, track, np.int64)
    return built


def test_a_name_given_once_is_carried_across_a_break_and_two_candidates_are_asked() -> None:
    tracks = Tracks.concat(
        [
            synthetic_player(1, range(0, 50), 100, 2),  # An, running right; hidden from frame 50
            synthetic_player(2, range(60, 120), 220, 2),  # where An was heading: he again
            synthetic_player(3, range(0, 120), 800, 0),  # Bình, standing
            synthetic_player(4, range(125, 200), 780, 0),  # Bình after a break, ...
            synthetic_player(5, range(125, 200), 820, 0),  # ... or the player beside him
        ]
    )
    names = TrackNames(tracks, 25.0)
    assert names.assign(10, (121, 130), "Nguyễn Văn An") == 1
    assert names.tracks_of("Nguyễn Văn An") == [1, 2]
    names.assign(20, (800, 130), "Trần Thị Bình")
    (question,) = names.questions
    assert question.athlete == "Trần Thị Bình" and set(question.candidates) == {4, 5}
    names.answer(question, 4)
    assert names.tracks_of("Trần Thị Bình") == [3, 4] and not names.questions
    with pytest.raises(MatchdeskError, match="cannot be two players"):
        names.assign(130, (820, 130), "Trần Thị Bình")  # seen beside himself
    with pytest.raises(MatchdeskError, match="no player tracked at"):
        names.assign(20, (1000, 400), "Lê Văn Cường")


def test_a_name_passes_over_a_player_of_the_other_team_to_the_players_own_new_track() -> None:
    # An (team 0) is hidden from frame 50; an opponent's track starts right where he was heading, and a
    # track of his team, his own new one, a third of a player's height further on: it takes his name.
    tracks = Tracks.concat(
        [
            synthetic_player(1, range(0, 50), 100, 2, team=0),
            synthetic_player(2, range(60, 120), 220, 2, team=1),  # the opponent marking him
            synthetic_player(3, range(60, 120), 240, 2, team=0),  # An again
        ]
    )
    names = TrackNames(tracks, 25.0)
    names.assign(10, (121, 130), "Nguyễn Văn An")
    assert names.tracks_of("Nguyễn Văn An") == [1, 3] and not names.questions


def test_a_name_passes_to_the_track_that_starts_while_the_ended_one_is_still_guessing() -> None:
    # An is hidden from frame 50: his track goes on for 12 frames as the motion model's guesses, and the
    # tracker starts a new track on him at frame 56, among those guesses. His track ended where he was
    # last seen, so the new one takes his name; his rows are the seen ones and the guesses before frame 56.
    ended = synthetic_player(1, range(0, 62), 100, 2)
    ended.hidden = np.arange(62) >= 50
    tracks = Tracks.concat([ended, synthetic_player(2, range(56, 120), 212, 2)])
    names = TrackNames(tracks, 25.0)
    names.assign(10, (121, 130), "Nguyễn Văn An")
    assert names.tracks_of("Nguyễn Văn An") == [1, 2]
    rows = names.rows_of("Nguyễn Văn An")
    assert len(rows) == len(np.unique(rows.frame)) == 120  # one row a frame
    assert rows.hidden.sum() == 6  # frames 50-55, before the new track saw him


def test_two_players_of_either_team_whose_tracks_swapped_where_they_crossed_get_them_back() -> None:
    teams = TeamColours(np.array([[200, 128, 128], [100, 170, 160]], np.float32), typical=5.0)
    white, red, mixed = [200.0, 128, 128], [100.0, 170, 160], [150.0, 150, 145]
    frames = np.tile(np.arange(0, 60, 2), 2)
    ids = np.repeat([1, 2], 30)
    # Track 1 follows the white player, then (from frame 30) the red one; track 2 the other way round,
    # with a frame of both shirts as they cross.
    colours = np.array(
        [white if f < 30 else red for f in range(0, 60, 2)]
        + [red if f < 30 else white for f in range(0, 60, 2)]
    )
    colours[np.flatnonzero((ids == 2) & (frames == 30))] = mixed
    repaired = repair_shirt_swaps(ids, frames, colours, teams)
    assert set(repaired[ids == 1][frames[ids == 1] < 30]) == {1}
    assert set(repaired[(ids == 2) & (frames > 30)]) == {1}  # the white player's track goes on
    assert set(repaired[(ids == 1) & (frames >= 30)]) == {2}
    alone = repair_shirt_swaps(ids[ids == 1], frames[ids == 1], colours[ids == 1], teams)
    assert set(alone[frames[ids == 1] >= 30]) == {2}  # no other half: the tail is a track of its own


def test_a_track_that_strays_onto_a_player_of_the_other_team_for_a_moment_gives_those_frames_back() -> None:
    teams = TeamColours(np.array([[200, 128, 128], [100, 170, 160]], np.float32), typical=5.0)
    white, red, mixed = [200.0, 128, 128], [100.0, 170, 160], [150.0, 150, 145]
    shirts = [white] * 10 + [mixed, red, red, red, mixed] + [white] * 10  # hidden behind a red player
    frames = np.arange(0, 2 * len(shirts), 2)
    him = np.tile([100.0, 100, 120, 160], (len(shirts), 1))
    # The red player he passes behind, tracked too: his box over the white one's at frames 20-28.
    red_player = np.tile([104.0, 98, 124, 158], (5, 1))
    ids = np.concatenate([np.ones(len(shirts), np.int64), np.full(5, 2)])
    both_frames = np.concatenate([frames, frames[10:15]])
    both_shirts = np.array(shirts + [red] * 5)
    (strayed,) = detours(ids, both_frames, both_shirts, teams, np.concatenate([him, red_player]))
    assert list(strayed) == [10, 11, 12, 13, 14]
    assert set(split_off(ids, [strayed])[strayed]) == {3}  # the red player's, on a track of their own
    # With no one there, the same shirts are misread, not a detour.
    assert detours(ids[: len(shirts)], frames, np.array(shirts), teams, him) == []
    long_stay = [white] * 10 + [red] * 6
    assert detours(np.ones(16, np.int64), np.arange(16), np.array(long_stay), teams, him[:16]) == []


def test_on_the_sample_match_each_player_named_once_keeps_his_name(
    sample_match: SampleMatch, sample_wide_tracks: Path
) -> None:
    """Each player is clicked once, on the first frame he stands clear of the others; his name must
    stay on him (by the ground truth's boxes), and never go over to a player of the other team."""
    tracks = Tracks.read_parquet(sample_wide_tracks)
    truth = sample_match.ground_truth
    wide = truth[(truth.camera == "cam1_wide") & truth.kind.isin(["player", "goalkeeper"]) & truth.visible]
    names = TrackNames(tracks, 25.0)
    for object_id in np.unique(wide.object_id):
        clear = sample_match.clear_view("cam1_wide", int(object_id))
        if clear is not None:  # the coach clicks each player once, where he stands clear of others
            names.assign(
                int(clear.camera_frame),
                ((clear.x1 + clear.x2) / 2, (clear.y1 + clear.y2) / 2),
                str(object_id),
            )
    kept = other_team = 0
    teams = wide.drop_duplicates("object_id").set_index("object_id").team
    for object_id in teams.index:
        mine = names.rows_of(str(object_id))
        who = whose(mine, wide)
        wrong = int((who != object_id).sum())
        wrong_team = int((teams.reindex(who).to_numpy() != teams[object_id]).sum())
        kept += wrong <= 0.05 * max(1, len(np.unique(mine.frame)))
        other_team += wrong_team > 10
    # Today all 21 keep it on 95 % of their frames or more (20 until a track lost for a second stopped
    # taking a team-mate's detection from his own track, lost a moment: Away #3 went on as Away #7).
    # One is allowed for another processor's or library's detections.
    assert kept >= 20, f"{kept} of {len(teams)} players keep their name"
    assert other_team == 0  # no name goes over to a player of the other team where two cross


def test_on_the_sample_match_home_2_leaving_at_the_bottom_is_placed_where_he_is(
    sample_match: SampleMatch, sample_wide_tracks: Path
) -> None:
    """Home #2 leaves the wide camera's picture at its bottom left (frames 134-138): his box's bottom
    edge stays on the last row while he walks on, 0.5-0.8 m away on the pitch."""
    seen = Tracks.read_parquet(sample_wide_tracks).seen()
    truth = sample_match.ground_truth
    wide = truth[(truth.camera == "cam1_wide") & truth.visible]
    home_2 = wide[(wide.team == "home") & (wide.number.astype(str) == "2")].set_index("camera_frame")
    true_middle = ((home_2.x1 + home_2.x2) / 2).reindex(seen.frame).to_numpy()
    his = np.abs((seen.xyxy[:, 0] + seen.xyxy[:, 2]) / 2 - true_middle) < 10
    width, height = picture_size(sample_match.camera_path("cam1_wide"))
    cut = seen[his & (seen.xyxy[:, 3] >= height - 1) & (seen.frame >= 130)]
    assert len(np.unique(cut.track_id)) == 1 and len(cut) >= 3
    own = seen[seen.track_id == cut.track_id[0]]
    pitch = read_angle_pitch(sample_match.folder / "homographies.parquet", "cam1_wide")
    placed = pitch.to_pitch(own.frame, foot_points(own.frame, own.xyxy, (width, height), 25.0))
    bottom_edge = pitch.to_pitch(own.frame, own.feet)
    rows = np.isin(own.frame, cut.frame)
    true = home_2.loc[own.frame[rows], ["pitch_x", "pitch_y"]].to_numpy()
    assert np.linalg.norm(placed[rows] - true, axis=1).max() < 0.4
    assert np.linalg.norm(bottom_edge[rows] - true, axis=1).max() > 0.5  # what the bottom edge said
