"""A new button for the code window: its code, its key, how long before and after a press the event
runs, and whether one press opens the event and the next closes it (a drill, a small-sided game)."""

from __future__ import annotations

from fractions import Fraction

from PyQt6.QtCore import QRegularExpression
from PyQt6.QtGui import QRegularExpressionValidator
from PyQt6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from athletes.coding.events import CodeButton
from ui.common.i18n import tr

PALETTE = ((96, 165, 250), (244, 114, 182), (52, 211, 153), (251, 191, 36), (167, 139, 250), (248, 113, 113))


class NewCodeDialog(QDialog):
    """Asks for one :class:`CodeButton`; ``button()`` is what was filled in."""

    def __init__(self, taken: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("New code"))
        self._colour = PALETTE[taken % len(PALETTE)]
        form = QFormLayout(self)
        self.code = QLineEdit()
        self.code.setPlaceholderText(tr("e.g. Shot, Rondo, Pressing"))
        form.addRow(tr("Code:"), self.code)
        self.hotkey = QLineEdit()
        self.hotkey.setMaxLength(1)  # a letter or a digit: space and the arrows are the video's
        self.hotkey.setValidator(QRegularExpressionValidator(QRegularExpression("[A-Za-z0-9]?")))
        form.addRow(tr("Key (a letter or digit):"), self.hotkey)
        self.lead, self.lag = QDoubleSpinBox(), QDoubleSpinBox()
        for box in (self.lead, self.lag):
            box.setRange(0, 600)
            box.setDecimals(1)
            box.setSuffix(" s")
        form.addRow(tr("Before the press:"), self.lead)
        form.addRow(tr("After the press:"), self.lag)
        self.toggle = QCheckBox(tr("One press opens the event, the next closes it"))
        form.addRow(self.toggle)
        answers = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        answers.accepted.connect(self.accept)
        answers.rejected.connect(self.reject)
        self.ok = answers.button(QDialogButtonBox.StandardButton.Ok)
        self.code.textChanged.connect(lambda text: self.ok.setEnabled(bool(text.strip())))  # type: ignore[union-attr]
        self.ok.setEnabled(False)  # type: ignore[union-attr]
        form.addRow(answers)

    def button(self) -> CodeButton:
        return CodeButton(
            self.code.text().strip(),
            self.hotkey.text().lower(),
            Fraction(str(round(self.lead.value(), 1))),
            Fraction(str(round(self.lag.value(), 1))),
            self.toggle.isChecked(),
            self._colour,
        )
