"""The row under the session's timeline: play and step, where the video is, and the straps' sync.

A coach with a mouse reaches what the keys do: play and pause, a frame or a second either way, a
slider across the session, and the video's clock moved against the straps by a frame or a second
(with the offset kept so far). It follows the playhead and calls back for a nudge: it knows neither
the window nor the session.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QHBoxLayout, QLabel, QSlider, QToolButton, QWidget

from ui.common.i18n import tr
from ui.session.playhead import SessionPlayhead

PLAY, PAUSE = "▶", "❚❚"


class SessionBar(QWidget):
    """Transport buttons, the frame and time, a slider, and the sync buttons with the offset
    and a sync point."""

    def __init__(
        self, playhead: SessionPlayhead, nudge: Callable[[Fraction], None], mark_sync: Callable[[], None]
    ) -> None:
        super().__init__()
        self.playhead = playhead
        rate = playhead.frame_rate
        second = round(float(rate))
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 0, 4, 0)
        self.buttons: dict[str, QToolButton] = {}
        for name, text, action in (
            ("back_1s", "−1s", lambda: playhead.step(-second)),
            ("step_back", "|◂", lambda: playhead.step(-1)),
            ("play_pause", PLAY, playhead.toggle),
            ("step_forward", "▸|", lambda: playhead.step(1)),
            ("forward_1s", "+1s", lambda: playhead.step(second)),
        ):
            self.buttons[name] = self._button(row, text, action)
        self.position = QLabel()
        self.position.setMinimumWidth(150)
        row.addWidget(self.position)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, max(0, playhead.frame_count - 1))
        self.slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the arrows stay the window's
        self.slider.valueChanged.connect(playhead.seek)
        row.addWidget(self.slider, 1)
        self.sync_label = QLabel()
        row.addWidget(self.sync_label)
        self.sync_buttons: dict[str, QToolButton] = {}
        for name, step in (
            ("−1s", Fraction(-1)),
            ("−1f", -1 / rate),
            ("+1f", 1 / rate),
            ("+1s", Fraction(1)),
        ):
            self.sync_buttons[name] = self._button(row, "", _calling(nudge, step))
        self.offset = QLabel()
        row.addWidget(self.offset)
        self.sync_button = self._button(row, "", mark_sync)
        self._offset = Fraction(0)
        playhead.frame_changed.connect(self._show_frame)
        playhead.playing_changed.connect(self._show_playing)
        self.retranslate()

    @staticmethod
    def _button(row: QHBoxLayout, text: str, action: Callable[[], None]) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setMinimumWidth(30)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(action)
        row.addWidget(button)
        return button

    def show_offset(self, seconds: Fraction) -> None:
        """The video's clock against the straps, as the session keeps it."""
        self._offset = seconds
        self.offset.setText(f"{float(seconds):+.3f} s")

    def retranslate(self) -> None:
        self.buttons["back_1s"].setToolTip(tr("A second back (Shift+Left)"))
        self.buttons["step_back"].setToolTip(tr("A frame back (Left)"))
        self.buttons["play_pause"].setToolTip(tr("Play / pause (Space)"))
        self.buttons["step_forward"].setToolTip(tr("A frame on (Right)"))
        self.buttons["forward_1s"].setToolTip(tr("A second on (Shift+Right)"))
        self.sync_label.setText(tr("Video against the straps:"))
        texts = {"−1s": "−1 s", "−1f": tr("−1 frame"), "+1f": tr("+1 frame"), "+1s": "+1 s"}
        for name, button in self.sync_buttons.items():
            button.setText(texts[name])
            button.setToolTip(
                tr("Move the video's clock a frame against the straps (Ctrl+arrow)")
                if name.endswith("f")
                else tr("Move the video's clock a second against the straps (Ctrl+Shift+arrow)")
            )
        self.sync_button.setText(tr("Sync point…"))
        self.sync_button.setToolTip(
            tr("This frame shows a moment of the wearable data (a clap, a jump): set the clock by it")
        )
        self.show_offset(self._offset)
        self._show_frame(self.playhead.frame)
        self._show_playing(self.playhead.playing)

    def _show_frame(self, frame: int) -> None:
        seconds = frame / self.playhead.frame_rate
        minutes, rest = divmod(float(seconds), 60)
        self.position.setText(
            tr("{time} · frame {frame}/{count}").format(
                time=f"{int(minutes)}:{rest:05.2f}", frame=frame, count=self.playhead.frame_count
            )
        )
        if self.slider.value() != frame:
            self.slider.blockSignals(True)
            self.slider.setValue(frame)
            self.slider.blockSignals(False)

    def _show_playing(self, playing: bool) -> None:
        self.buttons["play_pause"].setText(PAUSE if playing else PLAY)


def _calling(nudge: Callable[[Fraction], None], step: Fraction) -> Callable[[], None]:
    return lambda: nudge(step)
