"""The session's video at the playhead, each named athlete's name, heart rate and speed following him."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from PyQt6.QtCore import QRectF, Qt
from PyQt6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen, QResizeEvent
from PyQt6.QtWidgets import QSizePolicy, QWidget

from athletes.video_session.curves import AthleteCurves
from ui.desk.angle_view import rgb_image
from ui.desk.frame_reader import FrameReader, FrameRequest, ReadyFrame
from ui.session.playhead import SessionPlayhead
from var.media import Video
from var.playback import Zoom

ATHLETE_COLOURS = ("#ffd400", "#00d0ff", "#ff6ad5", "#7dff6a", "#ff8c1a", "#b48cff")


def athlete_colour(index: int) -> QColor:
    return QColor(ATHLETE_COLOURS[index % len(ATHLETE_COLOURS)])


class SessionVideoView(QWidget):
    """Paints the frame the playhead asks for (decoded on its own thread) with the athletes' tags."""

    def __init__(self, video: Video, playhead: SessionPlayhead, curves: Sequence[AthleteCurves]) -> None:
        super().__init__()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 180)
        self._playhead = playhead
        self._curves = list(curves)
        self._shown: ReadyFrame | None = None
        self._reader = FrameReader(video)
        self._reader.frame_ready.connect(self._arrived)
        playhead.frame_changed.connect(lambda _frame: self._ask())

    def stop(self) -> None:
        self._reader.stop()

    @property
    def shown_frame(self) -> int | None:
        return None if self._shown is None else self._shown.request.frame

    def _ask(self) -> None:
        ratio = self.devicePixelRatioF()
        size = (max(1, int(self.width() * ratio)), max(1, int(self.height() * ratio)))
        self._reader.request(FrameRequest(self._playhead.frame, size[0], size[1], Zoom()))

    def _arrived(self, ready: ReadyFrame) -> None:
        self._shown = ready
        self.update()

    def resizeEvent(self, event: QResizeEvent | None) -> None:
        self._ask()

    def paintEvent(self, event: QPaintEvent | None) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#111"))
        ready = self._shown
        if ready is None:
            return
        ratio = self.devicePixelRatioF()
        display = ready.display
        width, height = display.shape[1] / ratio, display.shape[0] / ratio
        left, top = (self.width() - width) / 2, (self.height() - height) / 2
        painter.drawImage(QRectF(left, top, width, height), rgb_image(display))
        x0, y0, source_w, _ = ready.source_rect
        scale = width / source_w
        font = QFont(self.font())
        font.setPointSizeF(max(8.0, self.height() / 60))
        font.setBold(True)
        painter.setFont(font)
        for index, (text, box) in enumerate(self.tags_at(ready.request.frame)):
            if box is None:
                continue
            x = left + ((box[0] + box[2]) / 2 - x0) * scale
            y = top + (box[1] - y0) * scale
            self._tag(painter, text, x, y, athlete_colour(index))
            painter.setPen(QPen(athlete_colour(index), 2))
            painter.drawRect(
                QRectF(left + (box[0] - x0) * scale, y, (box[2] - box[0]) * scale, (box[3] - box[1]) * scale)
            )

    def tags_at(self, frame: int) -> list[tuple[str, np.ndarray | None]]:
        """Each athlete's tag at ``frame`` (name, heart rate, speed) and his box, None when not in view."""
        tags: list[tuple[str, np.ndarray | None]] = []
        for curves in self._curves:
            heart, speed, box = curves.at(frame)
            parts = [curves.athlete]
            if not math.isnan(heart):
                parts.append(f"♥ {heart:.0f}")
            if not math.isnan(speed):
                parts.append(f"{speed:.1f} km/h")
            tags.append((" · ".join(parts), None if np.isnan(box).any() else box))
        return tags

    def _tag(self, painter: QPainter, text: str, x: float, y: float, colour: QColor) -> None:
        metrics = painter.fontMetrics()
        width, height = metrics.horizontalAdvance(text) + 8, metrics.height() + 2
        rect = QRectF(x - width / 2, y - height - 4, width, height)
        painter.fillRect(rect, QColor(0, 0, 0, 170))
        painter.setPen(colour)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
