"""The sample match that ships with matchdesk: three cameras of one scripted match, with ground truth."""

from __future__ import annotations

import hashlib
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from matchdesk.cli import main
from matchdesk.sample.framestamp import read_frame_number
from matchdesk.sample.match import SampleMatch
from var.media import open_video

WHISTLE_HZ = 3150


def test_three_cameras_of_the_same_match_start_at_different_moments(sample_match: SampleMatch) -> None:
    cameras = sample_match.manifest["cameras"]
    assert [c["name"] for c in cameras] == ["cam1_wide", "cam2_tight", "cam3_behind_goal"]
    assert len({c["start_frame"] for c in cameras}) == 3
    for camera in cameras:
        with open_video(sample_match.camera_path(camera["name"]), read_ahead=0) as video:
            assert video.info.frame_count == camera["frames"] == 300
            assert video.info.frame_rate == Fraction(25)
            assert (video.info.width, video.info.height) == (camera["width"], camera["height"])
            for index in (0, 1, 149, 299):
                assert read_frame_number(np.asarray(video.frame(index))) == index


def test_two_teams_a_referee_and_a_ball_are_on_the_pitch(sample_match: SampleMatch) -> None:
    people = sample_match.manifest["people"]
    teams = [p["team"] for p in people if p["kind"] in ("player", "goalkeeper")]
    assert teams.count("home") == teams.count("away") == 11
    assert [p["kind"] for p in people].count("referee") == 1
    assert [p["kind"] for p in people].count("ball") == 1


def test_ground_truth_boxes_stand_where_the_homography_puts_the_feet(sample_match: SampleMatch) -> None:
    truth = sample_match.ground_truth
    for camera in ("cam1_wide", "cam2_tight", "cam3_behind_goal"):
        for camera_frame in (0, 120, 250):
            homography = sample_match.homography(camera, camera_frame)
            rows = truth[
                (truth.camera == camera)
                & (truth.camera_frame == camera_frame)
                & truth.visible
                & truth.kind.isin(["player", "goalkeeper", "referee"])
            ]
            standing = rows[~rows.lying]  # not the fouled player on the grass
            inside = standing[(standing.x1 > 1) & (standing.x2 < 959) & (standing.y2 < 539)]
            assert len(inside) >= 5
            for row in inside.itertuples():
                feet = homography @ np.array([row.pitch_x, row.pitch_y, 1.0])
                feet = feet[:2] / feet[2]
                # Perspective leans players a little, so the bottom-centre is near the feet, not on them.
                assert abs(feet[0] - (row.x1 + row.x2) / 2) < 0.2 * (row.x2 - row.x1) + 1
                assert abs(feet[1] - row.y2) < 0.1 * (row.y2 - row.y1) + 1


def test_the_scripted_offside_is_sixty_centimetres(sample_match: SampleMatch) -> None:
    event = next(e for e in sample_match.manifest["events"] if e["type"] == "offside")
    truth = sample_match.ground_truth
    at_pass = truth[(truth.camera == "cam1_wide") & (truth.match_frame == event["frame"])].set_index(
        "object_id"
    )
    attacker_x = at_pass.loc[event["attacker"], "pitch_x"]
    defenders = at_pass[(at_pass.team == "away")].pitch_x.sort_values(ascending=False)
    second_last = defenders.iloc[1]
    assert at_pass.loc[event["second_last_defender"], "pitch_x"] == second_last
    assert attacker_x - second_last == pytest.approx(0.60, abs=0.011)
    ball_x = at_pass[at_pass.kind == "ball"].pitch_x.iloc[0]
    assert attacker_x > ball_x  # ahead of the ball: an offside position


def whistle_onset_seconds(path: Path, after: float) -> float:
    """When the referee's whistle (about 3.15 kHz) starts in a camera's sound, after ``after`` seconds."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        rate = stream.rate
        samples = np.concatenate([frame.to_ndarray().mean(axis=0) for frame in container.decode(stream)])
    hop = rate // 200  # 5 ms
    window = hop * 4
    starts = np.arange(int(after * rate), len(samples) - window, hop)
    frequencies = np.fft.rfftfreq(window, 1 / rate)
    band = (frequencies > WHISTLE_HZ - 150) & (frequencies < WHISTLE_HZ + 150)
    energy = np.array(
        [np.abs(np.fft.rfft(samples[s : s + window] * np.hanning(window)))[band].sum() for s in starts]
    )
    onset = int(np.argmax(energy > energy.max() * 0.3))
    return float(starts[onset] + window / 2) / rate


def test_every_camera_hears_the_foul_whistle_at_the_same_match_moment(sample_match: SampleMatch) -> None:
    foul = next(e for e in sample_match.manifest["events"] if e["type"] == "foul")
    for camera in sample_match.manifest["cameras"]:
        start_seconds = camera["start_frame"] / 25
        heard = whistle_onset_seconds(
            sample_match.camera_path(camera["name"]), foul["whistle_seconds"] - start_seconds - 0.5
        )
        assert heard + start_seconds == pytest.approx(foul["whistle_seconds"], abs=0.03), camera["name"]


def test_render_command_regenerates_the_sample_byte_for_byte(
    sample_match: SampleMatch, tmp_path: Path
) -> None:
    assert main(["sample", "render", "--out", str(tmp_path)]) == 0
    rendered = sorted(p.name for p in tmp_path.iterdir())
    assert rendered == sorted(
        [
            "cam1_wide.mp4",
            "cam2_tight.mp4",
            "cam3_behind_goal.mp4",
            "match.json",
            "ground_truth.parquet",
            "homographies.parquet",
        ]
    )
    committed = rendered
    for name in committed:
        assert (
            hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()
            == hashlib.sha256((sample_match.folder / name).read_bytes()).hexdigest()
        ), name
