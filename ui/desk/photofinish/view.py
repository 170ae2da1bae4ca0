"""The judge's photo-finish view: the composite picture, the results list, a click sets a time.

The judge clicks the point that counts (athletics: the torso) in a lane; its time replaces the
video's in the results, and the record keeps both. The view knows the result through two small
callables: what the results are now, and how to set a lane's time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
from PyQt6.QtCore import Qt
from PyQt6.QtGui import QImage, QMouseEvent, QPixmap
from PyQt6.QtWidgets import (
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.common.i18n import FollowsLanguage, tr
from var.photofinish.composite import ClickMap

Results = Callable[[], list[dict[str, Any]]]  # lane, time, place, tie_with, set_by, auto_time_s
Judge = Callable[[int, float], None]  # lane, seconds from the start


class CompositePicture(QLabel):
    """The composite at its own size; a click is passed on in picture pixels."""

    def __init__(self, picture: npt.NDArray[np.uint8], clicked: Callable[[float, float], None]) -> None:
        super().__init__()
        height, width = picture.shape[:2]
        self._data = np.ascontiguousarray(picture)
        image = QImage(self._data.data, width, height, 3 * width, QImage.Format.Format_RGB888)  # type: ignore[call-overload]
        self.setPixmap(QPixmap.fromImage(image))
        self.setCursor(Qt.CursorShape.CrossCursor)
        self._clicked = clicked

    def mousePressEvent(self, event: QMouseEvent | None) -> None:
        if event is not None and event.button() == Qt.MouseButton.LeftButton:
            self._clicked(event.position().x(), event.position().y())


class PhotoFinishView(FollowsLanguage, QWidget):
    """The composite above the results; the judge's click sets the time of the lane clicked."""

    def __init__(
        self, picture: npt.NDArray[np.uint8], clicks: ClickMap, results: Results, judge: Judge, point: str
    ) -> None:
        super().__init__()
        self.clicks, self._results, self._judge = clicks, results, judge
        self.picture = CompositePicture(picture, self.clicked)
        scroll = QScrollArea()
        scroll.setWidget(self.picture)
        self.hint = QLabel()
        self.point = point
        self.table = QTableWidget(0, 4)
        header = self.table.horizontalHeader()
        if header is not None:
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(scroll, stretch=2)
        layout.addWidget(self.table, stretch=1)
        self.retranslate()
        self.built = True  # language changes are told from now on (FollowsLanguage)

    def clicked(self, x: float, y: float) -> None:
        lane = self.clicks.lane_at(y)
        if lane is None or x < self.clicks.layout.left:
            return
        self._judge(lane, round(self.clicks.time_at(x), 4))
        self.refresh()

    def refresh(self) -> None:
        finishers = self._results()
        self.table.setRowCount(len(finishers))
        for row, finisher in enumerate(finishers):
            if finisher.get("set_by") == "judge":
                by = tr("judge (video {time})").format(time=f"{finisher['auto_time_s']:.3f}")
            else:
                by = tr("video")
            if finisher["tie_with"]:
                by += " · " + tr("dead heat: too close to call")
            values = (str(finisher["place"]), str(finisher["lane"]), str(finisher["time"]), by)
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))

    def retranslate(self) -> None:
        self.hint.setText(
            tr("Click the point that counts ({point}) in a lane to set its time").format(point=self.point)
        )
        self.table.setHorizontalHeaderLabels([tr("Place"), tr("Lane"), tr("Time"), tr("Set by")])
        self.refresh()
