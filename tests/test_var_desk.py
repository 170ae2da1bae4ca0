"""The VAR workflow in the desk: sync, log the offside, draw the lines, decide, export, verify.

Driven through the real window and its dialogs with pytest-qt.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PyQt6.QtCore import QPoint, Qt, QTimer
from PyQt6.QtWidgets import QApplication, QComboBox, QWidget
from pytestqt.qtbot import QtBot

from matchdesk.sample.match import SampleMatch
from matchdesk.sample.var_demo import feet, visible_template_clicks
from matchdesk.settings import Settings
from tests.conftest import show_desk
from ui.app import application, open_review_window
from ui.common.i18n import set_language
from ui.desk.review_window import ReviewWindow
from ui.desk.var.dialogs import IncidentDialog
from ui.desk.var.offside_dialog import OffsideDialog
from var.drawings import DrawingKind
from var.pitch import Pitch
from var.review_log import verify
from var.review_record import Review
from var.review_state import IncidentType


@pytest.fixture
def desk(
    qtbot: QtBot,
    sample_match: SampleMatch,
    sample_proxies: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[ReviewWindow]:
    monkeypatch.setenv("MATCHDESK_CACHE_DIR", str(sample_proxies))
    application()
    set_language("en")
    settings = Settings(language="en", reviewer_name="Phạm Quốc Dũng")
    window = open_review_window(
        sample_match.camera_paths,
        settings,
        None,
        offer_proxies=False,
        review_file=tmp_path / "final.review",
        match="Hà Nội FC v Công An Hà Nội",
    )
    yield show_desk(qtbot, window)
    window.close()


def press(
    qtbot: QtBot,
    window: ReviewWindow,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    qtbot.keyClick(window.grid, key, modifier)


TEAM_BOX_COLOURS = {(255, 200, 0), (200, 80, 255)}  # ui.desk.tracking.overlay's two team colours


def colours_on_screen(widget: QWidget) -> set[tuple[int, int, int]]:
    """The RGB colours a widget shows (every other pixel), as a person looking at it would see them."""
    image = widget.grab().toImage()
    return {
        image.pixelColor(x, y).getRgb()[:3]
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    }


def sync(window: ReviewWindow, qtbot: QtBot) -> None:
    press(
        qtbot, window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: window.playback.angles[2].offset != 0, timeout=60_000)


def test_referee_syncs_the_angles_from_the_desk(desk: ReviewWindow, qtbot: QtBot) -> None:
    sync(desk, qtbot)
    assert [a.offset for a in desk.playback.angles] == [0, 23, 47]
    assert [box.value() for box in desk.angles_panel.offsets] == [0, 23, 47]
    assert desk.recorder is not None
    state = desk.recorder.state()
    assert state.offsets == [0, 23, 47] and state.offset_methods[1:] == ["audio", "audio"]


def mark_offside_incident(desk: ReviewWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    def fill_and_accept(dialog: IncidentDialog) -> int:
        dialog.kind.setCurrentIndex(dialog.kind.findData(IncidentType.OFFSIDE))
        dialog.first.setValue(105)
        dialog.last.setValue(115)
        dialog.players.setText("Home 9, Away 5")
        dialog.notes.setText("through ball from Home 10")
        return 1

    monkeypatch.setattr(IncidentDialog, "exec", fill_and_accept)
    press(qtbot, desk, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)


def measure_offside(
    desk: ReviewWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, sample_match: SampleMatch
) -> list[str]:
    """Click the calibration points, the attacker and the defender in the real offside dialog."""
    event = next(e for e in sample_match.manifest["events"] if e["type"] == "offside")
    seen: list[str] = []

    def click(dialog: OffsideDialog, image_point: tuple[float, float]) -> None:
        at = dialog.canvas.to_widget(image_point)
        qtbot.mouseClick(dialog.canvas, Qt.MouseButton.LeftButton, pos=QPoint(round(at.x()), round(at.y())))

    def measure(dialog: OffsideDialog) -> int:
        dialog.show()
        qtbot.waitExposed(dialog)
        names = list(Pitch().points())
        for name, point in visible_template_clicks(sample_match, "cam1_wide", event["frame"]):
            dialog.template.setCurrentRow(names.index(name))
            click(dialog, point)
        for role, object_id in (("attacker", event["attacker"]), ("defender", event["second_last_defender"])):
            dialog.set_mode(role)
            click(dialog, feet(sample_match, "cam1_wide", event["frame"], object_id))
        seen.append(dialog.status.text())
        dialog.done(1)  # as exec() ends: the dialog closes
        return 1

    monkeypatch.setattr(OffsideDialog, "exec", measure)
    desk.playback.seek(event["frame"])
    press(qtbot, desk, Qt.Key.Key_O)
    desk.activateWindow()  # what the window manager does when a dialog closes
    qtbot.waitUntil(desk.isActiveWindow)
    return seen


def decide_by_keyboard(desk: ReviewWindow, qtbot: QtBot, final: str) -> None:
    """Ctrl+D, type the final decision, Enter: the real modal dialog, as a referee uses it."""

    def type_and_enter() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        final_box = dialog.findChildren(QComboBox)[2]
        line = final_box.lineEdit()
        assert line is not None
        qtbot.keyClicks(line, final)
        qtbot.keyClick(line, Qt.Key.Key_Return)

    QTimer.singleShot(300, type_and_enter)
    press(qtbot, desk, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)


def test_an_offside_reviewed_end_to_end_in_the_desk(
    desk: ReviewWindow,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    sample_match: SampleMatch,
    tmp_path: Path,
) -> None:
    sync(desk, qtbot)
    mark_offside_incident(desk, qtbot, monkeypatch)
    assert desk.recorder is not None
    (incident,) = desk.recorder.state().incidents.values()
    assert (incident.type, incident.first_frame, incident.last_frame) == (IncidentType.OFFSIDE, 105, 115)
    assert desk.incidents_panel.selected() == incident.id
    assert [(m.first_frame, m.last_frame) for m in desk.timeline.marks] == [(105, 115)]

    status = measure_offside(desk, qtbot, monkeypatch, sample_match)
    assert "reprojection error 0." in status[0]
    # The referee reads the margin with what the measurement cannot tell apart, and the verdict.
    assert re.search(r"\+\d+\.\d ± \d+\.\d cm \(offside position\)", status[-1]), status[-1]
    analysis = desk.recorder.state().offside[incident.id]
    assert analysis["distance_cm"] == pytest.approx(60, abs=3)
    assert analysis["verdict"] == "offside position" and 0 < analysis["uncertainty_cm"] < 60
    assert (analysis["angle"], analysis["frame"]) == (0, 110)
    # The lines are on the wide angle at the analysed frame: red attacker's and blue defender's pixels.
    assert desk.wait_until_shown()
    colours = colours_on_screen(desk.views[0])
    assert (235, 64, 52) in colours and (40, 130, 255) in colours

    decide_by_keyboard(desk, qtbot, "No goal: offside")
    decision = desk.recorder.state().decision(incident.id)
    assert decision is not None
    assert (decision.final_decision, decision.reviewer) == ("No goal: offside", "Phạm Quốc Dũng")
    assert "No goal: offside" in desk.incidents_panel.list.item(0).text()  # type: ignore[union-attr]

    job = desk.var_part.export_selected_incident(tmp_path / "evidence")
    assert job is not None
    qtbot.waitUntil(lambda: job.wait(0), timeout=120_000)
    exported = sorted(p.name for p in (tmp_path / "evidence").iterdir())
    assert f"incident_{incident.id}_splitscreen.mp4" in exported
    assert f"incident_{incident.id}_report_en.pdf" in exported
    assert len([n for n in exported if n.endswith(".mp4")]) == 4

    review_file = desk.recorder.review.path
    assert verify(review_file).ok
    edit = subprocess.run(
        [
            "sqlite3",
            str(review_file),
            "DROP TRIGGER entries_are_never_changed; UPDATE entries"
            " SET payload = replace(payload, 'offside', 'onside') WHERE kind = 'decision';",
        ],
        capture_output=True,
        text=True,
    )
    assert edit.returncode == 0, edit.stderr
    found = verify(review_file)
    assert not found.ok and "(decision) was altered" in found.problems[0]


def test_drawings_made_in_the_desk_are_kept_in_the_review_file(
    desk: ReviewWindow, qtbot: QtBot, sample_match: SampleMatch, settings_for_reopen: Settings
) -> None:
    desk.playback.seek(120)
    assert desk.wait_until_shown()
    press(qtbot, desk, Qt.Key.Key_A)
    view = desk.views[0]
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=QPoint(100, 100))
    qtbot.mouseMove(view, QPoint(200, 160))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(200, 160))
    press(qtbot, desk, Qt.Key.Key_C)
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=QPoint(300, 200))
    qtbot.mouseMove(view, QPoint(330, 200))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(330, 200))
    press(qtbot, desk, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the circle was a mistake
    assert desk.recorder is not None
    path = desk.recorder.review.path
    desk.close()
    with Review.open(path) as review:
        kept = list(review.state().drawings.values())
    assert [(d.kind, d.angle, d.frame) for d in kept] == [(DrawingKind.ARROW, 0, 120)]
    reopened = open_review_window([], settings_for_reopen, offer_proxies=False, review_file=path)
    qtbot.addWidget(reopened)
    assert [d.kind for d in reopened.session.drawings.on(0, 120)] == [DrawingKind.ARROW]
    reopened.close()


@pytest.fixture
def settings_for_reopen() -> Settings:
    return Settings(language="en", reviewer_name="Phạm Quốc Dũng")


def test_without_a_review_file_the_first_incident_creates_one(
    qtbot: QtBot,
    sample_match: SampleMatch,
    sample_proxies: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MATCHDESK_CACHE_DIR", str(sample_proxies))
    application()
    window = open_review_window(
        sample_match.camera_paths,
        Settings(language="en", reviewer_name="An"),
        [0, 23, 47],
        offer_proxies=False,
    )
    qtbot.addWidget(window)
    assert window.recorder is None
    incident = window.var_part.record_incident(
        IncidentType.FOUL, 170, 190, ["Away 4", "Home 9"], "tackle in the box"
    )
    assert incident is not None and window.recorder is not None
    path = window.recorder.review.path
    assert path.parent == tmp_path / "data" / "reviews"
    with Review.open(path) as review:
        state = review.state()
    assert state.offsets == [0, 23, 47]  # the sync the incident was judged with is in the file
    assert state.incidents[incident].players == ("Away 4", "Home 9")
    window.close()


def test_deciding_with_no_incident_selected_says_what_to_do(desk: ReviewWindow, qtbot: QtBot) -> None:
    press(qtbot, desk, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    status_bar = desk.statusBar()
    assert status_bar is not None and "Mark an incident first" in status_bar.currentMessage()


@pytest.fixture
def tracking_desk(
    qtbot: QtBot,
    sample_match: SampleMatch,
    sample_proxies: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> ReviewWindow:
    """The sample match's VAR demo on the desk, with the demo detector as the tracking weights."""
    from matchdesk.sample.var_demo import make_var_demo
    from tracking.settings import TrackingSettings

    weights = sample_match.folder / "demo_detector.pt"  # trained on the sample match; offline
    monkeypatch.setenv("MATCHDESK_CACHE_DIR", str(sample_proxies))
    review, _ = make_var_demo(tmp_path / "demo.review", sample_match)  # its offside check calibrates angle 1
    application()
    settings = Settings(language="en", reviewer_name="HLV", tracking_weights=str(weights))
    window = show_desk(qtbot, open_review_window([], settings, offer_proxies=False, review_file=review))
    window.tracking_part.settings = TrackingSettings(every=10)  # a slow laptop's setting: a quicker test
    return window


def test_coach_tracks_the_main_angle_and_sees_boxes_minimap_and_distances(
    tracking_desk: ReviewWindow, qtbot: QtBot
) -> None:
    window = tracking_desk
    window.playback.seek(110)
    with qtbot.waitSignal(window.tracking.changed, timeout=300_000):
        press(qtbot, window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    tracks = window.tracking.tracks[0]
    assert len(tracks), "the demo detector found nobody on the sample match"
    busiest = int(np.bincount(tracks.frame).argmax())
    window.playback.seek(busiest)
    assert len(tracks.at(busiest)) >= 2
    assert not np.isnan(tracks.at(busiest).pitch_xy).all()  # placed on the pitch through the calibration
    assert len(window.tracking_part.minimap.dots()) >= 2
    assert window.tracking_part.coach.players.count() >= 2
    assert window.wait_until_shown()
    colours = colours_on_screen(window.views[0])
    assert TEAM_BOX_COLOURS & colours  # team-coloured boxes drawn (pitch lines are white: not counted)
    window.activateWindow()  # the progress dialog had it; a window manager hands it back
    qtbot.waitUntil(window.isActiveWindow)
    press(qtbot, window, Qt.Key.Key_B)
    assert not window.tracking.boxes
    window.close()


@pytest.mark.heavy
def test_referee_tracks_every_angle_and_switches_one_angles_overlays_off(
    tracking_desk: ReviewWindow, qtbot: QtBot
) -> None:
    window = tracking_desk
    job = window.tracking_part.track_all_angles()
    assert job is not None
    assert (
        window.tracking_part.track_main_angle() is None
    )  # one tracking run at a time, said in the status bar
    status_bar = window.statusBar()
    assert status_bar is not None and "already running" in status_bar.currentMessage()
    with qtbot.waitSignal(job.done, timeout=600_000):
        pass
    assert sorted(window.tracking.tracks) == [0, 1, 2]
    window.playback.seek(110)  # the offside moment, seen from all three cameras
    assert window.wait_until_shown()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    for angle in range(3):
        frame = window.playback.angle_frame(angle)
        assert frame is not None and len(window.tracking.tracks[angle].at(frame)) >= 2, angle
        window.playback.make_main(angle)
        assert window.wait_until_shown()
        with_overlays = [view.grab().toImage() for view in window.views]
        press(qtbot, window, Qt.Key.Key_T, Qt.KeyboardModifier.ShiftModifier)  # this angle's overlays off
        assert window.tracking.hidden_angles == {angle}
        assert window.wait_until_shown()
        now = [view.grab().toImage() for view in window.views]
        assert now[angle] != with_overlays[angle], f"angle {angle} drew no overlays"
        assert all(now[other] == with_overlays[other] for other in range(3) if other != angle)
        press(qtbot, window, Qt.Key.Key_T, Qt.KeyboardModifier.ShiftModifier)  # and back on
        assert window.tracking.hidden_angles == set()
        assert window.wait_until_shown()
    window.close()


@pytest.mark.heavy
def test_shift_o_takes_the_playhead_to_the_pass(qtbot: QtBot, desk: ReviewWindow) -> None:
    # The operator stopped a few frames after the through ball; Shift+O finds the kick.
    desk.settings.tracking_weights = str(
        Path(__file__).resolve().parents[1] / "sample_clips" / "demo_detector.pt"
    )
    desk.playback.seek(116)
    press(qtbot, desk, Qt.Key.Key_O, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: desk.playback.frame != 116, timeout=180_000)
    assert desk.playback.frame == 110  # the scripted pass (match frame 110, the wide camera's 110)
    assert "110" in desk.statusBar().currentMessage()  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("saved", "used"), [(5, 5), (1, 1), (0, 2), (-3, 2), ("fast", 2), (True, 2), (99, 2)]
)
def test_the_saved_detect_every_k_frames_is_used_and_nonsense_falls_back(saved: object, used: int) -> None:
    from ui.desk.tracking.part import _every

    assert _every(saved) == used
