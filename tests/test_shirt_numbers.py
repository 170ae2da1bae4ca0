"""Shirt numbers tell a coach's players apart after a break: the number is read off each track's torso
with the OCR model inside RapidOCR's wheel, and a track wearing an athlete's number takes his name."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.conftest import shared_file
from tests.test_session_load import synthetic_player
from tracking.pipeline import track_video
from tracking.settings import TrackingSettings
from tracking.shirt_numbers import NumberReader, agreed_number, read_track_numbers, torso
from tracking.track_names import TrackNames
from tracking.tracks import Tracks

WEIGHTS = "models/yolo11n-pose.pt"


def _keypoints(shoulders_y: float, hips_y: float, left: float, right: float) -> np.ndarray:
    points = np.full((17, 3), np.nan, np.float32)
    points[[5, 6, 11, 12]] = [
        [left, shoulders_y, 0.9],
        [right, shoulders_y, 0.9],
        [left + 2, hips_y, 0.9],
        [right - 2, hips_y, 0.9],
    ]
    return points


def test_a_number_on_the_back_of_a_shirt_is_read_by_the_model_the_wheel_carries() -> None:
    picture = np.full((200, 200, 3), (60, 140, 60), np.uint8)  # grass
    cv2.rectangle(picture, (70, 50), (130, 120), (150, 20, 40), -1)  # a maroon shirt, 70 px shoulders to hips
    cv2.putText(picture, "23", (78, 105), cv2.FONT_HERSHEY_DUPLEX, 1.4, (245, 245, 245), 4)
    picture = cv2.GaussianBlur(picture, (3, 3), 0)  # a camera's softness
    crop = torso(picture, _keypoints(50, 120, 72, 128))
    assert crop is not None and crop.shape[0] == 70
    text, score = NumberReader().read(crop)
    assert text == "23" and score >= 0.8


def test_a_torso_the_pose_model_did_not_see_or_too_small_to_show_a_number_is_not_read() -> None:
    picture = np.zeros((200, 200, 3), np.uint8)
    unseen = _keypoints(50, 120, 72, 128)
    unseen[11, 2] = 0.1  # a hip hidden
    assert torso(picture, unseen) is None
    assert torso(picture, _keypoints(50, 60, 72, 128)) is None  # 10 px: a number would be a smudge


def test_a_tracks_reads_agree_on_its_number_or_leave_it_to_the_coach() -> None:
    assert agreed_number([("2", 0.99)] * 5 + [("", 0.0)] * 3).number == "2"
    # A fold hides one digit of 22 more often than the recogniser adds one: the partial reads count for it.
    assert agreed_number([("22", 1.0), ("2", 0.96), ("2", 0.81)]).number == "22"
    # Two numbers once each, a lone read, weak reads, or letters: not known.
    assert agreed_number([("17", 0.9), ("2", 0.9)]).number is None
    assert agreed_number([("28", 0.95)]).number is None
    assert agreed_number([("1", 0.7), ("1", 0.75), ("1", 0.6)]).number is None  # a plain dark shirt
    assert agreed_number([("S", 0.9), ("家", 0.9)]).number is None
    reading = agreed_number([("9", 0.9)] * 3)
    assert reading.wears("9") and not reading.contradicts("9") and reading.contradicts("6")
    assert not agreed_number([]).contradicts("6")  # unread is no evidence either way


def test_on_a_real_replay_the_full_backs_2_and_the_substitutes_37_are_read_and_no_wrong_number() -> None:
    """Burnley v Arsenal, the tight replay of the foul: Burnley's #2 (white on maroon) throughout, #37
    walking in at the end; Arsenal's #17 is red on yellow and too faint to read for certain."""
    video = shared_file("clips/fb_foul_multiview_burnley_arsenal_view2.mp4")
    weights = shared_file(WEIGHTS)
    tracks, _ = track_video(video, weights, TrackingSettings())
    numbers = read_track_numbers(video, tracks)
    first = tracks.at(0)
    full_back = int(first.track_id[np.argmax((first.xyxy[:, 0] < 145) & (first.xyxy[:, 2] > 145))])
    assert numbers[full_back].number == "2"
    read = {r.number for r in numbers.values()} - {None}
    assert read == {"2", "37"}


def _players(*parts: Tracks, teams: dict[int, int]) -> Tracks:
    tracks = Tracks.concat(list(parts))
    tracks.team = np.array([teams[int(t)] for t in tracks.track_id], np.int8)
    return tracks


def test_after_a_break_the_one_wearing_the_athletes_number_takes_his_name_however_close_the_other() -> None:
    tracks = _players(
        synthetic_player(3, range(0, 120), 800, 0),  # Bình, standing
        synthetic_player(4, range(125, 200), 780, 0),  # after a break, one of two players beside
        synthetic_player(5, range(125, 200), 820, 0),  # each other where Bình stood
        teams={3: 0, 4: 0, 5: 0},
    )
    without = TrackNames(tracks, 25.0)
    without.assign(20, (800, 130), "Trần Thị Bình")
    assert without.questions  # the coach would be asked
    numbers = {5: agreed_number([("4", 0.95)] * 3), 4: agreed_number([("9", 0.9)] * 3)}
    names = TrackNames(tracks, 25.0, numbers=numbers, shirt_numbers={"Trần Thị Bình": "4"})
    names.assign(20, (800, 130), "Trần Thị Bình")
    assert names.tracks_of("Trần Thị Bình") == [3, 5] and not names.questions
    # The number of the one beside him is read as 9 and Bình's as nothing: he is asked, not guessed.
    unsure = TrackNames(tracks, 25.0, numbers={4: numbers[4]}, shirt_numbers={"Trần Thị Bình": "4"})
    unsure.assign(20, (800, 130), "Trần Thị Bình")
    assert unsure.tracks_of("Trần Thị Bình") == [3, 5] and not unsure.questions  # 4 is someone else


def test_a_player_back_in_the_picture_is_named_by_his_number_and_an_opponent_wearing_it_is_not() -> None:
    tracks = _players(
        synthetic_player(1, range(0, 50), 100, 2),  # An (home, 7) runs out of the picture
        synthetic_player(6, range(200, 300), 900, -1),  # a home 7 comes back on the far side, 6 s later
        synthetic_player(7, range(150, 300), 400, 0),  # the away 7
        synthetic_player(8, range(60, 140), 500, 0),  # a home player seen while An is away: not him
        teams={1: 0, 6: 0, 7: 1, 8: 0},
    )
    seven = agreed_number([("7", 0.99)] * 4)
    numbers = {6: seven, 7: seven, 8: agreed_number([])}
    names = TrackNames(tracks, 25.0, numbers=numbers, shirt_numbers={"Nguyễn Văn An": "7"})
    names.assign(10, (121, 130), "Nguyễn Văn An")
    assert names.tracks_of("Nguyễn Văn An") == [1, 6]


def test_a_coach_gives_the_squads_numbers_and_the_session_reads_them_off_its_tracks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from athletes.video_session.folder import load_session
    from matchdesk.cli import main

    video = shared_file("clips/fb_foul_multiview_burnley_arsenal_view2.mp4")
    weights = shared_file(WEIGHTS)
    folder = tmp_path / "session"
    squad = ["--athletes", "Kieran Trippier", "Michael Keane"]
    given = [*squad, "--shirt", "Kieran Trippier=2", "Michael Keane=5"]
    assert main(["session", "new", str(folder), "--team", "Burnley", "--date", "2015-04-11",
                 "--video", str(video), *given]) == 0  # fmt: skip
    assert load_session(folder).shirt_numbers == {"Kieran Trippier": "2", "Michael Keane": "5"}
    capsys.readouterr()
    assert main(["session", "assign", str(folder), "--frame", "0", "--at", "145,140",
                 "--athlete", "Kieran Trippier", "--weights", str(weights)]) == 0  # fmt: skip
    (track,) = capsys.readouterr().out.split("track ")[1].split()
    numbers_file = folder / "tracks" / f"{video.stem}.numbers.json"
    kept = json.loads(numbers_file.read_text(encoding="utf-8"))
    assert kept["numbers"][track]["number"] == "2"  # read once, kept beside the tracks
    # The kept numbers are damaged (a copy cut short): they are read off the video again, not refused.
    numbers_file.write_text(numbers_file.read_text(encoding="utf-8")[:40], encoding="utf-8")
    assert main(["session", "assign", str(folder), "--frame", "0", "--at", "145,140",
                 "--athlete", "Kieran Trippier", "--weights", str(weights)]) == 0  # fmt: skip
    assert json.loads(numbers_file.read_text(encoding="utf-8")) == kept


@pytest.mark.parametrize(
    ("shirt", "problem"),
    [("Kieran Trippier=two", "one or two digits"), ("Danny Ings=9", "not in the squad"),
     ("Kieran Trippier", "NAME=NUMBER")],
)  # fmt: skip
def test_a_shirt_number_that_is_no_number_or_of_no_one_in_the_squad_is_refused(
    tmp_path: Path, shirt: str, problem: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from matchdesk.cli import main

    video = shared_file("clips/fb_foul_multiview_burnley_arsenal_view2.mp4")
    folder = tmp_path / "session"
    code = main(["session", "new", str(folder), "--team", "Burnley", "--date", "2015-04-11",
                 "--video", str(video), "--athletes", "Kieran Trippier", "--shirt", shirt])  # fmt: skip
    assert code != 0 and problem in capsys.readouterr().err
    assert not folder.exists()
