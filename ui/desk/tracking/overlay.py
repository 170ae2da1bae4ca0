"""Tracking on screen: boxes with ids in team colours, the ball and its trail, pose skeletons, a pitch
minimap, and a coach's view of one player (distance, top speed, HSR, sprints, heatmap)."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
from PyQt6.QtCore import QObject, QPointF, QRectF, Qt, pyqtSignal
from PyQt6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen, QPixmap
from PyQt6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QSizePolicy, QVBoxLayout, QWidget

from tracking.metrics import PlayerMetrics, heatmap, player_metrics
from tracking.tracker import BALL_TRACK_ID
from tracking.tracks import CLASS_CODES, Tracks
from ui.common.i18n import tr

TEAM_COLOURS = {
    0: QColor(255, 255, 255),
    1: QColor(255, 200, 0),
    2: QColor(200, 80, 255),
    -1: QColor(160, 160, 160),
}
SKELETON = (
    (5, 7),
    (7, 9),
    (6, 8),
    (8, 10),
    (5, 6),
    (5, 11),
    (6, 12),
    (11, 12),
    (11, 13),
    (13, 15),
    (12, 14),
    (14, 16),
)
TRAIL_FRAMES = 25


class TrackingLayers(QObject):
    """Which overlays are on, and the tracks of each angle; views and the minimap follow it."""

    changed = pyqtSignal()

    def __init__(self) -> None:
        super().__init__()
        self.tracks: dict[int, Tracks] = {}
        self.boxes = True
        self.ball = True
        self.skeletons = False
        self.selected: int | None = None  # a track id the coach looks at
        self.hidden_angles: set[int] = set()  # angles whose overlays are switched off

    def set_tracks(self, angle: int, tracks: Tracks) -> None:
        self.tracks[angle] = tracks
        self.changed.emit()

    def toggle(self, layer: str) -> None:
        setattr(self, layer, not getattr(self, layer))
        self.changed.emit()

    def toggle_angle(self, angle: int) -> None:
        """Switch one angle's overlays off or back on (the others keep theirs)."""
        self.hidden_angles ^= {angle}
        self.changed.emit()

    def paint(self, painter: QPainter, angle: int, frame: int, to_widget: object) -> None:
        """Draw this angle's layers at ``frame``; ``to_widget`` maps picture points to the view."""
        tracks = self.tracks.get(angle)
        if tracks is None or angle in self.hidden_angles:
            return
        here = tracks.at(frame)
        mapping = to_widget  # picture (x, y) -> QPointF
        if self.boxes:
            for row in range(len(here)):
                if here.cls[row] == CLASS_CODES["ball"]:
                    continue
                colour = (
                    QColor(255, 60, 60)
                    if here.track_id[row] == self.selected
                    else TEAM_COLOURS.get(int(here.team[row]), TEAM_COLOURS[-1])
                )
                painter.setPen(QPen(colour, 2))
                x1, y1, x2, y2 = (float(v) for v in here.xyxy[row])
                top_left, bottom_right = mapping((x1, y1)), mapping((x2, y2))  # type: ignore[operator]
                painter.drawRect(QRectF(top_left, bottom_right))
                painter.drawText(top_left + QPointF(0, -3), str(int(here.track_id[row])))
        if self.skeletons:
            painter.setPen(QPen(QColor(0, 255, 200), 1.5))
            for keypoints in here.keypoints:
                for a, b in SKELETON:
                    if keypoints[a, 2] > 0.5 and keypoints[b, 2] > 0.5:
                        painter.drawLine(mapping(tuple(keypoints[a, :2])), mapping(tuple(keypoints[b, :2])))  # type: ignore[operator]
        if self.ball:
            ball = tracks[
                (tracks.track_id == BALL_TRACK_ID)
                & (tracks.frame <= frame)
                & (tracks.frame > frame - TRAIL_FRAMES)
            ]
            ball = ball[np.argsort(ball.frame)]
            centres = [mapping((float(x), float(y))) for x, y in ball.centres]  # type: ignore[operator]
            painter.setPen(QPen(QColor(255, 140, 0), 2))
            for start, end in pairwise(centres):
                painter.drawLine(start, end)
            if len(ball) and ball.frame[-1] == frame:
                painter.setBrush(QColor(255, 140, 0))
                painter.drawEllipse(centres[-1], 5, 5)
                painter.setBrush(Qt.BrushStyle.NoBrush)


class PitchMinimap(QWidget):
    """Everyone's pitch position at the playhead, from the tracks of the main angle."""

    def __init__(self, layers: TrackingLayers, angle_frame: object) -> None:
        super().__init__()
        self._layers = layers
        self._angle_frame = angle_frame  # () -> (angle, frame) or None
        self.setMinimumSize(180, 100)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layers.changed.connect(self.update)

    def dots(self) -> list[tuple[float, float, int, int]]:
        """(pitch x, pitch y, team, track id) of everyone placed on the pitch now."""
        where = self._angle_frame()  # type: ignore[operator]
        if where is None or where[0] not in self._layers.tracks:
            return []
        here = self._layers.tracks[where[0]].at(where[1])
        placed = ~np.isnan(here.pitch_xy).any(axis=1)
        return [
            (float(x), float(y), int(t), int(i))
            for (x, y), t, i in zip(
                here.pitch_xy[placed], here.team[placed], here.track_id[placed], strict=True
            )
        ]

    def paintEvent(self, event: QPaintEvent | None) -> None:
        painter = QPainter(self)
        margin = 8
        scale = min((self.width() - 2 * margin) / 105.0, (self.height() - 2 * margin) / 68.0)
        pitch = QRectF(margin, margin, 105 * scale, 68 * scale)
        painter.fillRect(self.rect(), QColor(25, 30, 35))
        painter.fillRect(pitch, QColor(40, 120, 50))
        painter.setPen(QPen(QColor(230, 230, 230), 1))
        painter.drawRect(pitch)
        painter.drawLine(
            QPointF(pitch.center().x(), pitch.top()), QPointF(pitch.center().x(), pitch.bottom())
        )
        for x, y, team, track_id in self.dots():
            colour = (
                TEAM_COLOURS.get(team, TEAM_COLOURS[-1]) if track_id != BALL_TRACK_ID else QColor(255, 140, 0)
            )
            painter.setBrush(colour)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(QPointF(pitch.x() + x * scale, pitch.y() + y * scale), 3.5, 3.5)
        painter.end()


class CoachView(QWidget):
    """Per player: distance, top speed, HSR and sprint counts, and where on the pitch they were."""

    def __init__(self, layers: TrackingLayers, frame_rate: float) -> None:
        super().__init__()
        self._layers = layers
        self._frame_rate = frame_rate
        self.players = QListWidget()
        self.players.currentItemChanged.connect(self._select)
        self.heat = QLabel()
        self.heat.setMinimumHeight(60)
        self.heat.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.players, stretch=1)
        layout.addWidget(self.heat)
        self.metrics: list[PlayerMetrics] = []
        layers.changed.connect(self.refresh)

    def refresh(self) -> None:
        tracks = self._layers.tracks.get(0)
        self.metrics = player_metrics(tracks, self._frame_rate) if tracks is not None else []
        selected = self._layers.selected
        self.players.blockSignals(True)
        self.players.clear()
        for m in sorted(self.metrics, key=lambda m: -m.distance_m):
            text = tr(
                "#{id} · {distance:.0f} m · top {speed:.1f} km/h · HSR {hsr:.0f} m · {sprints} sprints"
            ).format(
                id=m.track_id,
                distance=m.distance_m,
                speed=m.top_speed_kmh,
                hsr=m.hsr_distance_m,
                sprints=m.sprints,
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, m.track_id)
            self.players.addItem(item)
            if m.track_id == selected:
                self.players.setCurrentItem(item)
        self.players.blockSignals(False)
        if not self.metrics:
            self.heat.setText(
                tr("Track the main angle with a pitch calibration to see distances and heatmaps")
            )

    def _select(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        track_id = int(item.data(Qt.ItemDataRole.UserRole))
        self._layers.selected = track_id
        tracks = self._layers.tracks.get(0)
        if tracks is not None:
            counts = heatmap(tracks, track_id)
            self.heat.setPixmap(
                _heat_image(counts).scaled(self.heat.width(), 120, Qt.AspectRatioMode.KeepAspectRatio)
            )
        self._layers.changed.emit()


def _heat_image(counts: np.ndarray) -> QPixmap:
    peak = counts.max() or 1.0
    level = (counts / peak * 255).astype(np.uint8)
    rgb = np.zeros((*level.shape, 3), np.uint8)
    rgb[..., 0] = level
    rgb[..., 1] = (80 + level // 3).clip(0, 255)
    rgb[..., 2] = 40
    rgb = np.ascontiguousarray(np.repeat(np.repeat(rgb, 6, axis=0), 6, axis=1))
    image = QImage(rgb.data, rgb.shape[1], rgb.shape[0], 3 * rgb.shape[1], QImage.Format.Format_RGB888)  # type: ignore[call-overload]
    return QPixmap.fromImage(image.copy())
