"""The desk's docks on the right: the angles, and the incidents, tracking and review requests tabs."""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QDockWidget, QMainWindow, QVBoxLayout, QWidget

from ui.common.i18n import tr


class SideDocks:
    """Docks ``window``'s panels on its right; the incidents, tracking and requests share one place as tabs.
    Each dock has an object name, so the window's saved state puts it back where the referee left it."""

    def __init__(
        self,
        window: QMainWindow,
        angles: QWidget,
        incidents: QWidget,
        tracking: tuple[QWidget, QWidget],
        requests: QWidget,
    ) -> None:
        """``tracking``: the minimap above the coach's panel."""
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        minimap, coach = tracking
        column.addWidget(minimap)
        column.addWidget(coach, stretch=1)
        self.angles = _dock(window, "angles", angles)
        self.incidents = _dock(window, "incidents", incidents)
        self.tracking = _dock(window, "tracking", holder)
        self.requests = _dock(window, "requests", requests)
        window.tabifyDockWidget(self.incidents, self.tracking)
        window.tabifyDockWidget(self.incidents, self.requests)
        self.incidents.raise_()

    def retranslate(self) -> None:
        self.angles.setWindowTitle(tr("Angles"))
        self.incidents.setWindowTitle(tr("Incidents"))
        self.requests.setWindowTitle(tr("Review requests"))
        self.tracking.setWindowTitle(tr("Tracking"))


def _dock(window: QMainWindow, name: str, panel: QWidget) -> QDockWidget:
    dock = QDockWidget(window)
    dock.setObjectName(name)
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    return dock
