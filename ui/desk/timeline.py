"""The timeline: playhead, frame number and match time, incident marks; drag to scrub, wheel to jog."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from PyQt6.QtCore import QRectF, Qt
from PyQt6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QWheelEvent
from PyQt6.QtWidgets import QSizePolicy, QWidget

from ui.common.i18n import tr
from var.playback import Playback

_MARGIN = 12


@dataclass(frozen=True)
class TimelineMark:
    """A stretch of the timeline worth finding again (an incident)."""

    first_frame: int
    last_frame: int
    label: str
    colour: tuple[int, int, int] = (230, 80, 60)


class Timeline(QWidget):
    """Follows the playback model; changes it when the referee drags, clicks or scrolls."""

    def __init__(self, playback: Playback) -> None:
        super().__init__()
        self._playback = playback
        self.marks: list[TimelineMark] = []
        self.setMinimumHeight(58)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        playback.frame_changed.connect(lambda frame: self.update())
        playback.offsets_changed.connect(lambda angle: self.update())
        playback.length_changed.connect(lambda last: self.update())  # a recording growing

    def set_marks(self, marks: list[TimelineMark]) -> None:
        self.marks = marks
        self.update()

    # --- geometry ---------------------------------------------------------------------------

    def _track(self) -> QRectF:
        return QRectF(_MARGIN, 24, self.width() - 2 * _MARGIN, 22)

    def x_of(self, frame: int) -> float:
        first, last = self._playback.first_frame, self._playback.last_frame
        track = self._track()
        return track.x() + (frame - first) / max(1, last - first) * track.width()

    def frame_at_x(self, x: float) -> int:
        first, last = self._playback.first_frame, self._playback.last_frame
        track = self._track()
        share = min(max((x - track.x()) / max(1.0, track.width()), 0.0), 1.0)
        return first + round(share * (last - first))

    # --- painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent | None) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(28, 31, 38))
        track = self._track()
        painter.fillRect(track, QColor(52, 57, 68))
        playback = self._playback
        seconds_per_tick = (
            1 if (playback.last_frame - playback.first_frame) / playback.frame_rate < 60 else 10
        )
        painter.setPen(QColor(120, 126, 140))
        first_second = int(playback.seconds(playback.first_frame)) // seconds_per_tick * seconds_per_tick
        second = first_second
        while playback.frame_at_seconds(Fraction(second)) <= playback.last_frame:
            x = self.x_of(playback.frame_at_seconds(Fraction(second)))
            if x >= track.x():
                tall = second % (5 * seconds_per_tick) == 0
                painter.drawLine(
                    int(x), int(track.bottom()), int(x), int(track.bottom() - (10 if tall else 5))
                )
            second += seconds_per_tick
        for angle, first, last in playback.gap_spans():  # a camera that dropped out: no picture there
            x1, x2 = self.x_of(first), self.x_of(last)
            lane = track.bottom() - 4 - 3 * angle
            painter.fillRect(QRectF(x1, lane, max(2.0, x2 - x1), 3), QColor(150, 150, 150))
        for mark in self.marks:
            x1, x2 = self.x_of(mark.first_frame), self.x_of(mark.last_frame)
            painter.fillRect(QRectF(x1, track.y(), max(3.0, x2 - x1), 6), QColor(*mark.colour))
        x = self.x_of(playback.frame)
        painter.setPen(QPen(QColor(255, 200, 0), 2))
        painter.drawLine(int(x), int(track.y() - 4), int(x), int(track.bottom() + 4))
        painter.setPen(QColor(235, 235, 235))
        text = f"{tr('Frame')} {playback.frame}   {tr('Match time')} {playback.timecode()}"
        painter.drawText(QRectF(_MARGIN, 2, self.width() - 2 * _MARGIN, 20), Qt.AlignmentFlag.AlignLeft, text)
        speed = f"{tr('Speed')} ×{playback.speed}" + ("  ◀" if playback.direction < 0 else "")
        painter.drawText(
            QRectF(_MARGIN, 2, self.width() - 2 * _MARGIN, 20), Qt.AlignmentFlag.AlignRight, speed
        )
        painter.end()

    # --- mouse ------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent | None) -> None:
        if event is not None and event.button() == Qt.MouseButton.LeftButton:
            self._playback.pause()
            self._playback.seek(self.frame_at_x(event.position().x()))

    def mouseMoveEvent(self, event: QMouseEvent | None) -> None:
        if event is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self._playback.seek(self.frame_at_x(event.position().x()))

    def wheelEvent(self, event: QWheelEvent | None) -> None:
        # Jog: each notch of the wheel is one frame.
        if event is None:
            return
        notches = event.angleDelta().y() // 120 or (1 if event.angleDelta().y() > 0 else -1)
        self._playback.step(-notches)
        event.accept()
