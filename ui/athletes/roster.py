"""The roster: search by name (with or without diacritics) or coach, filters by sport, team and level,
each athlete's sessions, last session, ACWR and flags. Double-click opens the athlete's page."""

from __future__ import annotations

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QColor
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from athletes.records import fold
from ui.athletes.athlete_page import LEVEL_NAMES, flag_text
from ui.athletes.model import AthletesModel, RosterFilters
from ui.common.i18n import tr


def given_name_first(name: str) -> str:
    """Vietnamese rosters go by given name, the last word: "Nguyễn Văn An" sorts as "an nguyen van"."""
    *family, given = fold(name).split() or [""]
    return " ".join([given, *family])


class RosterItem(QTableWidgetItem):
    """A cell that sorts by its own key: names without diacritics (Đ with D), numbers as numbers."""

    def __init__(self, shown: str, key: object) -> None:
        super().__init__(shown)
        self.key = key

    def __lt__(self, other: QTableWidgetItem) -> bool:
        if isinstance(other, RosterItem):
            mine, theirs = self.key, other.key
            if type(mine) is type(theirs):
                return bool(mine < theirs)  # type: ignore[operator]
            return mine is None  # blanks first
        return super().__lt__(other)


# What the load is counted as (athletes.dashboard.LOAD_MEASURES), in the user's language.
MEASURE_NAMES = {
    "internal": lambda: tr("Load: internal (session RPE, else TRIMP)"),
    "distance": lambda: tr("Load: distance (video or GPS)"),
    "hsr": lambda: tr("Load: high-speed running (video or GPS)"),
}
MEASURE_SHORT = {
    "internal": lambda: tr("internal"),
    "distance": lambda: tr("distance"),
    "hsr": lambda: tr("high-speed running"),
}


class RosterView(QWidget):
    athlete_opened = pyqtSignal(int)

    def __init__(self, model: AthletesModel) -> None:
        super().__init__()
        self.model = model
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda text: model.set_filters(search=text))
        self.sport, self.team, self.level = QComboBox(), QComboBox(), QComboBox()
        for box, key in ((self.sport, "sport"), (self.team, "team"), (self.level, "level")):
            box.setMinimumWidth(150)
            box.activated.connect(lambda _index, b=box, k=key: model.set_filters(**{k: b.currentData()}))
        self.measure = QComboBox()
        for key in MEASURE_NAMES:
            self.measure.addItem("", key)
        self.measure.activated.connect(lambda _index: model.set_measure(str(self.measure.currentData())))
        self.table = QTableWidget(0, 8)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)  # type: ignore[union-attr]
        self.table.horizontalHeader().setStretchLastSection(True)  # type: ignore[union-attr]
        self.table.setSortingEnabled(True)
        self.table.sortItems(0, Qt.SortOrder.AscendingOrder)
        self.table.cellDoubleClicked.connect(self._opened)
        self.count = QLabel()
        filters = QHBoxLayout()
        filters.addWidget(self.search, stretch=2)
        filters.addWidget(self.sport)
        filters.addWidget(self.team)
        filters.addWidget(self.level)
        filters.addWidget(self.measure)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, stretch=1)
        layout.addWidget(self.count)
        model.roster_changed.connect(self.show_roster)
        model.squad_changed.connect(self.retranslate)  # the ACWR column says what the load counts
        self.retranslate()

    def retranslate(self) -> None:
        for number in range(self.measure.count()):
            self.measure.setItemText(number, MEASURE_NAMES[str(self.measure.itemData(number))]())
        self.search.setPlaceholderText(tr("Search by name or coach (diacritics optional)"))
        self.table.setHorizontalHeaderLabels(
            [
                tr("Name"),
                tr("Sport"),
                tr("Team"),
                tr("Level"),
                tr("Coach"),
                tr("Sessions"),
                tr("ACWR ({measure})").format(measure=MEASURE_SHORT[self.model.measure]()),
                tr("Flags"),
            ]
        )
        self.show_roster()

    def _fill_choices(
        self, box: QComboBox, everything: str, values: list[str], shown: dict[str, str]
    ) -> None:
        chosen = box.currentData()
        box.clear()
        box.addItem(everything, None)
        for value in values:
            box.addItem(tr(shown.get(value, value)), value)
        index = box.findData(chosen)
        box.setCurrentIndex(max(index, 0))

    def show_roster(self) -> None:
        choices = self.model.choices
        self._fill_choices(self.sport, tr("All sports"), choices.sports, {})
        self._fill_choices(self.team, tr("All teams"), choices.teams, {})
        self._fill_choices(self.level, tr("All levels"), choices.levels, LEVEL_NAMES)
        rows = self.model.rows
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            flags = self.model.squad.flags.get(row.athlete_id, [])
            acwr = self.model.squad.acwr.get(row.athlete_id)
            level = tr(LEVEL_NAMES.get(row.level or "", row.level or ""))
            cells = (
                (row.name, given_name_first(row.name)),
                (row.sport or "", fold(row.sport or "")),
                (row.team or "", fold(row.team or "")),
                (level, fold(level)),
                (row.coach or "", fold(row.coach or "")),
                (str(row.sessions), row.sessions),
                ("" if acwr is None else f"{acwr:.2f}", acwr),
                ("; ".join(flag_text(f) for f in flags), len(flags)),
            )
            for column, (shown, key) in enumerate(cells):
                item = RosterItem(shown, key)
                item.setData(Qt.ItemDataRole.UserRole, row.athlete_id)
                if flags:
                    item.setBackground(QColor("#fdecea"))
                self.table.setItem(index, column, item)
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        assert header is not None
        self.table.sortItems(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.table.resizeColumnsToContents()
        flagged = sum(1 for r in rows if self.model.squad.flags.get(r.athlete_id))
        self.count.setText(tr("{count} athletes, {flagged} flagged").format(count=len(rows), flagged=flagged))
        if not rows and self.model.filters == RosterFilters():
            self.count.setText(
                tr(
                    "No athletes yet: use Athletes > Add athlete, Import wearable files,"
                    " or Fill with the demo squad."
                )
            )

    def _opened(self, row: int, _column: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.athlete_opened.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def open_row(self, row: int) -> None:
        """Open the athlete on ``row`` as a double-click does."""
        self._opened(row, 0)
