"""The referee at the review desk: the real window, driven by keys and mouse, judged by the frames it shows.

Every sample-match frame carries its own number; a view "shows frame N" only if the picture on
screen has N burned into it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PyQt6.QtCore import QPoint, QPointF, Qt
from PyQt6.QtGui import QWheelEvent
from PyQt6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from matchdesk.sample.framestamp import read_frame_number
from matchdesk.sample.match import SampleMatch
from matchdesk.settings import Settings, load_settings
from tests.conftest import change_language_while_taken_apart, show_desk
from ui.app import application, open_review_window
from ui.common.i18n import set_language
from ui.desk.angle_view import AngleView
from ui.desk.dialogs import NewReviewDialog, SettingsDialog
from ui.desk.review_window import ReviewWindow
from var.drawings import DrawingKind
from var.playback import Layout

SAMPLE_OFFSETS = [0, 23, 47]  # cam2 and cam3 start 23 and 47 match frames after cam1


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("MATCHDESK_CONFIG_DIR", str(tmp_path / "config"))
    return Settings(language="en")


@pytest.fixture
def desk(
    qtbot: QtBot,
    sample_match: SampleMatch,
    sample_proxies: Path,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[ReviewWindow]:
    monkeypatch.setenv("MATCHDESK_CACHE_DIR", str(sample_proxies))
    application()
    set_language("en")
    window = open_review_window(sample_match.camera_paths, settings, SAMPLE_OFFSETS, offer_proxies=False)
    yield show_desk(qtbot, window)
    window.close()


def shown_numbers(window: ReviewWindow) -> list[int | None]:
    """The frame number burned into the picture each angle has on screen (None: no picture there)."""
    assert window.wait_until_shown(), "the desk did not show the requested frames in time"
    numbers = []
    for view in window.views:
        if view.wanted_frame is None:
            numbers.append(None)
        else:
            assert view.shown_picture is not None
            numbers.append(read_frame_number(np.asarray(view.shown_picture)))
    return numbers


def expected_numbers(playhead: int) -> list[int | None]:
    return [playhead - offset if 0 <= playhead - offset < 300 else None for offset in SAMPLE_OFFSETS]


def press(
    qtbot: QtBot,
    window: ReviewWindow,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    qtbot.keyClick(window.grid, key, modifier)


def test_referee_steps_200_frames_forward_and_back_and_every_angle_shows_the_right_frame(
    desk: ReviewWindow, qtbot: QtBot
) -> None:
    desk.playback.seek(60)
    for _ in range(100):
        press(qtbot, desk, Qt.Key.Key_Right)
        assert shown_numbers(desk) == expected_numbers(desk.playback.frame)
    assert desk.playback.frame == 160
    for _ in range(100):
        press(qtbot, desk, Qt.Key.Key_Left)
        assert shown_numbers(desk) == expected_numbers(desk.playback.frame)
    assert desk.playback.frame == 60


def test_before_an_angle_starts_it_says_there_is_no_picture(desk: ReviewWindow) -> None:
    desk.playback.seek(10)
    assert shown_numbers(desk) == [10, None, None]


def test_referee_jumps_by_seconds_and_to_the_ends(desk: ReviewWindow, qtbot: QtBot) -> None:
    desk.playback.seek(100)
    press(qtbot, desk, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert desk.playback.frame == 125
    press(qtbot, desk, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert desk.playback.frame == 0
    press(qtbot, desk, Qt.Key.Key_End)
    assert desk.playback.frame == 346  # cam3's last frame: 47 + 299
    assert shown_numbers(desk) == [None, None, 299]
    press(qtbot, desk, Qt.Key.Key_Home)
    assert shown_numbers(desk) == [0, None, None]


def test_go_to_a_frame_or_a_match_time(desk: ReviewWindow) -> None:
    assert desk.go_to("0:05.0")
    assert desk.playback.frame == 125
    assert shown_numbers(desk) == [125, 102, 78]
    assert desk.go_to("200")
    assert desk.playback.frame == 200
    assert not desk.go_to("half time")
    assert desk.playback.frame == 200


def test_scrubbing_the_timeline_shows_the_frame_under_the_mouse(desk: ReviewWindow, qtbot: QtBot) -> None:
    timeline = desk.timeline
    y = timeline.height() // 2
    start, end = QPoint(int(timeline.x_of(20)), y), QPoint(int(timeline.x_of(300)), y)
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 21):
        qtbot.mouseMove(timeline, QPoint(start.x() + (end.x() - start.x()) * step // 20, y))
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=end)
    assert desk.playback.frame == timeline.frame_at_x(end.x())
    assert shown_numbers(desk) == expected_numbers(desk.playback.frame)


def test_wheel_on_the_timeline_jogs_one_frame_per_notch(desk: ReviewWindow) -> None:
    desk.playback.seek(100)
    for notches, expected in ((-1, 101), (-2, 103), (1, 102)):
        wheel(desk.timeline, QPointF(50, 20), notches)
        assert desk.playback.frame == expected


def test_playing_advances_all_angles_in_step_and_pauses(desk: ReviewWindow, qtbot: QtBot) -> None:
    desk.playback.seek(100)
    press(qtbot, desk, Qt.Key.Key_Space)
    assert desk.playback.playing
    qtbot.wait(600)
    press(qtbot, desk, Qt.Key.Key_Space)
    assert not desk.playback.playing
    assert 105 <= desk.playback.frame <= 125  # 25 fps for 0.6 s, give or take the event loop
    assert shown_numbers(desk) == expected_numbers(desk.playback.frame)


def test_slow_motion_and_the_jkl_shuttle(desk: ReviewWindow, qtbot: QtBot) -> None:
    desk.playback.seek(150)
    press(qtbot, desk, Qt.Key.Key_2)  # slow motion 1/4
    assert str(desk.playback.speed) == "1/4"
    assert desk.clock.interval() == 160 or not desk.playback.playing
    press(qtbot, desk, Qt.Key.Key_J)  # play backwards at 1/4
    assert desk.playback.playing and desk.playback.direction == -1
    assert desk.clock.interval() == 160
    qtbot.wait(500)
    press(qtbot, desk, Qt.Key.Key_K)
    assert not desk.playback.playing
    assert 145 <= desk.playback.frame < 150
    press(qtbot, desk, Qt.Key.Key_L)
    press(qtbot, desk, Qt.Key.Key_L)  # again: faster
    assert desk.playback.direction == 1 and str(desk.playback.speed) == "1/2"
    press(qtbot, desk, Qt.Key.Key_K)


def test_swapping_the_main_angle(desk: ReviewWindow, qtbot: QtBot) -> None:
    press(qtbot, desk, Qt.Key.Key_V)
    assert desk.playback.layout is Layout.MAIN_AND_THUMBNAILS
    qtbot.wait(50)
    assert desk.grid.main_view() is desk.views[0]
    press(qtbot, desk, Qt.Key.Key_Tab)
    qtbot.wait(50)
    assert desk.playback.main_angle == 1
    main, others = desk.views[1], [desk.views[0], desk.views[2]]
    assert all(main.height() > 2 * other.height() for other in others)
    qtbot.mouseClick(desk.views[2], Qt.MouseButton.LeftButton)  # a click on a thumbnail makes it main
    assert desk.playback.main_angle == 2
    desk.playback.seek(200)
    assert shown_numbers(desk) == expected_numbers(200)


def test_nudging_an_angles_offset_moves_only_that_angle(desk: ReviewWindow, qtbot: QtBot) -> None:
    desk.playback.seek(150)
    desk.playback.make_main(1)
    press(qtbot, desk, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert desk.playback.angles[1].offset == 24
    assert desk.angles_panel.offsets[1].value() == 24
    assert shown_numbers(desk) == [150, 126, 103]
    desk.angles_panel.offsets[2].setValue(40)  # typed into the panel
    assert shown_numbers(desk) == [150, 126, 110]


def wheel(view: object, at: QPointF, notches: int) -> None:
    event = QWheelEvent(
        at,
        at,
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view, event)  # type: ignore[arg-type]


def test_zooming_into_an_angle_keeps_the_point_under_the_mouse_and_resets(
    desk: ReviewWindow, qtbot: QtBot
) -> None:
    desk.playback.seek(120)
    view = desk.views[0]
    assert desk.wait_until_shown()
    at = QPointF(view.width() * 0.7, view.height() * 0.6)
    before = view.to_picture(at)
    wheel(view, at, 3)
    assert desk.playback.zooms[0].scale == pytest.approx(1.25**3)
    assert desk.wait_until_shown()
    after = view.to_picture(at)
    assert before is not None and after is not None
    assert abs(after[0] - before[0]) < 3 and abs(after[1] - before[1]) < 3
    assert desk.playback.zooms[1].scale == 1.0  # the other angles are not zoomed
    press(qtbot, desk, Qt.Key.Key_Z)
    assert desk.playback.zooms[0].scale == 1.0


def test_dragging_pans_a_zoomed_angle(desk: ReviewWindow, qtbot: QtBot) -> None:
    view = desk.views[0]
    wheel(view, QPointF(view.width() / 2, view.height() / 2), 4)
    desk.wait_until_shown()
    centre = desk.playback.zooms[0].centre_x
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=QPoint(300, 200))
    qtbot.mouseMove(view, QPoint(200, 200))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(200, 200))
    assert desk.playback.zooms[0].centre_x > centre  # dragged left: the view moves right over the picture


def on_picture(view: AngleView, x: int, y: int) -> QPoint:
    """The widget point showing picture pixel (2x, 2y): inside the picture, whatever the layout."""
    point = view.to_widget((x * 2.0, y * 2.0))
    return QPoint(round(point.x()), round(point.y()))


def drag(qtbot: QtBot, view: object, points: list[QPoint]) -> None:
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=points[0])  # type: ignore[arg-type]
    for point in points[1:]:
        qtbot.mouseMove(view, point)  # type: ignore[arg-type]
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=points[-1])  # type: ignore[arg-type]


def test_drawings_stay_on_their_frame_and_angle(desk: ReviewWindow, qtbot: QtBot) -> None:
    desk.playback.seek(140)
    assert desk.wait_until_shown()
    view = desk.views[1]
    press(qtbot, desk, Qt.Key.Key_I)  # line tool
    drag(qtbot, view, [on_picture(view, 100, 100), on_picture(view, 200, 150), on_picture(view, 300, 200)])
    press(qtbot, desk, Qt.Key.Key_A)  # arrow
    drag(qtbot, view, [on_picture(view, 120, 220), on_picture(view, 260, 240)])
    press(qtbot, desk, Qt.Key.Key_C)  # circle
    drag(qtbot, view, [on_picture(view, 200, 200), on_picture(view, 230, 200)])
    press(qtbot, desk, Qt.Key.Key_F)  # freehand
    drag(
        qtbot,
        view,
        [
            on_picture(view, 50, 50),
            on_picture(view, 60, 70),
            on_picture(view, 80, 75),
            on_picture(view, 90, 95),
        ],
    )
    press(qtbot, desk, Qt.Key.Key_T)  # text
    view.set_text_prompt(lambda: ("Việt vị 60 cm", True))
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=on_picture(view, 150, 120))
    on_frame = desk.session.drawings.on(1, 140 - 23)
    assert [d.kind for d in on_frame] == [
        DrawingKind.LINE,
        DrawingKind.ARROW,
        DrawingKind.CIRCLE,
        DrawingKind.FREEHAND,
        DrawingKind.TEXT,
    ]
    assert on_frame[-1].text == "Việt vị 60 cm"
    assert len(on_frame[3].points) == 4
    line_start = on_frame[0].points[0]
    assert line_start == pytest.approx(
        view.to_picture(QPointF(on_picture(view, 100, 100))), abs=1.0
    )  # picture pixels, not screen
    assert desk.session.drawings.on(0, 140) == []  # other angles untouched
    press(qtbot, desk, Qt.Key.Key_Right)
    assert desk.session.drawings.on(1, desk.views[1].wanted_frame or 0) == []
    press(qtbot, desk, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo removes the text
    assert [d.kind for d in desk.session.drawings.on(1, 117)][-1] is DrawingKind.FREEHAND
    press(qtbot, desk, Qt.Key.Key_P)  # back to pan: dragging draws nothing
    press(qtbot, desk, Qt.Key.Key_Left)
    drag(qtbot, view, [on_picture(view, 100, 100), on_picture(view, 150, 150)])
    assert len(desk.session.drawings.on(1, 117)) == 4


def test_the_loupe_shows_full_resolution_pixels(desk: ReviewWindow, qtbot: QtBot) -> None:
    press(qtbot, desk, Qt.Key.Key_M)
    assert desk.tools.loupe
    view = desk.views[0]
    qtbot.mouseMove(view, QPoint(view.width() // 2, view.height() // 2))
    picture = view.grab().toImage()
    assert not picture.isNull()
    press(qtbot, desk, Qt.Key.Key_M)
    assert not desk.tools.loupe


def test_help_overlay_lists_every_shortcut(desk: ReviewWindow, qtbot: QtBot) -> None:
    qtbot.keyClick(desk.grid, "?")
    assert desk.help_overlay.isVisible()
    rows = desk.help_overlay.rows()
    assert ("Playback", "Next frame", "Right") in rows
    assert ("Angles", "Swap the main angle", "Tab") in rows
    assert len(rows) == len(desk.actions_by_id)
    qtbot.keyClick(desk.help_overlay, Qt.Key.Key_Escape)
    assert not desk.help_overlay.isVisible()


def test_the_transport_bar_follows_the_playback_whichever_way_it_is_driven(
    desk: ReviewWindow, qtbot: QtBot
) -> None:
    bar = desk.transport
    assert bar.buttons["play_pause"].text() == "▶"
    press(qtbot, desk, Qt.Key.Key_2)  # slow motion 1/4 from the keyboard: the speed box shows it
    assert bar.speed_box.currentData() == desk.playback.speed and str(bar.speed_box.currentData()) == "1/4"
    qtbot.mouseClick(bar.buttons["play_pause"], Qt.MouseButton.LeftButton)  # the button plays, as Space does
    try:
        assert desk.playback.playing and bar.buttons["play_pause"].text() == "❚❚"
        desk.retranslate()  # a language switch while playing keeps the pause sign
        assert bar.buttons["play_pause"].text() == "❚❚"
    finally:
        press(qtbot, desk, Qt.Key.Key_Space)
    assert not desk.playback.playing and bar.buttons["play_pause"].text() == "▶"
    bar.speed_box.activated.emit(bar.speed_box.count() - 1)  # the referee picks ×1 in the box
    assert desk.playback.speed == 1 and bar.speed_box.currentText() == "×1"


def test_a_desk_being_collected_is_not_asked_to_speak_another_language(desk: ReviewWindow) -> None:
    change_language_while_taken_apart(desk)
    assert desk.actions_by_id["step_forward"].text() == "Next frame"


def test_switching_to_vietnamese_translates_the_whole_desk(desk: ReviewWindow, qtbot: QtBot) -> None:
    dialog = SettingsDialog(desk, desk.settings)
    dialog.language.setCurrentIndex(dialog.language.findData("vi"))
    desk.apply_settings_from(dialog)
    try:
        assert desk.actions_by_id["step_forward"].text() == "Khung hình kế tiếp"
        assert [menu.title() for menu in desk.menus.values()] == [
            "Xem lại",
            "Phát lại",
            "Góc quay",
            "VAR",
            "Trực tiếp",
            "Hiển thị",
            "Vẽ",
        ]
        assert ("Phát lại", "Khung hình kế tiếp", "Right") in desk.help_overlay.rows()
        assert load_settings().language == "vi"  # remembered for next time
    finally:
        set_language("en")


def test_a_changed_shortcut_works_and_is_remembered(desk: ReviewWindow, qtbot: QtBot) -> None:
    dialog = SettingsDialog(desk, desk.settings)
    from PyQt6.QtGui import QKeySequence

    dialog._editors["step_forward"].setKeySequence(QKeySequence("N"))
    desk.apply_settings_from(dialog)
    desk.playback.seek(100)
    press(qtbot, desk, Qt.Key.Key_N)
    assert desk.playback.frame == 101
    assert load_settings().shortcuts == {"step_forward": "N"}


def test_window_layout_is_remembered(
    qtbot: QtBot,
    sample_match: SampleMatch,
    sample_proxies: Path,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MATCHDESK_CACHE_DIR", str(sample_proxies))
    application()
    first = open_review_window(sample_match.camera_paths, settings, SAMPLE_OFFSETS, offer_proxies=False)
    qtbot.addWidget(first)
    first.resize(780, 620)  # within the offscreen screen, which Qt clamps windows to
    first.show()
    first.close()
    saved = load_settings()
    assert saved.window_geometry and saved.last_folder == str(sample_match.folder.resolve())
    second = open_review_window(sample_match.camera_paths, saved, SAMPLE_OFFSETS, offer_proxies=False)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (780, 620)
    second.close()


def test_missing_proxies_are_built_in_the_background_and_then_used(
    qtbot: QtBot, sample_match: SampleMatch, settings: Settings, private_cache_dir: Path
) -> None:
    application()
    window = open_review_window(sample_match.camera_paths[:2], settings, [0, 23], offer_proxies=False)
    qtbot.addWidget(window)
    window.show()
    assert window.session.missing_proxies() == [0, 1]
    job = window.proxies_part.build([0, 1])
    started = time.monotonic()
    # The GUI keeps answering while ffmpeg works: the playhead moves and frames arrive.
    window.playback.seek(150)
    assert window.wait_until_shown()
    qtbot.waitUntil(lambda: window.proxies_part.job is None, timeout=60_000)
    assert job.wait(5)
    assert time.monotonic() - started < 60
    assert window.session.missing_proxies() == []
    assert "2 of 2" in window.status.text()
    window.playback.seek(151)
    assert shown_numbers(window) == [151, 128]
    window.close()


def test_new_review_dialog_takes_one_to_four_angles(qtbot: QtBot, sample_match: SampleMatch) -> None:
    application()
    dialog = NewReviewDialog(None, "")
    qtbot.addWidget(dialog)
    from PyQt6.QtWidgets import QDialogButtonBox

    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None and not ok.isEnabled()
    dialog.add_paths([str(p) for p in sample_match.camera_paths] * 2)
    assert len(dialog.paths()) == 4 and ok.isEnabled()


def test_incident_marks_appear_on_the_timeline(desk: ReviewWindow) -> None:
    from ui.desk.timeline import TimelineMark

    desk.timeline.set_marks([TimelineMark(100, 130, "offside", (230, 80, 60))])
    image = desk.timeline.grab().toImage()
    x = int(desk.timeline.x_of(115))
    colour = image.pixelColor(x, 26)  # the top of the track, where marks are drawn
    assert (colour.red(), colour.green(), colour.blue()) == (230, 80, 60)


def test_new_review_is_one_shortcut_away(desk: ReviewWindow, qtbot: QtBot) -> None:
    with qtbot.waitSignal(desk.new_review_requested, timeout=1000):
        press(qtbot, desk, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
