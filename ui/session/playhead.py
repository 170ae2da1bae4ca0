"""The session window's model: which frame is shown, and playing at the video's own rate."""

from __future__ import annotations

from fractions import Fraction

from PyQt6.QtCore import QObject, QTimer, pyqtSignal


class SessionPlayhead(QObject):
    """The frame the video, the timeline and the overlays follow."""

    frame_changed = pyqtSignal(int)
    playing_changed = pyqtSignal(bool)

    def __init__(self, frame_count: int, frame_rate: Fraction) -> None:
        super().__init__()
        self.frame_count = frame_count
        self.frame_rate = frame_rate
        self.frame = 0
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, round(1000 / float(frame_rate))))
        self._timer.timeout.connect(self._next)

    def _next(self) -> None:
        if self.frame + 1 < self.frame_count:
            self.seek(self.frame + 1)
        else:
            self.pause()

    @property
    def seconds(self) -> Fraction:
        return self.frame / self.frame_rate

    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    def seek(self, frame: int) -> None:
        frame = min(max(int(frame), 0), self.frame_count - 1)
        if frame != self.frame:
            self.frame = frame
            self.frame_changed.emit(frame)

    def seek_seconds(self, seconds: float) -> None:
        self.seek(round(seconds * float(self.frame_rate)))

    def step(self, frames: int) -> None:
        self.seek(self.frame + frames)

    def play(self) -> None:
        if not self.playing:
            self._timer.start()
            self.playing_changed.emit(True)

    def pause(self) -> None:
        if self.playing:
            self._timer.stop()
            self.playing_changed.emit(False)

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()
