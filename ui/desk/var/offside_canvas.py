"""The offside tool's picture: the frame fitted to the widget, with the referee's calibration clicks,
the pitch's markings as calibrated, the clicked direction, both players and both lines. A click on it
is told in picture coordinates (``clicked``); the dialog decides what the click means."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import numpy as np
from PyQt6.QtCore import QPointF, QRectF, Qt, pyqtSignal
from PyQt6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PyQt6.QtWidgets import QSizePolicy, QWidget

from ui.desk.angle_view import rgb_image
from var.burn_in import ATTACKER_COLOUR, DEFENDER_COLOUR
from var.offside import Calibration, OffsideLines
from var.pitch import Pitch

Point = tuple[float, float]


class OffsideCanvas(QWidget):
    """The frame, fitted to the widget, with calibration points, pitch markings and the two lines."""

    clicked = pyqtSignal(float, float)  # picture coordinates

    def __init__(self, picture: np.ndarray) -> None:
        super().__init__()
        self.picture = np.ascontiguousarray(picture)
        self._image: QImage = rgb_image(self.picture)
        self.clicks: list[tuple[str, Point]] = []
        self.calibration: Calibration | None = None
        self.lines: OffsideLines | None = None
        self.players: dict[str, Point] = {}
        self.vanishing: Any = None  # tracking.offside.vanishing.VanishingPoint, from the auto step
        self.direction_clicks: list[Point] = []  # two lines parallel to the goal line, two points each
        self.setMinimumSize(640, 360)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)

    def _target(self) -> QRectF:
        height, width = self.picture.shape[:2]
        scale = min(self.width() / width, self.height() / height)
        return QRectF(
            (self.width() - width * scale) / 2,
            (self.height() - height * scale) / 2,
            width * scale,
            height * scale,
        )

    def to_widget(self, point: Point) -> QPointF:
        target = self._target()
        scale = target.width() / self.picture.shape[1]
        return QPointF(target.x() + point[0] * scale, target.y() + point[1] * scale)

    def to_picture(self, point: QPointF) -> Point:
        target = self._target()
        scale = target.width() / self.picture.shape[1]
        return (point.x() - target.x()) / scale, (point.y() - target.y()) / scale

    def mousePressEvent(self, event: QMouseEvent | None) -> None:
        if event is not None and event.button() == Qt.MouseButton.LeftButton:
            x, y = self.to_picture(event.position())
            if 0 <= x < self.picture.shape[1] and 0 <= y < self.picture.shape[0]:
                self.clicked.emit(x, y)

    def paintEvent(self, event: QPaintEvent | None) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(10, 10, 12))
        painter.drawImage(self._target(), self._image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.calibration is not None:
            painter.setPen(QPen(QColor(255, 255, 0, 170), 1, Qt.PenStyle.DashLine))
            for polyline in Pitch().markings():
                points = [self.to_widget(self.calibration.to_image(p)) for p in polyline]
                for start, end in pairwise(points):
                    painter.drawLine(start, end)
        painter.setPen(QPen(QColor(255, 255, 255), 2))
        for first, second in zip(self.direction_clicks[::2], self.direction_clicks[1::2], strict=False):
            painter.drawLine(self.to_widget(first), self.to_widget(second))
        for clicked in self.direction_clicks:
            painter.drawEllipse(self.to_widget(clicked), 4, 4)
        for name, point in self.clicks:
            at = self.to_widget(point)
            painter.setPen(QPen(QColor(255, 255, 0), 2))
            painter.drawEllipse(at, 5, 5)
            painter.drawText(at + QPointF(8, -6), name)
        if self.lines is not None:
            for colour, line in (
                (DEFENDER_COLOUR, self.lines.defender_line),
                (ATTACKER_COLOUR, self.lines.attacker_line),
            ):
                painter.setPen(QPen(QColor(*colour), 2))
                painter.drawLine(self.to_widget(line[0]), self.to_widget(line[1]))
        elif self.vanishing is not None:  # not calibrated: the lines still point at the vanishing point
            for role, point in self.players.items():
                colour = ATTACKER_COLOUR if role == "attacker" else DEFENDER_COLOUR
                painter.setPen(QPen(QColor(*colour), 2))
                start, end = self.vanishing.line_through(point, self.picture.shape[0])
                painter.drawLine(self.to_widget(start), self.to_widget(end))
        for role, point in self.players.items():
            colour = ATTACKER_COLOUR if role == "attacker" else DEFENDER_COLOUR
            painter.setPen(QPen(QColor(*colour), 3))
            painter.drawEllipse(self.to_widget(point), 6, 6)
        painter.end()
