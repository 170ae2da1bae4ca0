"""The replay operator at the desk while the match is recorded: the live edge, instant replays,
the way back to live, and the referee's monitor beside the pitch. Real cameras (ffmpeg over UDP),
a real capture, the real window."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from matchdesk.sample.framestamp import read_frame_number
from matchdesk.sample.live_cameras import LiveCamera
from matchdesk.settings import Settings
from tests.conftest import show_desk
from tests.test_capture import free_udp_port, wait_for_frames
from ui.app import application, open_review_window
from ui.common.i18n import set_language
from ui.desk.angle_view import AngleView
from ui.desk.review_window import ReviewWindow
from var.capture import CaptureSession, open_recording, parse_angle
from var.capture.clock_sync import clock_offsets

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="loopback cameras are tested on Linux"
)


@pytest.fixture(scope="module")
def live_recording(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Two cameras filming one match clock, recorded while this module's tests open the desk on it."""
    match_clock = time.monotonic() + 0.5
    wide, tight = free_udp_port(), free_udp_port()
    cameras = [
        LiveCamera(f"udp://127.0.0.1:{wide}", match_clock, 0, "WIDE").start(),
        LiveCamera(f"udp://127.0.0.1:{tight}", match_clock, 30, "TIGHT").start(),
    ]
    out = tmp_path_factory.mktemp("live") / "match"
    session = CaptureSession(
        out, [parse_angle(f"wide=udp://127.0.0.1:{wide}"), parse_angle(f"tight=udp://127.0.0.1:{tight}")]
    )
    recording = threading.Thread(target=session.run, kwargs={"seconds": 300}, daemon=True)
    recording.start()
    wait_for_frames(out / "wide" / "clock.bin", seconds_of_frames=7)
    wait_for_frames(out / "tight" / "clock.bin", seconds_of_frames=6)
    yield out
    session.stop("the test is over")
    recording.join(30)
    for camera in cameras:
        camera.stop()


@pytest.fixture
def desk(
    qtbot: QtBot, live_recording: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ReviewWindow]:
    monkeypatch.setenv("MATCHDESK_CONFIG_DIR", str(tmp_path / "config"))
    application()
    set_language("en")
    recording = open_recording(live_recording)
    offsets = [offset.offset_frames or 0 for offset in clock_offsets(recording)]
    window = open_review_window(
        [angle.folder for angle in recording.angles], Settings(language="en"), offsets, False
    )
    yield show_desk(qtbot, window)
    window.close()


def shown_moment(view: AngleView) -> int | None:
    """The match frame burned into the picture this view has on screen."""
    picture = view.shown_picture
    return None if picture is None else read_frame_number(np.asarray(picture))


def wait_a_moment(seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)


def test_the_desk_opens_at_the_live_edge_and_follows_it_as_the_recording_grows(desk: ReviewWindow) -> None:
    assert desk.live is not None
    live = desk.live.live
    assert live.following and desk.live.sign.text().startswith("● LIVE")
    assert desk.session.missing_proxies() == []  # a growing recording is not offered a proxy
    first_edge = desk.playback.frame
    wait_a_moment(2.0)
    assert desk.playback.frame >= first_edge + 25  # the timeline grew and the playhead moved with it
    assert desk.playback.last_frame >= desk.playback.frame
    assert desk.wait_until_shown()
    assert "0 dropped, 0 reconnects" in desk.live.sign.text()  # the capture's health, per angle on hover
    assert "wide:" in desk.live.sign.toolTip() and "tight:" in desk.live.sign.toolTip()
    moments = {shown_moment(view) for view in desk.views if view.wanted_frame is not None}
    assert len(moments) == 1 and None not in moments  # both angles show the same moment, placed by the clock


def test_an_instant_replay_goes_back_five_seconds_at_half_speed_and_end_returns_to_live(
    desk: ReviewWindow, qtbot: QtBot
) -> None:
    assert desk.live is not None
    qtbot.keyClick(desk.grid, Qt.Key.Key_R)
    live = desk.live.live
    assert not live.following and desk.playback.playing
    assert desk.playback.speed == 0.5
    assert 4.5 <= float(live.seconds_behind) <= 5.5
    assert "behind live" in desk.live.sign.text()
    wait_a_moment(1.0)  # the recording goes on growing while the operator watches the replay
    desk.playback.pause()
    held = desk.playback.frame
    wait_a_moment(1.2)
    assert desk.playback.frame == held  # behind live, the playhead stays where the operator put it
    assert desk.wait_until_shown()
    qtbot.keyClick(desk.grid, Qt.Key.Key_Left)  # step back a frame: every angle together
    assert desk.playback.frame == held - 1
    qtbot.keyClick(desk.grid, Qt.Key.Key_End)
    assert live.following and desk.live.sign.text().startswith("● LIVE")
    assert desk.playback.frame == live.live_frame


def test_the_referee_monitor_shows_the_operators_choice_and_follows_the_playhead(
    desk: ReviewWindow, qtbot: QtBot
) -> None:
    monitor = desk.toggle_referee_monitor()
    qtbot.waitExposed(monitor)
    assert monitor.shown_angles == [desk.playback.main_angle]  # the main angle, full screen
    desk.trigger("monitor_layout")
    assert monitor.shown_angles == [0, 1]  # every angle
    qtbot.keyClick(desk.grid, Qt.Key.Key_R)
    desk.playback.pause()
    assert desk.wait_until_shown()
    qtbot.waitUntil(lambda: all(view.is_up_to_date() for view in monitor.views), timeout=10_000)
    for desk_view, monitor_view in zip(desk.views, monitor.views, strict=True):
        assert monitor_view.wanted_frame == desk_view.wanted_frame
        assert shown_moment(monitor_view) == shown_moment(desk_view)
    assert not any(child.isWidgetType() and child.inherits("QAbstractButton") for child in monitor.children())
    assert monitor.windowTitle() == "Referee review monitor"
    set_language("vi")  # the operator switches the desk to Vietnamese: the monitor's title follows
    try:
        qtbot.waitUntil(lambda: monitor.windowTitle() == "Màn hình xem lại của trọng tài", timeout=5_000)
    finally:
        set_language("en")
    desk.trigger("referee_monitor")
    assert not monitor.isVisible()


def test_review_opens_a_live_recording_folder_and_pictures_the_desk_and_the_referee_monitor(
    live_recording: Path, tmp_path: Path
) -> None:
    screenshot = tmp_path / "live.png"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "matchdesk",
            "review",
            str(live_recording),
            "--lang",
            "vi",
            "--monitor",
            "--screenshot",
            str(screenshot),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "MATCHDESK_CONFIG_DIR": str(tmp_path / "cfg")},
    )
    assert result.returncode == 0, result.stderr
    assert screenshot.stat().st_size > 10_000
    assert (tmp_path / "live-monitor.png").stat().st_size > 10_000
