"""The row under the timeline: the transport buttons, the slow-motion speed and the shortcuts hint.

It follows the playback model (the speed it is set to, whether it plays) and triggers the desk's own
actions, so a button does exactly what its shortcut and menu entry do.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QAction
from PyQt6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from ui.common.i18n import tr
from ui.desk.actions import ACTIONS_BY_ID
from var.playback import SLOW_MOTION, Playback

TRANSPORT = (
    "first_frame",
    "back_5s",
    "back_1s",
    "step_back",
    "play_backwards",
    "play_pause",
    "step_forward",
    "forward_1s",
    "forward_5s",
    "last_frame",
)


class TransportBar(QWidget):
    """Buttons for ``TRANSPORT`` (each one of ``actions``), the speed box and the hint."""

    def __init__(self, playback: Playback, actions: Mapping[str, QAction]) -> None:
        super().__init__()
        self.playback = playback
        self.buttons: dict[str, QToolButton] = {}
        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        for action_id in TRANSPORT:
            button = QToolButton()
            button.setDefaultAction(actions[action_id])
            button.setMinimumWidth(30)
            self.buttons[action_id] = button
            bar.addWidget(button)
        bar.addSpacing(16)
        self.speed_label = QLabel()
        bar.addWidget(self.speed_label)
        self.speed_box = QComboBox()
        for speed in SLOW_MOTION:
            self.speed_box.addItem(f"×{speed}", speed)
        self.speed_box.setCurrentIndex(len(SLOW_MOTION) - 1)
        self.speed_box.activated.connect(lambda index: playback.set_speed(self.speed_box.itemData(index)))
        self.speed_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        playback.speed_changed.connect(self._speed_changed)
        playback.playing_changed.connect(self._playing_changed)
        bar.addWidget(self.speed_box)
        self.hint = QLabel()
        self.hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # first to give way
        bar.addWidget(self.hint, stretch=1)

    def retranslate(self) -> None:
        for action_id, button in self.buttons.items():
            button.setText(ACTIONS_BY_ID[action_id].symbol)
        self._playing_changed(self.playback.playing)
        self.speed_label.setText(tr("Speed"))
        self.hint.setText(tr("? shows every shortcut"))

    def _speed_changed(self, speed: Fraction, direction: int) -> None:
        if speed in SLOW_MOTION:
            self.speed_box.setCurrentIndex(SLOW_MOTION.index(speed))

    def _playing_changed(self, playing: bool) -> None:
        self.buttons["play_pause"].setText("❚❚" if playing else "▶")
