"""Logging an incident and recording a decision, in a few keystrokes."""

from __future__ import annotations

from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.common.i18n import tr
from ui.desk.dialogs import accept_cancel_buttons
from var.review_state import IncidentType

INCIDENT_LABELS = {
    IncidentType.OFFSIDE: "Offside",
    IncidentType.FOUL: "Foul",
    IncidentType.HANDBALL: "Handball",
    IncidentType.GOAL_CHECK: "Goal check",
    IncidentType.PENALTY: "Penalty",
    IncidentType.RED_CARD: "Red card",
    IncidentType.MISTAKEN_IDENTITY: "Mistaken identity",
}

CALLS = (
    "Goal",
    "No goal",
    "Penalty",
    "No penalty",
    "Red card",
    "No red card",
    "Play on",
    "Free kick",
    "Offside",
)


class IncidentDialog(QDialog):
    """Type, frame range, players and notes of a new incident."""

    def __init__(
        self, parent: QWidget | None, first_frame: int, last_frame: int, lowest: int, highest: int
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Mark incident"))
        self.kind = QComboBox()
        for kind, label in INCIDENT_LABELS.items():
            self.kind.addItem(tr(label), kind)
        self.first = QSpinBox()
        self.last = QSpinBox()
        for box, value in ((self.first, first_frame), (self.last, last_frame)):
            box.setRange(lowest, highest)
            box.setValue(value)
        self.players = QLineEdit()
        self.players.setPlaceholderText(tr("e.g. Home 9, Away 5"))
        self.notes = QLineEdit()
        form = QFormLayout()
        form.addRow(tr("Type"), self.kind)
        form.addRow(tr("From frame"), self.first)
        form.addRow(tr("To frame"), self.last)
        form.addRow(tr("Players involved"), self.players)
        form.addRow(tr("Notes"), self.notes)
        buttons = accept_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def incident_type(self) -> IncidentType:
        kind: IncidentType = self.kind.currentData()
        return kind

    def player_list(self) -> list[str]:
        return [name.strip() for name in self.players.text().split(",") if name.strip()]


class DecisionDialog(QDialog):
    """On-field call, VAR recommendation, final decision and reason; Enter records and signs it."""

    def __init__(self, parent: QWidget | None, incident_label: str, reviewer: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Record decision") + f": {incident_label}")
        self.on_field = self._calls()
        self.recommendation = self._calls()
        self.final = self._calls()
        self.reason = QLineEdit()
        self.reviewer = QLineEdit(reviewer)
        form = QFormLayout()
        form.addRow(tr("On-field call"), self.on_field)
        form.addRow(tr("VAR recommendation"), self.recommendation)
        form.addRow(tr("Final decision"), self.final)
        form.addRow(tr("Reason"), self.reason)
        form.addRow(tr("Reviewer"), self.reviewer)
        self.buttons = accept_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.final.setFocus()

    def _calls(self) -> QComboBox:
        box = QComboBox()
        box.setEditable(True)  # any wording the referee needs; common calls one keystroke away
        box.addItem("")
        for call in CALLS:
            box.addItem(tr(call))
        return box
