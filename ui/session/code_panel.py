"""The code window: a button per code, its hotkey beside it; a press codes the moment the video shows
(with the code's lead and lag, or opening and closing a toggling code), kept at once in the session."""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtGui import QKeySequence, QShortcut
from PyQt6.QtWidgets import QInputDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from athletes.coding.events import CodedEvent, CodeTimeline, Label
from ui.common.i18n import tr
from ui.session.playhead import SessionPlayhead


class CodePanel(QWidget):
    """Buttons for ``timeline``'s codes; ``save`` keeps the timeline after every press."""

    coded = pyqtSignal(object)  # the CodedEvent made, or None when a toggle was opened

    def __init__(
        self, timeline: CodeTimeline, playhead: SessionPlayhead, save: Callable[[CodeTimeline], None]
    ) -> None:
        super().__init__()
        self._timeline = timeline
        self._playhead = playhead
        self._save = save
        layout = QVBoxLayout(self)
        self.title = QLabel()
        layout.addWidget(self.title)
        self.buttons: dict[str, QPushButton] = {}
        for button in timeline.buttons:
            text = f"{button.code}  [{button.hotkey}]" if button.hotkey else button.code
            widget = QPushButton(text)
            widget.setCheckable(button.toggle)
            widget.setStyleSheet(f"background-color: rgb{button.colour}; color: black; font-weight: bold")
            widget.clicked.connect(lambda _checked=False, code=button.code: self.press(code))
            layout.addWidget(widget)
            self.buttons[button.code] = widget
            if button.hotkey:
                QShortcut(QKeySequence(button.hotkey), self).activated.connect(
                    lambda code=button.code: self.press(code)
                )
        self.label_button = QPushButton()
        self.label_button.clicked.connect(self._ask_label)
        layout.addWidget(self.label_button)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(tr("Codes"))
        self.label_button.setText(tr("Label the last event…"))

    def label_last(self, words: str) -> CodedEvent | None:
        """Adds ``words`` ("GROUP: TEXT", say "Player: Nguyễn Văn An") to the event coded last."""
        if not self._timeline.events or not words.strip():
            return None
        last = max(self._timeline.events, key=lambda e: e.id)
        event = self._timeline.label(last.id, Label.parse(words))
        self._save(self._timeline)
        self.coded.emit(event)
        return event

    def _ask_label(self) -> None:
        words, given = QInputDialog.getText(
            self, tr("Label"), tr("Label (GROUP: TEXT, e.g. Player: Nguyễn Văn An):")
        )
        if given:
            self.label_last(words)

    def press(self, code: str) -> CodedEvent | None:
        event = self._timeline.press(code, self._playhead.seconds)
        self._save(self._timeline)
        widget = self.buttons[code]
        if widget.isCheckable():
            widget.setChecked(self._timeline.is_open(code))
        self.coded.emit(event)
        return event
