"""The referee review monitor: a clean window for the screen beside the pitch.

No controls: it shows what the operator chooses (the main angle full screen, or every angle 2×2),
with the operator's drawings and lines, following the operator's playhead. It opens full screen on a
second monitor when there is one.
"""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QCloseEvent, QGuiApplication
from PyQt6.QtWidgets import QGridLayout, QWidget

from ui.common.i18n import FollowsLanguage, tr
from ui.desk.angle_view import AngleView, wait_until_up_to_date
from ui.desk.frame_reader import FrameReader
from ui.desk.tools import ToolState
from var.drawings import DrawingStore
from var.media import Video
from var.playback import Playback


class RefereeMonitor(FollowsLanguage, QWidget):
    """Every angle's view, shown one large or all in a grid, driven by the operator's model."""

    def __init__(self, playback: Playback, videos: list[Video], drawings: DrawingStore) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setStyleSheet("background: black;")
        self.playback = playback
        self.show_all = False
        # Its own readers: the monitor's pictures are sized for its screen, not the desk's.
        self.readers = [FrameReader(video) for video in videos]
        self.views = [
            AngleView(index, playback, drawings, reader, ToolState(), playback.angles[index].name)
            for index, reader in enumerate(self.readers)
        ]
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for index, view in enumerate(self.views):
            view.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # nothing to click
            layout.addWidget(view, index // 2, index % 2)
        playback.layout_changed.connect(lambda main: self._arrange())
        self._arrange()
        self.retranslate()
        self.built = True  # language changes are told from now on (FollowsLanguage)

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Referee review monitor"))

    def toggle_layout(self) -> None:
        """The main angle alone, or every angle 2×2."""
        self.show_all = not self.show_all
        self._arrange()

    def show_on_pitch_side_screen(self) -> None:
        screens = QGuiApplication.screens()
        if len(screens) > 1:
            self.setGeometry(screens[1].geometry())
            self.showFullScreen()
        else:
            self.resize(960, 540)
            self.show()

    def wait_until_shown(self, seconds: float = 10.0) -> bool:
        return wait_until_up_to_date(self.views, seconds)

    @property
    def shown_angles(self) -> list[int]:
        return [index for index, view in enumerate(self.views) if not view.isHidden()]

    def _arrange(self) -> None:
        for index, view in enumerate(self.views):
            view.setVisible(self.show_all or index == self.playback.main_angle)
            view.refresh()

    def closeEvent(self, event: QCloseEvent | None) -> None:
        for view in self.views:
            view.detach()
        for reader in self.readers:
            reader.stop()
        super().closeEvent(event)
