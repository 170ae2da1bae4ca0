"""The angles on screen: 1, 2 or 4 in a grid, or one large with the others as thumbnails."""

from __future__ import annotations

from PyQt6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from ui.desk.angle_view import AngleView
from var.playback import Layout, Playback

_THUMBNAIL_HEIGHT = 150


class AngleGrid(QWidget):
    """Lays out the angle views as the playback model's layout and main angle say."""

    def __init__(self, playback: Playback, views: list[AngleView]) -> None:
        super().__init__()
        self._playback = playback
        self.views = views
        self._arrange()
        playback.layout_changed.connect(lambda main: self._arrange())
        for view in views:
            view.clicked.connect(self._clicked)

    def _clicked(self, angle: int) -> None:
        if self._playback.layout is Layout.MAIN_AND_THUMBNAILS:
            self._playback.make_main(angle)

    def main_view(self) -> AngleView:
        return self.views[self._playback.main_angle]

    def _arrange(self) -> None:
        old = self.layout()
        if old is not None:
            while old.count():
                old.takeAt(0)
            QWidget().setLayout(old)  # hand the old layout to a throwaway widget so Qt deletes it
        for view in self.views:
            view.setMinimumHeight(90)
            view.setMaximumHeight(16777215)
        if self._playback.layout is Layout.GRID or len(self.views) == 1:
            grid = QGridLayout(self)
            columns = 1 if len(self.views) == 1 else 2
            for index, view in enumerate(self.views):
                grid.addWidget(view, index // columns, index % columns)
        else:
            column = QVBoxLayout(self)
            main = self.views[self._playback.main_angle]
            column.addWidget(main, stretch=4)
            strip = QHBoxLayout()
            for view in self.views:
                if view is not main:
                    view.setMaximumHeight(_THUMBNAIL_HEIGHT)
                    strip.addWidget(view)
            column.addLayout(strip, stretch=1)
        layout = self.layout()
        assert layout is not None
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        for view in self.views:
            view.refresh()
