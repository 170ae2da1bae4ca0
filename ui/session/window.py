"""The training session's window: it assembles the video with the athletes' tags, the timeline and the
code window around one playhead, and implements none of them."""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PyQt6.QtWidgets import QHBoxLayout, QMainWindow, QSplitter, QWidget

from athletes.coding.events import CodeTimeline
from athletes.coding.store import save_timeline
from athletes.video_session.curves import AthleteCurves
from athletes.video_session.opened import OpenedSession
from ui.common.i18n import tr
from ui.session.code_panel import CodePanel
from ui.session.playhead import SessionPlayhead
from ui.session.timeline_view import SessionTimeline
from ui.session.video_view import SessionVideoView
from var.media import Video, open_video


class SessionWindow(QMainWindow):
    """One session on one angle: space plays and pauses, the arrows step a frame (Shift: a second)."""

    def __init__(self, opened: OpenedSession, curves: list[AthleteCurves], timeline: CodeTimeline) -> None:
        super().__init__()
        angle = opened.angle
        day = opened.session.day.isoformat()
        self.setWindowTitle(
            f"matchdesk — {tr('training session')} {opened.session.team} {day} ({angle.name})"
        )
        self.playhead = SessionPlayhead(angle.frames, angle.frame_rate)
        self._video: Video = open_video(angle.video_path)
        self.video = SessionVideoView(self._video, self.playhead, curves)
        self.timeline = SessionTimeline(self.playhead, curves)
        self.timeline.show_events(timeline.events)
        self.codes = CodePanel(timeline, self.playhead, lambda t: save_timeline(opened.folder, t))
        self.codes.coded.connect(lambda _event: self.timeline.show_events(timeline.events))

        upright = QSplitter(Qt.Orientation.Vertical)
        upright.addWidget(self.video)
        upright.addWidget(self.timeline)
        upright.setSizes([600, 400])
        centre = QWidget()
        row = QHBoxLayout(centre)
        row.addWidget(upright, 1)
        row.addWidget(self.codes)
        self.setCentralWidget(centre)
        for keys, action in (
            ("Space", self.playhead.toggle),
            ("Right", lambda: self.playhead.step(1)),
            ("Left", lambda: self.playhead.step(-1)),
            ("Shift+Right", lambda: self.playhead.step(round(float(angle.frame_rate)))),
            ("Shift+Left", lambda: self.playhead.step(-round(float(angle.frame_rate)))),
        ):
            QShortcut(QKeySequence(keys), self).activated.connect(action)
        self.playhead.frame_changed.emit(0)

    def closeEvent(self, event: QCloseEvent | None) -> None:
        self.playhead.pause()
        self.video.stop()
        self._video.close()
        super().closeEvent(event)
