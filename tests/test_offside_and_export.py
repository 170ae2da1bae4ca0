"""The offside line on the sample match's scripted 60 cm offside, and the evidence a referee exports."""

from __future__ import annotations

import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from pypdf import PdfReader

from matchdesk.sample.framestamp import read_frame_number
from matchdesk.sample.match import SampleMatch
from matchdesk.sample.var_demo import feet, visible_template_clicks
from var.media import open_video
from var.offside import Calibration, CalibrationError, calibrate, offside_lines
from var.review_log import verify
from var.signing import fingerprint

Point = tuple[float, float]


@pytest.fixture(scope="module")
def offside_event(sample_match: SampleMatch) -> dict[str, int]:
    return next(e for e in sample_match.manifest["events"] if e["type"] == "offside")


def scripted_offside(
    sample_match: SampleMatch, event: dict[str, int]
) -> tuple[Calibration, tuple[float, float], tuple[float, float]]:
    """The wide camera calibrated at the scripted pass, and the attacker's and defender's feet."""
    frame = event["frame"]  # cam1 starts at match frame 0
    calibration = calibrate(visible_template_clicks(sample_match, "cam1_wide", frame))
    attacker = feet(sample_match, "cam1_wide", frame, event["attacker"])
    defender = feet(sample_match, "cam1_wide", frame, event["second_last_defender"])
    return calibration, attacker, defender


def test_the_offside_is_measured_to_within_a_few_centimetres(
    sample_match: SampleMatch, offside_event: dict[str, int]
) -> None:
    calibration, attacker, defender = scripted_offside(sample_match, offside_event)
    assert calibration.reprojection_error_px < 1.0
    lines = offside_lines(calibration, attacker, defender, attack_direction=1)
    assert lines.distance_cm == pytest.approx(60, abs=3)
    assert lines.offside
    # Each line is parallel to the goal line on the pitch: it ends on both touchlines at the player's x.
    for line, player in (
        (lines.attacker_line, lines.attacker_pitch),
        (lines.defender_line, lines.defender_pitch),
    ):
        ends = [calibration.to_pitch(point) for point in line]
        assert ends[0][0] == pytest.approx(player[0], abs=1e-6) and ends[1][0] == pytest.approx(
            player[0], abs=1e-6
        )
        assert (ends[0][1], ends[1][1]) == pytest.approx((0.0, 68.0), abs=1e-6)


def test_lines_closer_than_the_measurement_can_tell_are_called_level(
    sample_match: SampleMatch, offside_event: dict[str, int]
) -> None:
    calibration, attacker, defender = scripted_offside(sample_match, offside_event)
    measured = offside_lines(calibration, attacker, defender, 1, frame_rate=Fraction(25))
    # A pixel at the players' distance, the clicks' error and a sprinter's half frame at 25 fps: a
    # few decimetres at most, and less than the scripted 60 cm.
    assert measured.uncertainty_cm is not None and 7 < measured.uncertainty_cm < 60
    assert measured.verdict == "offside position"
    # The attacker moved back until his line is 5 cm from the defender's: too close to call.
    ahead = calibration.to_pitch(defender)
    level = calibration.to_image((ahead[0] + 0.05, ahead[1]))
    close = offside_lines(calibration, level, defender, 1, frame_rate=Fraction(25))
    assert close.distance_cm == pytest.approx(5, abs=0.5)
    assert close.verdict == "level" and close.to_json_dict()["verdict"] == "level"
    # At 50 fps a player moves half as far between two frames: the doubt is smaller.
    faster = offside_lines(calibration, attacker, defender, 1, frame_rate=Fraction(50))
    assert faster.uncertainty_cm is not None and faster.uncertainty_cm < measured.uncertainty_cm


def test_attacking_the_other_way_turns_the_sign(
    sample_match: SampleMatch, offside_event: dict[str, int]
) -> None:
    calibration, attacker, defender = scripted_offside(sample_match, offside_event)
    assert offside_lines(calibration, attacker, defender, attack_direction=-1).distance_cm < 0


@pytest.mark.parametrize(
    ("clicks", "problem"),
    [
        ([("centre spot", (1.0, 1.0))] * 3, "at least 4"),
        (
            [
                ("centre spot", (1.0, 1.0)),
                ("corner x", (2.0, 2.0)),
                ("corner near left", (0.0, 0.0)),
                ("corner far left", (5.0, 5.0)),
            ],
            "not a pitch point: corner x",
        ),
        (
            [
                ("centre spot", (1.0, 1.0)),
                ("centre spot", (2.0, 2.0)),
                ("corner near left", (0.0, 0.0)),
                ("corner far left", (5.0, 5.0)),
            ],
            "clicked twice",
        ),
        (
            [
                ("halfway line near end", (0.0, 0.0)),
                ("centre spot", (1.0, 1.0)),
                ("halfway line far end", (2.0, 2.0)),
                ("centre circle near", (3.0, 3.0)),
            ],
            "do not fix the pitch",
        ),
    ],
)
def test_bad_calibrations_say_what_is_wrong(clicks: list[tuple[str, Point]], problem: str) -> None:
    with pytest.raises(CalibrationError, match=problem):
        calibrate(clicks)


def matchdesk(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "matchdesk", *arguments], capture_output=True, text=True, timeout=600
    )


@pytest.fixture
def decided_offside(sample_match: SampleMatch, offside_event: dict[str, int], tmp_path: Path) -> Path:
    """The whole VAR workflow through the command line, up to a signed decision."""
    review = tmp_path / "match.review"
    paths = map(str, sample_match.camera_paths)
    created = matchdesk(
        "var",
        "new",
        str(review),
        *paths,
        "--match",
        "Hà Nội FC v Công An Hà Nội",
        "--sync",
        "--reviewer",
        "Trần Thị Bình",
    )
    assert created.returncode == 0, created.stderr
    assert "offsets [0, 23, 47]" in created.stdout
    incident = matchdesk(
        "var",
        "incident",
        str(review),
        "--type",
        "offside",
        "--frames",
        "105-115",
        "--player",
        "Home 9",
        "--player",
        "Away 5",
        "--reviewer",
        "Trần Thị Bình",
    )
    assert incident.stdout.strip() == "7"
    frame = offside_event["frame"]
    points = [
        f"--point={name}={x:.0f},{y:.0f}"
        for name, (x, y) in visible_template_clicks(sample_match, "cam1_wide", frame)
    ]
    attacker = feet(sample_match, "cam1_wide", frame, offside_event["attacker"])
    defender = feet(sample_match, "cam1_wide", frame, offside_event["second_last_defender"])
    measured = matchdesk(
        "var",
        "offside",
        str(review),
        "7",
        "--angle",
        "1",
        "--frame",
        str(frame),
        *points,
        f"--attacker={attacker[0]},{attacker[1]}",
        f"--defender={defender[0]},{defender[1]}",
        "--direction",
        "1",
        "--reviewer",
        "Trần Thị Bình",
    )
    assert measured.returncode == 0, measured.stderr
    assert re.search(r"\+\d+\.\d ± \d+\.\d cm \(offside position\)", measured.stdout), measured.stdout
    decided = matchdesk(
        "var",
        "decide",
        str(review),
        "7",
        "--on-field",
        "goal",
        "--recommendation",
        "no goal",
        "--final",
        "Không công nhận bàn thắng: việt vị",
        "--reason",
        "Số 9 vượt 60 cm",
        "--reviewer",
        "Trần Thị Bình",
    )
    assert decided.returncode == 0, decided.stderr
    return review


def test_export_writes_a_clip_per_angle_a_split_screen_stills_and_a_report(
    decided_offside: Path, tmp_path: Path
) -> None:
    out = tmp_path / "evidence"
    result = matchdesk("export", str(decided_offside), "7", "--out", str(out), "--slow", "2", "--lang", "vi")
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        [
            "incident_7_angle1_cam1_wide.mp4",
            "incident_7_angle2_cam2_tight.mp4",
            "incident_7_angle3_cam3_behind_goal.mp4",
            "incident_7_splitscreen.mp4",
            "incident_7_angle1_frame110.png",
            "incident_7_angle2_frame87.png",
            "incident_7_angle3_frame63.png",
            "incident_7_report_vi.pdf",
        ]
    )
    # 11 frames at half speed, and the analysed frame held for one second.
    with open_video(out / "incident_7_angle2_cam2_tight.mp4", read_ahead=0) as clip:
        assert clip.info.frame_count == 11 * 2 + 25
        assert (clip.info.width, clip.info.height) == (960, 540)
        assert [read_frame_number(np.asarray(clip.frame(i))) for i in (0, 1, 2, 46)] == [82, 82, 83, 92]
    with open_video(out / "incident_7_splitscreen.mp4", read_ahead=0) as split:
        assert (split.info.width, split.info.height, split.info.frame_count) == (1920, 1080, 47)
    with open_video(out / "incident_7_angle1_cam1_wide.mp4", read_ahead=0) as wide:
        # The held, analysed frame carries the lines: red attacker's and blue defender's pixels appear.
        held = np.asarray(wide.frame(12 + 10)).astype(int)
        red = (held[..., 0] > 200) & (held[..., 1] < 90) & (held[..., 2] < 90)
        blue = (held[..., 2] > 220) & (held[..., 0] < 80) & (held[..., 1] > 100)
        assert red.sum() > 300 and blue.sum() > 300


def test_the_report_is_in_vietnamese_with_the_decision_and_its_signature(
    decided_offside: Path, tmp_path: Path
) -> None:
    out = tmp_path / "evidence"
    assert matchdesk("export", str(decided_offside), "7", "--out", str(out), "--lang", "vi").returncode == 0
    text = "\n".join(page.extract_text() for page in PdfReader(out / "incident_7_report_vi.pdf").pages)
    for expected in (
        "Biên bản sự việc VAR",
        "Hà Nội FC v Công An Hà Nội",
        "Việt vị",
        "Trần Thị Bình",
        "Không công nhận bàn thắng: việt vị",
        "cầu thủ tấn công vượt qua hậu vệ áp chót",
        "nguyên vẹn: 9 mục",
    ):
        assert expected in text, expected
    assert re.search(r"[+-]\d+\.\d ± \d+\.\d cm", text), "the margin is printed with its uncertainty"
    key = verify(decided_offside).signers[0]
    assert key == fingerprint_of(decided_offside)
    assert key in text.replace("\n", "")


def fingerprint_of(review: Path) -> str:
    from var.review_record import Review

    with Review.open(review) as opened:
        decision = opened.state().decision(7)  # type: ignore[arg-type]
    assert decision is not None
    return fingerprint(decision.public_key)


def test_exporting_an_unknown_incident_says_so(decided_offside: Path, tmp_path: Path) -> None:
    result = matchdesk("export", str(decided_offside), "42", "--out", str(tmp_path / "x"))
    assert result.returncode == 2
    assert result.stderr.strip().endswith("there is no incident 42")
    assert "Traceback" not in result.stderr


def test_the_worked_example_measures_the_scripted_offside_and_verifies(tmp_path: Path) -> None:
    review = tmp_path / "demo.review"
    result = matchdesk("sample", "var-demo", str(review))
    assert result.returncode == 0, result.stderr
    from var.review_record import Review

    with Review.open(review) as opened:
        state = opened.state()
    assert state.offsets == [0, 23, 47]
    (analysis,) = state.offside.values()
    assert analysis["distance_cm"] == pytest.approx(60, abs=3)
    assert verify(review).ok
