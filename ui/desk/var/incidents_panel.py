"""The incident list: what was logged, what was decided; double-click (or Enter) jumps to it."""

from __future__ import annotations

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ui.common.i18n import tr
from ui.desk.var.dialogs import INCIDENT_LABELS
from var.review_state import IncidentId, ReviewState


class IncidentsPanel(QWidget):
    """Follows the review file's state; emits the incident the referee wants to go to."""

    jump_requested = pyqtSignal(int)  # incident id

    def __init__(self) -> None:
        super().__init__()
        self.list = QListWidget()
        self.list.itemActivated.connect(
            lambda item: self.jump_requested.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.review_label = QLabel()
        self.review_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.list, stretch=1)
        layout.addWidget(self.review_label)
        self._state: ReviewState | None = None
        self.retranslate()

    def show_state(self, state: ReviewState | None, review_name: str = "") -> None:
        selected = self.selected()
        self._state = state
        self.list.clear()
        self.review_label.setText(review_name)
        if state is None:
            return
        for incident in state.incidents.values():
            decision = state.decision(incident.id)
            verdict = decision.final_decision if decision else tr("no decision yet")
            offside = state.offside.get(incident.id)
            measured = f" · {offside['distance_cm']:+.0f} cm" if offside else ""
            text = (
                f"{incident.id} · {tr(INCIDENT_LABELS[incident.type])} · {incident.first_frame}–"
                f"{incident.last_frame}{measured} — {verdict}"
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, int(incident.id))
            self.list.addItem(item)
            if incident.id == selected:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(self.list.count() - 1)

    def selected(self) -> IncidentId | None:
        item = self.list.currentItem()
        return IncidentId(int(item.data(Qt.ItemDataRole.UserRole))) if item is not None else None

    def select(self, incident: IncidentId) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == incident:
                self.list.setCurrentRow(row)

    def retranslate(self) -> None:
        self.title.setText(tr("Incidents (Enter or double-click to go to one)"))
        self.show_state(self._state, self.review_label.text())
