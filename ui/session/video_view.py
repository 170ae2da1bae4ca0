"""The session's video at the playhead, each named athlete's name, heart rate and speed following him."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from PyQt6.QtCore import QPointF, QRectF, Qt, pyqtSignal
from PyQt6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen, QResizeEvent
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
    """Paints the frame the playhead asks for (decoded on its own thread) with the athletes' tags; a
    click on the picture says where (``picture_clicked``: frame, x, y in the picture's pixels)."""

    picture_clicked = pyqtSignal(int, float, float)

    def __init__(self, video: Video, playhead: SessionPlayhead, curves: Sequence[AthleteCurves]) -> None:
        super().__init__()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 180)
        self._playhead = playhead
        self._curves = list(curves)
        self._question: tuple[int, list[np.ndarray]] | None = None
        self._shown: ReadyFrame | None = None
        self._reader = FrameReader(video)
        self._reader.frame_ready.connect(self._arrived)
        playhead.frame_changed.connect(lambda _frame: self._ask())

    def stop(self) -> None:
        self._reader.stop()

    @property
    def curves(self) -> list[AthleteCurves]:
        """The athletes' curves the tags follow."""
        return list(self._curves)

    def set_question(self, frame: int | None, boxes: Sequence[np.ndarray] = ()) -> None:
        """Mark ``boxes`` on ``frame`` as the players the coach is asked to choose among (None: none)."""
        self._question = (frame, list(boxes)) if frame is not None else None
        self.update()

    def set_curves(self, curves: Sequence[AthleteCurves]) -> None:
        self._curves = list(curves)
        self.update()

    def _placement(self, ready: ReadyFrame) -> tuple[float, float, float, float, float]:
        """Where the shown picture sits in the widget (left, top, width, height), and the widget
        points per picture pixel."""
        ratio = self.devicePixelRatioF()
        width, height = ready.display.shape[1] / ratio, ready.display.shape[0] / ratio
        left, top = (self.width() - width) / 2, (self.height() - height) / 2
        return left, top, width, height, width / ready.source_rect[2]

    def to_picture(self, x: float, y: float) -> tuple[float, float] | None:
        """The picture's pixel under widget point (x, y), or None off the picture."""
        if self._shown is None:
            return None
        left, top, width, height, scale = self._placement(self._shown)
        if not (left <= x <= left + width and top <= y <= top + height):
            return None
        x0, y0 = self._shown.source_rect[:2]
        return x0 + (x - left) / scale, y0 + (y - top) / scale

    def to_widget(self, x: float, y: float) -> tuple[float, float] | None:
        """The widget point showing picture pixel (x, y), or None before a frame is shown."""
        if self._shown is None:
            return None
        left, top, _, _, scale = self._placement(self._shown)
        x0, y0 = self._shown.source_rect[:2]
        return left + (x - x0) * scale, top + (y - y0) * scale

    def mouseReleaseEvent(self, event: QMouseEvent | None) -> None:
        if event is None or event.button() != Qt.MouseButton.LeftButton or self._shown is None:
            return
        point = self.to_picture(event.position().x(), event.position().y())
        if point is not None:
            self.picture_clicked.emit(self._shown.request.frame, point[0], point[1])

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
        left, top, width, height, scale = self._placement(ready)
        painter.drawImage(QRectF(left, top, width, height), rgb_image(ready.display))
        x0, y0 = ready.source_rect[:2]
        font = QFont(self.font())
        font.setPointSizeF(max(8.0, self.height() / 60))
        font.setBold(True)
        painter.setFont(font)
        if self._question is not None and self._question[0] == ready.request.frame:
            painter.setPen(QPen(QColor("#ffd400"), 2, Qt.PenStyle.DashLine))
            for asked in self._question[1]:
                corner = QRectF(
                    left + (asked[0] - x0) * scale,
                    top + (asked[1] - y0) * scale,
                    (asked[2] - asked[0]) * scale,
                    (asked[3] - asked[1]) * scale,
                )
                painter.drawRect(corner)
                painter.drawText(corner.topLeft() + QPointF(2, -4), "?")
        for index, (text, box) in enumerate(self.tags_at(ready.request.frame)):
            if box is None:
                continue
            x = left + ((box[0] + box[2]) / 2 - x0) * scale
            y = top + (box[1] - y0) * scale
            self._tag(painter, text, x, y, athlete_colour(index))
            guessed = self._curves[index].guessed_at(ready.request.frame)
            # a hidden player's box is the tracker's guess: dashed, as the coach's questions are
            style = Qt.PenStyle.DashLine if guessed else Qt.PenStyle.SolidLine
            painter.setPen(QPen(athlete_colour(index), 2, style))
            painter.drawRect(
                QRectF(left + (box[0] - x0) * scale, y, (box[2] - box[0]) * scale, (box[3] - box[1]) * scale)
            )

    def tags_at(self, frame: int) -> list[tuple[str, np.ndarray | None]]:
        """Each athlete's tag at ``frame`` (name, heart rate, speed) and his box, None when not in view;
        "(?)" after the name where the box is the tracker's guess (he is hidden behind another)."""
        tags: list[tuple[str, np.ndarray | None]] = []
        for curves in self._curves:
            heart, speed, box = curves.at(frame)
            parts = [f"{curves.athlete} (?)" if curves.guessed_at(frame) else curves.athlete]
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
