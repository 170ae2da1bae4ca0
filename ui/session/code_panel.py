"""The code window: a button per code, its hotkey beside it; a press codes the moment the video shows
(with the code's lead and lag, or opening and closing a toggling code), kept at once in the session."""

from __future__ import annotations

from collections.abc import Callable

from PyQt6.QtCore import pyqtSignal
from PyQt6.QtGui import QKeySequence, QShortcut
from PyQt6.QtWidgets import QInputDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from athletes.coding.events import CodeButton, CodedEvent, CodeTimeline, Label
from matchdesk.errors import MatchdeskError
from ui.common.error_text import error_text
from ui.common.i18n import tr
from ui.session.new_code_dialog import NewCodeDialog
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
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        layout.addWidget(self.title)
        self._button_rows = QVBoxLayout()
        layout.addLayout(self._button_rows)
        self.buttons: dict[str, QPushButton] = {}
        self._shortcuts: list[QShortcut] = []
        self.show_buttons()
        self.label_button = QPushButton()
        self.label_button.clicked.connect(self._ask_label)
        layout.addWidget(self.label_button)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self._ask_code)
        layout.addWidget(self.new_button)
        self.ask_code: Callable[[], CodeButton | None] = self._code_from_dialog
        self.tell: Callable[[str], None] = lambda problem: None  # the window says a refusal
        layout.addStretch(1)
        self.retranslate()

    def show_buttons(self) -> None:
        """A button (and its hotkey) for each of the timeline's codes, as it has them now (an import
        may have added codes)."""
        for widget in self.buttons.values():
            self._button_rows.removeWidget(widget)
            widget.deleteLater()
        for shortcut in self._shortcuts:
            shortcut.setEnabled(False)
            shortcut.deleteLater()
        self.buttons, self._shortcuts = {}, []
        for button in self._timeline.buttons:
            text = f"{button.code}  [{button.hotkey}]" if button.hotkey else button.code
            widget = QPushButton(text)
            widget.setCheckable(button.toggle)
            widget.setChecked(button.toggle and self._timeline.is_open(button.code))
            widget.setStyleSheet(f"background-color: rgb{button.colour}; color: black; font-weight: bold")
            widget.clicked.connect(lambda _checked=False, code=button.code: self.press(code))
            self._button_rows.addWidget(widget)
            self.buttons[button.code] = widget
            if button.hotkey:
                shortcut = QShortcut(QKeySequence(button.hotkey), self)
                shortcut.activated.connect(lambda code=button.code: self.press(code))
                self._shortcuts.append(shortcut)

    def retranslate(self) -> None:
        self.title.setText(tr("Codes"))
        self.label_button.setText(tr("Label the last event…"))
        self.new_button.setText(tr("New code…"))

    def add_code(self, button: CodeButton) -> bool:
        """A new button (and its key), kept in the session at once; a code or key taken already is
        said (``tell``) and nothing changes."""
        try:
            self._timeline.add_button(button)
        except MatchdeskError as error:
            self.tell(error_text(error))
            return False
        self._save(self._timeline)
        self.show_buttons()
        return True

    def _ask_code(self) -> None:
        button = self.ask_code()
        if button is not None:
            self.add_code(button)

    def _code_from_dialog(self) -> CodeButton | None:
        dialog = NewCodeDialog(len(self._timeline.buttons), self)
        return dialog.button() if dialog.exec() else None

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
