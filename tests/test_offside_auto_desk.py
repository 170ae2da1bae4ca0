"""In the desk's offside tool, the referee presses Auto: both players and both lines appear at once;
he corrects the attacker with a click, calibrates, saves; the record and the report say which parts
were automatic."""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from pypdf import PdfReader
from PyQt6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from matchdesk.sample.match import SampleMatch
from matchdesk.sample.var_demo import feet, visible_template_clicks
from ui.app import application
from ui.desk.var.offside_auto import AUTOMATIC, BY_REFEREE, SharedChecker
from ui.desk.var.offside_dialog import OffsideDialog
from var.media import open_video
from var.pitch import Pitch
from var.report import write_incident_report
from var.review_record import Review
from var.review_state import IncidentType

DEMO_DETECTOR = Path(__file__).resolve().parents[1] / "sample_clips" / "demo_detector.pt"


@pytest.fixture
def offside_frame(sample_match: SampleMatch) -> tuple[np.ndarray, dict[str, int]]:
    event = next(e for e in sample_match.manifest["events"] if e["type"] == "offside")
    with open_video(sample_match.camera_path("cam1_wide"), read_ahead=0) as video:
        return np.asarray(video.frame(int(event["frame"]))), event


def test_auto_draws_both_lines_and_the_referee_corrects_and_saves(
    qtbot: QtBot, sample_match: SampleMatch, offside_frame: tuple[np.ndarray, dict[str, int]], tmp_path: Path
) -> None:
    application()
    picture, event = offside_frame
    frame = int(event["frame"])
    dialog = OffsideDialog(None, picture, 0, frame, frame, DEMO_DETECTOR, frame_rate=Fraction(25))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.auto_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.auto_result is not None, timeout=180_000)
    assert dialog.set_by == {
        "defender": AUTOMATIC,
        "attacker": AUTOMATIC,
        "direction": AUTOMATIC,
        "defending_team": AUTOMATIC,
        "pitch_points": AUTOMATIC,
    }
    defender = feet(sample_match, "cam1_wide", frame, int(event["second_last_defender"]))
    assert np.hypot(*np.subtract(dialog.canvas.players["defender"], defender)) < 3
    assert dialog.canvas.vanishing is not None  # both lines drawn before any calibration
    assert "offside" in dialog.status.text()
    if os.environ.get("MATCHDESK_SCREENSHOTS"):
        dialog.grab().save(os.environ["MATCHDESK_SCREENSHOTS"] + "/offside_auto.png")

    def click(point: tuple[float, float]) -> None:
        at = dialog.canvas.to_widget(point)
        qtbot.mouseClick(dialog.canvas, Qt.MouseButton.LeftButton, pos=QPoint(round(at.x()), round(at.y())))

    # The referee sets the direction himself: two points on the halfway line, two on the front of
    # the penalty area (both parallel to the goal line).
    truth = sample_match.homography("cam1_wide", frame)
    dialog.set_mode("direction")
    for x in (52.5, 88.5):
        for y in (14.0, 54.0):
            u, v, w = truth @ np.array([x, y, 1.0])
            click((u / w, v / w))
    assert dialog.set_by["direction"] == BY_REFEREE
    found = np.array(dialog.canvas.vanishing.homogeneous)
    expected = truth @ np.array([0.0, 1.0, 0.0])
    assert np.degrees(np.arccos(abs(found @ expected) / np.linalg.norm(expected))) < 0.5

    names = list(Pitch().points())
    dialog.set_mode("calibrate")
    for name, point in visible_template_clicks(sample_match, "cam1_wide", frame):
        dialog.template.setCurrentRow(names.index(name))
        click(point)
    dialog.set_mode("attacker")  # the player the ball is played to, not the far-side one found
    click(feet(sample_match, "cam1_wide", frame, int(event["attacker"])))
    analysis = dialog.analysis()
    assert analysis is not None
    assert analysis["distance_cm"] == pytest.approx(60, abs=10)
    assert analysis["set_by"] == {
        "attacker": BY_REFEREE,
        "defender": AUTOMATIC,
        "defending_team": AUTOMATIC,
        "pitch_points": BY_REFEREE,  # his four clicks replace the points Auto found
    }

    review_path = tmp_path / "m.review"
    with Review.create(review_path, "Home v Away", [sample_match.camera_path("cam1_wide")], "VAR") as review:
        incident = review.add_incident(IncidentType.OFFSIDE, frame - 5, frame + 5, [], "", "VAR")
        review.record_offside(incident, analysis, "VAR")
    pdf = write_incident_report(review_path, incident, [], tmp_path / "report.pdf", "en")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
    assert "second-last defender: found automatically" in text and "attacker: set by the referee" in text
    assert "defending team: found automatically" in text


def test_one_press_of_auto_gives_the_margin_in_centimetres_and_the_report_says_how(
    qtbot: QtBot, sample_match: SampleMatch, offside_frame: tuple[np.ndarray, dict[str, int]], tmp_path: Path
) -> None:
    """No pitch point clicked: Auto finds them from the penalty area's lines, with both players, and
    the check can be saved at once."""
    application()
    picture, event = offside_frame
    frame = int(event["frame"])
    dialog = OffsideDialog(None, picture, 0, frame, frame, DEMO_DETECTOR, frame_rate=Fraction(25))
    qtbot.addWidget(dialog)
    assert dialog.analysis() is None  # nothing to save before Auto
    qtbot.mouseClick(dialog.auto_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.auto_result is not None, timeout=180_000)
    assert dialog.set_by["pitch_points"] == AUTOMATIC
    assert "penalty area's lines" in dialog.status.text()
    analysis = dialog.analysis()
    assert analysis is not None  # Save is on: both lines, measured in centimetres
    # The foremost attacker, Home #11, is 1.8 m beyond the second-last defender (the ground truth).
    assert analysis["distance_cm"] == pytest.approx(180, abs=10)
    assert analysis["set_by"]["pitch_points"] == AUTOMATIC
    review_path = tmp_path / "m.review"
    with Review.create(review_path, "Home v Away", [sample_match.camera_path("cam1_wide")], "VAR") as review:
        incident = review.add_incident(IncidentType.OFFSIDE, frame - 5, frame + 5, [], "", "VAR")
        review.record_offside(incident, analysis, "VAR")
    for language, said in (("en", "pitch points: found automatically"), ("vi", "điểm mốc trên sân: tự động")):
        pdf = write_incident_report(review_path, incident, [], tmp_path / f"report-{language}.pdf", language)
        text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
        assert said in text, text


def test_the_model_loads_as_the_tool_opens_and_every_tool_opened_after_shares_it(
    qtbot: QtBot, offside_frame: tuple[np.ndarray, dict[str, int]]
) -> None:
    application()
    picture, event = offside_frame
    frame = int(event["frame"])
    shared = SharedChecker(DEMO_DETECTOR)
    answers = []
    for _ in range(2):  # the referee opens the offside tool, presses Auto, closes it; then again
        dialog = OffsideDialog(
            None, picture, 0, frame, frame, DEMO_DETECTOR, Fraction(25), auto_checker=shared, footage="cam1"
        )
        qtbot.addWidget(dialog)
        # Opening the tool started loading the model: it is ready before Auto is pressed.
        qtbot.waitUntil(lambda: shared.ready, timeout=180_000)
        checker = shared.get()
        qtbot.mouseClick(dialog.auto_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda dialog=dialog: dialog.auto_result is not None, timeout=180_000)
        answers.append((checker, dialog.canvas.players["defender"]))
        dialog.reject()
    (first_checker, first_defender), (second_checker, second_defender) = answers
    assert second_checker is first_checker  # loaded once for the desk
    assert np.allclose(first_defender, second_defender)  # the same tiles, the same player


def test_the_referee_says_with_one_click_that_the_other_team_defends(
    qtbot: QtBot, offside_frame: tuple[np.ndarray, dict[str, int]]
) -> None:
    """Auto found Away defending; the referee knows better: one click, and the lines are measured from
    the other team, for this frame and for the next ones of the move."""
    application()
    picture, event = offside_frame
    frame = int(event["frame"])
    shared = SharedChecker(DEMO_DETECTOR)

    def open_tool(at_frame: int) -> OffsideDialog:
        dialog = OffsideDialog(
            None,
            picture,
            0,
            at_frame,
            at_frame,
            DEMO_DETECTOR,
            Fraction(25),
            auto_checker=shared,
            footage="cam1",
        )
        qtbot.addWidget(dialog)
        return dialog

    dialog = open_tool(frame)
    assert not dialog.swap_button.isEnabled()  # nothing to swap before Auto has found the teams
    qtbot.mouseClick(dialog.auto_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.auto_result is not None, timeout=180_000)
    found = dialog.auto_result
    assert found.defender is not None and found.attacker is not None and dialog.swap_button.isEnabled()
    qtbot.mouseClick(dialog.swap_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.auto_result is not found, timeout=180_000)
    swapped = dialog.auto_result
    assert swapped.defender is not None and swapped.defender.team == found.attacker.team
    assert dialog.canvas.players["defender"] == swapped.defender.ground
    assert dialog.set_by["defending_team"] == BY_REFEREE  # stored with the incident, printed in the report
    dialog.reject()
    later = open_tool(frame + 2)  # the next frame of the move: the referee's word holds
    qtbot.mouseClick(later.auto_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: later.auto_result is not None, timeout=180_000)
    assert later.auto_result.defender.team == found.attacker.team
