"""One camera angle on screen: the frame the playhead asks for, zoomed as the model says, with drawings."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from PyQt6.QtCore import QPointF, QRectF, Qt, pyqtSignal
from PyQt6.QtGui import (
    QColor,
    QFont,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
    QResizeEvent,
    QWheelEvent,
)
from PyQt6.QtWidgets import QApplication, QInputDialog, QSizePolicy, QWidget

from ui.common.i18n import tr
from ui.desk.frame_reader import FrameReader, FrameRequest, ReadyFrame
from ui.desk.tools import Tool, ToolState
from var.burn_in import ATTACKER_COLOUR, DEFENDER_COLOUR
from var.drawings import Drawing, DrawingKind, DrawingStore, Point
from var.playback import Playback

_DRAWING_KINDS = {
    Tool.LINE: DrawingKind.LINE,
    Tool.ARROW: DrawingKind.ARROW,
    Tool.CIRCLE: DrawingKind.CIRCLE,
    Tool.FREEHAND: DrawingKind.FREEHAND,
}
_LOUPE_SIZE = 220  # screen pixels
_LOUPE_MAGNIFICATION = 2  # screen pixels per picture pixel: the full resolution, enlarged


def rgb_image(array: np.ndarray) -> QImage:
    """A QImage viewing ``array``'s memory (the caller keeps the array alive)."""
    height, width = array.shape[:2]
    image: QImage = QImage(array.data, width, height, 3 * width, QImage.Format.Format_RGB888)  # type: ignore[call-overload]
    return image


class AngleView(QWidget):
    """Shows angle ``angle`` of the review at the playhead; mouse zooms, pans and draws."""

    clicked = pyqtSignal(int)  # this angle was clicked (the grid makes it the main one)

    def __init__(
        self,
        angle: int,
        playback: Playback,
        drawings: DrawingStore,
        reader: FrameReader,
        tools: ToolState,
        label: str,
    ) -> None:
        super().__init__()
        self.angle = angle
        self._playback = playback
        self._drawings = drawings
        self._reader = reader
        self._tools = tools
        self._label = label
        self._ready: ReadyFrame | None = None
        self._image: QImage | None = None
        self._drag_start: QPointF | None = None
        self._last_drag: QPointF | None = None
        self._stroke: list[Point] = []
        self._mouse: QPointF | None = None
        self._prompt: Callable[[], tuple[str, bool]] = self._dialog_prompt
        self.offside_source: Callable[[int, int], list[dict[str, Any]]] = lambda angle, frame: []
        self.tracking_layers: Any = None  # ui.desk.tracking.overlay.TrackingLayers, set by the window
        self.setMinimumSize(160, 90)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        reader.frame_ready.connect(self._show)
        for event in (playback.frame_changed, playback.offsets_changed, playback.zoom_changed):
            event.connect(self._model_changed)
        drawings.changed.connect(lambda angle, frame: self.update())
        tools.changed.connect(self._tool_changed)

    # --- what is on screen ------------------------------------------------------------------

    @property
    def wanted_frame(self) -> int | None:
        """This angle's own frame at the playhead (None: the angle has no picture at this moment)."""
        return self._playback.angle_frame(self.angle)

    @property
    def shown_frame(self) -> int | None:
        """The frame whose picture is on screen now."""
        return self._ready.request.frame if self._ready is not None else None

    @property
    def shown_picture(self) -> np.ndarray | None:
        return self._ready.picture if self._ready is not None else None

    def is_up_to_date(self) -> bool:
        """Showing exactly what the model asks for (frame and zoom)."""
        wanted = self.wanted_frame
        if wanted is None:
            return True
        ready = self._ready
        return ready is not None and ready.request == self._request_for(wanted)

    def detach(self) -> None:
        """Stop following the model (the view is being thrown away)."""
        for event in (
            self._playback.frame_changed,
            self._playback.offsets_changed,
            self._playback.zoom_changed,
        ):
            event.disconnect(self._model_changed)
        self._reader.frame_ready.disconnect(self._show)

    # --- following the model ------------------------------------------------------------------

    def _request_for(self, frame: int) -> FrameRequest:
        ratio = self.devicePixelRatioF()
        return FrameRequest(
            frame, int(self.width() * ratio), int(self.height() * ratio), self._playback.zooms[self.angle]
        )

    def refresh(self) -> None:
        wanted = self.wanted_frame
        if wanted is not None and self.isVisible():
            self._reader.request(self._request_for(wanted))
        self.update()

    def _model_changed(self, *_: object) -> None:
        self.refresh()

    def _tool_changed(self) -> None:
        self.setCursor(
            Qt.CursorShape.OpenHandCursor if self._tools.tool is Tool.PAN else Qt.CursorShape.CrossCursor
        )
        self.update()

    def _show(self, ready: ReadyFrame) -> None:
        self._ready = ready
        self._image = rgb_image(ready.display)
        self.update()

    def resizeEvent(self, event: QResizeEvent | None) -> None:
        self.refresh()

    def showEvent(self, event: object) -> None:
        self.refresh()

    # --- coordinates --------------------------------------------------------------------------

    def _target_rect(self) -> QRectF | None:
        if self._image is None:
            return None
        ratio = self.devicePixelRatioF()
        width, height = self._image.width() / ratio, self._image.height() / ratio
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)

    def to_picture(self, point: QPointF) -> Point | None:
        """The picture pixel under a widget point, or None outside the picture."""
        target = self._target_rect()
        if target is None or self._ready is None or not target.contains(point):
            return None
        x0, y0, width, height = self._ready.source_rect
        return (
            x0 + (point.x() - target.x()) / target.width() * width,
            y0 + (point.y() - target.y()) / target.height() * height,
        )

    def to_widget(self, point: Point) -> QPointF:
        target = self._target_rect()
        assert target is not None and self._ready is not None
        x0, y0, width, height = self._ready.source_rect
        return QPointF(
            target.x() + (point[0] - x0) / width * target.width(),
            target.y() + (point[1] - y0) / height * target.height(),
        )

    def _picture_scale(self) -> float:
        """Widget pixels per picture pixel."""
        target = self._target_rect()
        return target.width() / self._ready.source_rect[2] if target is not None and self._ready else 1.0

    # --- painting -----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent | None) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(12, 14, 18))
        wanted = self.wanted_frame
        target = self._target_rect()
        if wanted is None:
            painter.setPen(QColor(170, 170, 170))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, tr("No picture at this moment"))
        elif self._image is not None and target is not None:
            painter.drawImage(target, self._image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            for drawing in self._drawings.on(self.angle, self.shown_frame or 0):
                self._paint_drawing(painter, drawing)
            for analysis in self.offside_source(self.angle, self.shown_frame or 0):
                self._paint_offside(painter, analysis)
            if self.tracking_layers is not None and self.shown_frame is not None:
                self.tracking_layers.paint(painter, self.angle, self.shown_frame, self.to_widget)
            self._paint_preview(painter)
            if self._tools.loupe and self._mouse is not None:
                self._paint_loupe(painter, self._mouse)
        self._paint_label(painter, wanted)
        if self.hasFocus():
            painter.setPen(QPen(QColor(255, 200, 0), 2))
            painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
        painter.end()

    def _paint_label(self, painter: QPainter, wanted: int | None) -> None:
        offset = self._playback.angles[self.angle].offset
        text = f"{self.angle + 1} · {self._label}   {tr('Frame')} {'—' if wanted is None else wanted}"
        if offset:
            text += f"   {tr('Offset')} {offset:+d}"
        scale = self._playback.zooms[self.angle].scale
        if scale > 1.001:
            text += f"   ×{scale:.1f}"
        metrics = painter.fontMetrics()
        box = QRectF(6, 6, metrics.horizontalAdvance(text) + 12, metrics.height() + 6)
        painter.fillRect(box, QColor(0, 0, 0, 160))
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _pen(self, colour: tuple[int, int, int], width: float) -> QPen:
        pen = QPen(QColor(*colour), max(1.5, width * self._picture_scale()))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        return pen

    def _paint_drawing(self, painter: QPainter, drawing: Drawing) -> None:
        painter.setPen(self._pen(drawing.colour, drawing.width))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        points = [self.to_widget(p) for p in drawing.points]
        if drawing.kind in (DrawingKind.LINE, DrawingKind.ARROW):
            painter.drawLine(points[0], points[-1])
            if drawing.kind is DrawingKind.ARROW:
                self._paint_arrowhead(painter, points[0], points[-1], drawing.colour)
        elif drawing.kind is DrawingKind.CIRCLE:
            radius = math.dist((points[0].x(), points[0].y()), (points[1].x(), points[1].y()))
            painter.drawEllipse(points[0], radius, radius)
        elif drawing.kind is DrawingKind.FREEHAND:
            painter.drawPolyline(QPolygonF(points))
        elif drawing.kind is DrawingKind.TEXT:
            font = QFont(painter.font())
            font.setPixelSize(max(10, int(28 * self._picture_scale())))
            font.setBold(True)
            painter.setFont(font)
            painter.drawText(points[0], drawing.text)

    def _paint_offside(self, painter: QPainter, analysis: dict[str, Any]) -> None:
        for role, colour in (("defender", DEFENDER_COLOUR), ("attacker", ATTACKER_COLOUR)):
            start, end = analysis[f"{role}_line"]
            painter.setPen(QPen(QColor(*colour), 2))
            painter.drawLine(self.to_widget(tuple(start)), self.to_widget(tuple(end)))
        painter.setPen(QColor(255, 255, 255))
        plus_minus = (
            f" ± {analysis['uncertainty_cm']:.1f}" if analysis.get("uncertainty_cm") is not None else ""
        )
        painter.drawText(QPointF(12, self.height() - 14), f"{analysis['distance_cm']:+.1f}{plus_minus} cm")

    def _paint_arrowhead(
        self, painter: QPainter, start: QPointF, end: QPointF, colour: tuple[int, int, int]
    ) -> None:
        angle = math.atan2(end.y() - start.y(), end.x() - start.x())
        size = max(8.0, 18 * self._picture_scale())
        wings = [
            QPointF(end.x() - size * math.cos(angle - 0.45), end.y() - size * math.sin(angle - 0.45)),
            QPointF(end.x() - size * math.cos(angle + 0.45), end.y() - size * math.sin(angle + 0.45)),
        ]
        painter.setBrush(QColor(*colour))
        painter.drawPolygon(QPolygonF([end, *wings]))
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def _paint_preview(self, painter: QPainter) -> None:
        if len(self._stroke) < 2 or self._tools.tool not in _DRAWING_KINDS:
            return
        points = self._stroke if self._tools.tool is Tool.FREEHAND else [self._stroke[0], self._stroke[-1]]
        self._paint_drawing(
            painter,
            Drawing(_DRAWING_KINDS[self._tools.tool], self.angle, self.shown_frame or 0, tuple(points)),
        )

    def _paint_loupe(self, painter: QPainter, at: QPointF) -> None:
        centre = self.to_picture(at)
        picture = self.shown_picture
        if centre is None or picture is None:
            return
        half = _LOUPE_SIZE // (2 * _LOUPE_MAGNIFICATION)
        x, y = int(centre[0]), int(centre[1])
        height, width = picture.shape[:2]
        x0, y0 = (
            min(max(x - half, 0), max(width - 2 * half, 0)),
            min(max(y - half, 0), max(height - 2 * half, 0)),
        )
        crop = np.ascontiguousarray(picture[y0 : y0 + 2 * half, x0 : x0 + 2 * half])
        image = rgb_image(crop)
        box = QRectF(at.x() + 16, at.y() + 16, _LOUPE_SIZE, _LOUPE_SIZE)
        clip = QPainterPath()
        clip.addEllipse(box)
        painter.save()
        painter.setClipPath(clip)
        painter.drawImage(box, image)  # each picture pixel becomes a 2x2 block: full resolution, enlarged
        painter.restore()
        painter.setPen(QPen(QColor(255, 255, 255), 2))
        painter.drawEllipse(box)

    # --- mouse --------------------------------------------------------------------------------

    def wheelEvent(self, event: QWheelEvent | None) -> None:
        if event is None:
            return
        anchor = self.to_picture(event.position())
        if anchor is None or self.shown_picture is None:
            return
        height, width = self.shown_picture.shape[:2]
        factor = 1.25 ** (event.angleDelta().y() / 120)
        self._playback.zoom_at(self.angle, factor, anchor[0] / width, anchor[1] / height)
        event.accept()

    def mousePressEvent(self, event: QMouseEvent | None) -> None:
        if event is None or event.button() != Qt.MouseButton.LeftButton:
            return
        self.clicked.emit(self.angle)
        self._drag_start = self._last_drag = event.position()
        point = self.to_picture(event.position())
        tool = self._tools.tool
        if tool is Tool.TEXT and point is not None:
            self._ask_for_text(point)
        elif tool in _DRAWING_KINDS and point is not None:
            self._stroke = [point]

    def mouseMoveEvent(self, event: QMouseEvent | None) -> None:
        if event is None:
            return
        self._mouse = event.position()
        if self._drag_start is not None:
            if (
                self._tools.tool is Tool.PAN
                and self._last_drag is not None
                and self.shown_picture is not None
            ):
                self._pan_by(self._last_drag, event.position())
            elif self._stroke:
                point = self.to_picture(event.position())
                if point is not None:
                    self._stroke.append(point)
            self._last_drag = event.position()
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent | None) -> None:
        if event is None or event.button() != Qt.MouseButton.LeftButton:
            return
        tool = self._tools.tool
        if tool in _DRAWING_KINDS and len(self._stroke) >= 2 and self.shown_frame is not None:
            points = self._stroke if tool is Tool.FREEHAND else [self._stroke[0], self._stroke[-1]]
            self._drawings.add(Drawing(_DRAWING_KINDS[tool], self.angle, self.shown_frame, tuple(points)))
        self._stroke = []
        self._drag_start = self._last_drag = None
        self.update()

    def leaveEvent(self, event: object) -> None:
        self._mouse = None
        self.update()

    def _pan_by(self, previous: QPointF, now: QPointF) -> None:
        target = self._target_rect()
        if target is None:
            return
        scale = self._playback.zooms[self.angle].scale
        dx = -(now.x() - previous.x()) / target.width() / scale
        dy = -(now.y() - previous.y()) / target.height() / scale
        self._playback.pan(self.angle, dx, dy)

    def _dialog_prompt(self) -> tuple[str, bool]:
        return QInputDialog.getText(self, tr("Text"), tr("Text to write on the frame:"))

    def _ask_for_text(self, point: Point) -> None:
        text, accepted = self._prompt()
        if accepted and text.strip() and self.shown_frame is not None:
            self._drawings.add(
                Drawing(DrawingKind.TEXT, self.angle, self.shown_frame, (point,), text=text.strip())
            )

    def set_text_prompt(self, prompt: Callable[[], tuple[str, bool]]) -> None:
        """Replace the text dialog (tests type their text without a modal dialog)."""
        self._prompt = prompt


def wait_until_up_to_date(views: Sequence[AngleView], seconds: float = 15.0) -> bool:
    """Process events until every visible view shows the frame the playhead asks for."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if all(view.is_up_to_date() for view in views if view.isVisible()):
            return True
        time.sleep(0.005)
    return False
