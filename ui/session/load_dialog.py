"""Each named athlete's load in the session, for the whole of it or for one code's events (a drill):
the video's external load beside the strap's heart rate, each figure with where it came from
(``athletes.video_session.load``, as ``matchdesk session load`` prints it). Worked out off the GUI
thread; the coach's squad thresholds and TRIMP need the athletes' records (``session load --db``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.common.ask import ask_yes_no
from ui.common.background import BackgroundCall
from ui.common.i18n import tr

# The row's key, its column heading, and how its value is written.
COLUMNS: tuple[tuple[str, str, Callable[[Any], str]], ...] = (
    ("athlete", "Athlete", str),
    ("tracked_s", "Tracked (s)", lambda v: f"{v:.0f}"),
    ("distance_m", "Distance (m)", lambda v: f"{v:.0f}"),
    ("metres_per_minute", "m/min", lambda v: f"{v:.0f}"),
    ("hsr_m", "High speed (m)", lambda v: f"{v:.0f}"),
    ("sprint_m", "Sprint (m)", lambda v: f"{v:.0f}"),
    ("sprints", "Sprints", str),
    ("accelerations", "Acc.", str),
    ("decelerations", "Dec.", str),
    ("top_speed_kmh", "Top (km/h)", lambda v: f"{v:.1f}"),
    ("hr_mean", "Heart rate (bpm)", lambda v: "—" if v is None else f"{v:.0f}"),
    ("trimp", "TRIMP", lambda v: "—" if v is None else f"{v:.0f}"),
)

# code (None: the whole session) -> the rows, worked out on a worker thread
LoadOf = Callable[[str | None], list[dict[str, Any]]]
# the rows shown -> the ids of the sessions they were stored as (worker thread)
Store = Callable[[list[dict[str, Any]]], list[int]]


class LoadDialog(QDialog):
    """The load table, a window chooser (the whole session or a code's events) and its sources."""

    def __init__(
        self, load_of: LoadOf, codes: list[str], parent: QWidget | None = None, store: Store | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Load per athlete"))
        self._load_of = load_of
        self._store = store
        self._rows: list[dict[str, Any]] = []
        self.job: BackgroundCall | None = None
        self.confirm: Callable[[str], bool] = self._confirm_from_dialog
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Over:")))
        self.over = QComboBox()
        self.over.addItem(tr("The whole session"), None)
        for code in codes:
            self.over.addItem(tr("The events of “{code}”").format(code=code), code)
        self.over.currentIndexChanged.connect(lambda _index: self.work_out())
        row.addWidget(self.over, 1)
        layout.addLayout(row)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([tr(heading) for _, heading, _ in COLUMNS])
        self.table.verticalHeader().setVisible(False)  # type: ignore[union-attr]
        layout.addWidget(self.table, 1)
        self.sources = QLabel()
        self.sources.setWordWrap(True)
        layout.addWidget(self.sources)
        self.store_button = QPushButton(tr("Confirm the names and store in the athletes' records…"))
        self.store_button.setEnabled(False)
        self.store_button.setVisible(store is not None)  # the window was opened with the records
        self.store_button.clicked.connect(self.store)
        layout.addWidget(self.store_button)
        self.stored = QLabel()
        layout.addWidget(self.stored)
        self.resize(1200, 360)
        self.work_out()

    def work_out(self) -> BackgroundCall:
        """The rows for the chosen window, on a worker thread (returned)."""
        code = self.over.currentData()
        self.sources.setText(tr("Working out…"))
        self.job = BackgroundCall("session-load", lambda: self._load_of(code))
        self.job.done.connect(self._show)
        self.job.failed.connect(self.sources.setText)
        return self.job.start()

    def store(self) -> BackgroundCall | None:
        """The load shown, stored as a session of each named athlete once the coach confirms the
        names (on a worker thread, returned); None when he does not."""
        if self._store is None or not self._rows:
            return None
        named = [row["athlete"] for row in self._rows if row["tracked_s"] > 0]
        question = tr(
            "Store this load in the records of {athletes}? The names on the video are taken as right."
        )
        if not named or not self.confirm(question.format(athletes=", ".join(named))):
            return None
        store, rows = self._store, list(self._rows)
        self.store_button.setEnabled(False)
        self.job = BackgroundCall("session-store", lambda: store(rows))
        self.job.done.connect(self._stored)
        self.job.failed.connect(self._not_stored)
        return self.job.start()

    def _stored(self, ids: object) -> None:
        numbers: list[int] = ids  # type: ignore[assignment]
        self.stored.setText(tr("Stored as sessions {ids}").format(ids=", ".join(map(str, numbers))))

    def _not_stored(self, message: str) -> None:
        self.store_button.setEnabled(True)
        self.stored.setText(message)

    def _confirm_from_dialog(self, question: str) -> bool:
        return ask_yes_no(self, tr("Store the load"), question)

    def value(self, athlete: str, key: str) -> str:
        """What the table shows for ``athlete`` under ``key``'s column."""
        column = [k for k, _, _ in COLUMNS].index(key)
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).text() == athlete:  # type: ignore[union-attr]
                return self.table.item(row, column).text()  # type: ignore[union-attr]
        raise KeyError(athlete)

    def _show(self, rows: object) -> None:
        shown: list[dict[str, Any]] = rows  # type: ignore[assignment]
        self._rows = shown
        self.store_button.setEnabled(bool(shown))
        self.table.setRowCount(len(shown))
        for number, values in enumerate(shown):
            for column, (key, _, written) in enumerate(COLUMNS):
                item = QTableWidgetItem(written(values[key]))
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(number, column, item)
        self.table.resizeColumnsToContents()
        if not shown:
            self.sources.setText(tr("No athlete is named in this session yet"))
            return
        lines = [
            tr("{athlete}: camera {camera}, calibration error {error} px, tracked {share} % of it").format(
                athlete=values["athlete"],
                camera=values["source"]["camera"],
                error=values["source"]["calibration_error_px"],
                share=f"{100 * values['source']['tracked_share']:.0f}",
            )
            for values in shown
        ]
        lines.append(
            tr(
                "Video tracking agrees with GPS on distance within a few per cent; high-speed and sprint "
                "distance can differ by more than 40 % (Linke et al. 2018)."
            )
        )
        self.sources.setText("\n".join(lines))
