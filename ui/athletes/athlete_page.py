"""One athlete's page: the record, the flags a coach can act on, the sessions (with where each came
from), and the charts of the chosen session and of the season."""

from __future__ import annotations

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from athletes.flags import Flag
from athletes.overview import SessionRow
from athletes.report_text import with_hr_source
from ui.athletes.charts import HrvPlot, LoadPlot, SessionHeartRatePlot, SessionSpeedPlot, WellnessPlot
from ui.athletes.model import AthletesModel
from ui.common.i18n import current_language, tr
from ui.desk.actions import _t

SESSION_KINDS = {
    "training": _t("Training"),
    "match": _t("Match"),
    "test": _t("Test"),
    "hrv": _t("HRV reading"),
    "live": _t("Live"),
}
LEVEL_NAMES = {"national": _t("National"), "provincial": _t("Provincial"), "youth": _t("Youth")}
SEX_NAMES = {"male": _t("Male"), "female": _t("Female")}
# The labels of athletes.overview's facts, shown through tr().
FACT_LABELS = (
    _t("Sport"),
    _t("Team"),
    _t("Level"),
    _t("Coach"),
    _t("Born"),
    _t("Sex"),
    _t("HRmax"),
    _t("Resting HR"),
    _t("HSR / sprint"),
)


def flag_text(flag: Flag) -> str:
    """A flag in the user's language, with its numbers."""
    if flag.kind == "load_spike":
        return tr("Load spike: ACWR (EWMA) {value:.2f} above {limit:g}").format(
            value=flag.value, limit=flag.limit
        )
    if flag.kind == "monotony":
        return tr("Monotony {value:.2f} above {limit:g}").format(value=flag.value, limit=flag.limit)
    if flag.kind == "hrv_low":
        return tr("HRV 7-day mean {value:.2f} below the normal band ({limit:.2f})").format(
            value=flag.value, limit=flag.limit
        )
    if flag.kind == "wellness_missing":
        return tr("No wellness entry in the last {days:g} days").format(days=flag.limit)
    return flag.message


class AthletePageView(QWidget):
    """Follows ``model.page`` and ``model.chart``; choosing a session asks the model for its chart."""

    def __init__(self, model: AthletesModel) -> None:
        super().__init__()
        self.model = model
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 18pt; font-weight: 600;")
        self.facts = QFormLayout()
        self.flags = QListWidget()
        self.flags.setMaximumHeight(80)
        self.flags.setWordWrap(True)
        self.flags.setStyleSheet("color: #b71c1c;")
        self.sessions = QTableWidget(0, 8)
        self.sessions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sessions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sessions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sessions.verticalHeader().setVisible(False)  # type: ignore[union-attr]
        self.sessions.horizontalHeader().setStretchLastSection(True)  # type: ignore[union-attr]
        self.sessions.itemSelectionChanged.connect(self._session_chosen)
        self.heart_rate = SessionHeartRatePlot()
        self.speed = SessionSpeedPlot()
        self.load = LoadPlot()
        self.hrv = HrvPlot()
        self.wellness = WellnessPlot()
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        record = QWidget()
        record_layout = QVBoxLayout(record)
        record_layout.addWidget(self.title)
        record_layout.addLayout(self.facts)
        self.flags_label = QLabel()
        record_layout.addWidget(self.flags_label)
        record_layout.addWidget(self.flags)
        self.sessions_label = QLabel()
        record_layout.addWidget(self.sessions_label)
        record_layout.addWidget(self.sessions, stretch=1)

        charts = QWidget()
        grid = QGridLayout(charts)
        grid.addWidget(self.heart_rate, 0, 0)
        grid.addWidget(self.speed, 1, 0)
        grid.addWidget(self.wellness, 2, 0)
        grid.addWidget(self.load, 0, 1)
        grid.addWidget(self.hrv, 1, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(record)
        split.addWidget(charts)
        record.setMinimumWidth(430)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        layout = QHBoxLayout(self)
        layout.addWidget(split)
        layout.addWidget(self.empty)
        self._split = split

        model.page_changed.connect(self.show_page)
        model.chart_changed.connect(self.show_chart)
        model.squad_changed.connect(self.show_page)
        self.retranslate()
        self.show_page()

    def retranslate(self) -> None:
        self.flags_label.setText(tr("Flags"))
        self.sessions_label.setText(tr("Sessions (choose one to chart it)"))
        self.sessions.setHorizontalHeaderLabels(
            [
                tr("Date"),
                tr("Type"),
                tr("Minutes"),
                tr("HR mean"),
                tr("HR max"),
                tr("km"),
                tr("Load"),
                tr("Source"),
            ]
        )
        self.empty.setText(tr("Choose an athlete in the roster."))
        for plot in (self.heart_rate, self.speed, self.load, self.hrv, self.wellness):
            plot.retranslate()
        self.show_page()

    def show_page(self) -> None:
        page = self.model.page
        self._split.setVisible(page is not None)
        self.empty.setVisible(page is None)
        if page is None:
            return
        self.title.setText(page.name)
        while self.facts.rowCount():
            self.facts.removeRow(0)
        for label, value, source in page.facts:
            shown = (
                tr(LEVEL_NAMES.get(value, SEX_NAMES.get(value, value)))
                if label in ("Level", "Sex")
                else value
            )
            self.facts.addRow(tr(label) + ":", QLabel(with_hr_source(shown, source, current_language())))
        self.flags.clear()
        flags = self.model.squad.flags.get(page.athlete_id, page.season.flags)
        self.flags.addItems([flag_text(f) for f in flags] or [tr("No flags today.")])
        self.flags.setStyleSheet("color: #b71c1c;" if flags else "color: #2e7d32;")
        self._fill_sessions(page.sessions)
        self.load.show_season(page.season)
        self.hrv.show_season(page.season)
        self.wellness.show_wellness(page.wellness)

    def _fill_sessions(self, sessions: list[SessionRow]) -> None:
        self.sessions.blockSignals(True)
        self.sessions.setRowCount(len(sessions))
        for row, s in enumerate(sessions):
            values = (
                s.start.strftime("%Y-%m-%d %H:%M"),
                tr(SESSION_KINDS.get(s.kind, s.kind)),
                f"{s.duration_s / 60:.0f}",
                "-" if s.hr_mean is None else f"{s.hr_mean:.0f}",
                "-" if s.hr_max is None else f"{s.hr_max:.0f}",
                f"{s.distance_m / 1000:.2f}",
                f"{s.load:.0f}",
                f"{s.source_format or ''}: {s.source or '-'}",
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, s.session_id)
                tip = [s.source or ""] + [tr("Filtered: {what}").format(what=a) for a in s.artefacts]
                item.setToolTip("\n".join(t for t in tip if t))
                if not s.has_series:
                    item.setForeground(Qt.GlobalColor.darkGray)
                self.sessions.setItem(row, column, item)
            if s.session_id == self.model.chart_session_id:
                self.sessions.selectRow(row)
        self.sessions.resizeColumnsToContents()
        self.sessions.blockSignals(False)

    def _session_chosen(self) -> None:
        items = self.sessions.selectedItems()
        if not items:
            return
        session_id = int(items[0].data(Qt.ItemDataRole.UserRole))
        page = self.model.page
        if page is not None and any(s.session_id == session_id and s.has_series for s in page.sessions):
            self.model.show_session(session_id)

    def show_chart(self) -> None:
        self.heart_rate.show_chart(self.model.chart)
        self.speed.show_chart(self.model.chart)
        for row in range(self.sessions.rowCount()):
            item = self.sessions.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == self.model.chart_session_id:
                self.sessions.blockSignals(True)
                self.sessions.selectRow(row)
                self.sessions.blockSignals(False)
