"""The department's records window: tabs for the squads, competitions and results, the month's pay
table and the year's indicators; a menu to import a spreadsheet and to write (and sign) the
indicators and the pay table. It assembles its parts and follows the model."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QDate
from PyQt6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from athletes.department.periods import Period, period_of
from athletes.department.vocabulary import (
    COMPETITION_LEVELS,
    COMPETITION_LEVELS_EN,
    MEDALS,
    MEDALS_EN,
    PAY_STATUSES,
    SQUAD_LEVELS,
    SQUAD_LEVELS_EN,
)
from ui.common.i18n import FollowsLanguage, current_language, tr
from ui.department.import_dialog import ImportRecordsDialog
from ui.department.model import DepartmentModel
from ui.department.rows_table import RowsTable
from ui.department.sign_dialog import SignDialog

PERIODS = ("year", "H1", "H2", "Q1", "Q2", "Q3", "Q4")


def _value_words(key: str, value: Any) -> str:
    """A record's value as the department reads it (levels, medals, pay in Vietnamese words)."""
    if value is None:
        return ""
    english = current_language() == "en"
    names = {
        "level": {**SQUAD_LEVELS_EN, **COMPETITION_LEVELS_EN}
        if english
        else {**SQUAD_LEVELS, **COMPETITION_LEVELS},
        "medal": MEDALS_EN if english else MEDALS,
        "pay_status": {"salary": "salary", "daily": "per day"} if english else PAY_STATUSES,
    }.get(key)
    if names is not None and value in names:
        return names[value]
    if isinstance(value, bool):
        return "✔" if value else ""
    if isinstance(value, int) and key not in ("id", "rank"):
        return f"{value:,}".replace(",", ".")
    return str(value)


def _import_menu() -> str:
    """Where the window imports a spreadsheet, as its menu says it."""
    return f"{tr('&Records').replace('&', '')} › {tr('Import a spreadsheet…')}"


class DepartmentWindow(FollowsLanguage, QMainWindow):
    def __init__(self, model: DepartmentModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.tabs = QTabWidget()

        def columns(*pairs: tuple[str, str]) -> list[tuple[str, Callable[[], str]]]:
            return [(key, lambda text=text: tr(text)) for key, text in pairs]  # type: ignore[misc]

        self.squads = RowsTable(
            columns(("squad", "Squad"), ("level", "Level"), ("sport", "Sport"), ("count", "Athletes"))
        )
        self.competitions = RowsTable(
            columns(
                ("start", "Start"),
                ("name", "Competition"),
                ("sport", "Sport"),
                ("level", "Level"),
                ("official", "Official"),
                ("in_province", "In the province"),
            )
        )
        self.results = RowsTable(
            columns(
                ("competition", "Competition"),
                ("event", "Event"),
                ("who", "Athlete or team"),
                ("rank", "Rank"),
                ("medal", "Medal"),
                ("mark_text", "Mark"),
            )
        )
        self.pay = RowsTable(
            columns(
                ("squad", "Squad"),
                ("athlete", "Name"),
                ("pay_status", "Paid"),
                ("training_days", "Training days"),
                ("competition_days", "Competition days"),
                ("daily_pay", "Day pay"),
                ("nutrition_training", "Training nutrition"),
                ("nutrition_competition", "Competition nutrition"),
                ("total", "Total"),
            )
        )
        self.indicator_table = RowsTable(columns(("code", "Code"), ("label", "Indicator")))
        self.squads.empty_hint = lambda: tr("No squad has athletes yet: {menu} brings in a roster.").format(
            menu=_import_menu()
        )
        self.competitions.empty_hint = lambda: tr("No competitions yet: {menu} brings in results.").format(
            menu=_import_menu()
        )
        self.results.empty_hint = self.competitions.empty_hint
        self.pay.empty_hint = lambda: tr("No days kept for this month: {menu} brings in camp days.").format(
            menu=_import_menu()
        )
        self.month = QDateEdit(QDate(model.month.year, model.month.month, 1))
        self.month.setDisplayFormat("MM/yyyy")
        self.month.dateChanged.connect(lambda d: model.set_month(date(d.year(), d.month(), 1)))
        self.year = QSpinBox()
        self.year.setRange(1990, 2200)
        self.year.setValue(model.period.year)
        self.period = QComboBox()
        self.period.addItems(["" for _ in PERIODS])
        self.form_choice = QComboBox()
        self.form_choice.setMinimumWidth(620)
        self.year.valueChanged.connect(self._period_chosen)
        self.period.currentIndexChanged.connect(self._period_chosen)
        self.form_choice.currentIndexChanged.connect(self._show_form)
        self.pay_total = QLabel()
        self._build()
        model.records_changed.connect(self._show_records)
        model.pay_changed.connect(self._show_pay)
        model.forms_changed.connect(self._show_forms)
        model.written.connect(lambda line: self.statusBar().showMessage(line))  # type: ignore[union-attr]
        model.failed.connect(self._warn)
        self.retranslate()
        self.built = True  # language changes are told from now on (FollowsLanguage)
        model.refresh()

    def _build(self) -> None:
        records = QWidget()
        columns = QHBoxLayout(records)
        columns.addWidget(self.competitions, 1)
        columns.addWidget(self.results, 1)
        pay = QWidget()
        pay_layout = QVBoxLayout(pay)
        row = QHBoxLayout()
        self.month_label = QLabel()
        row.addWidget(self.month_label)
        row.addWidget(self.month)
        row.addStretch(1)
        row.addWidget(self.pay_total)
        pay_layout.addLayout(row)
        pay_layout.addWidget(self.pay, 1)
        indicators = QWidget()
        indicator_layout = QVBoxLayout(indicators)
        row = QHBoxLayout()
        self.year_label = QLabel()
        for widget in (self.year_label, self.year, self.period, self.form_choice):
            row.addWidget(widget)
        row.addStretch(1)
        indicator_layout.addLayout(row)
        indicator_layout.addWidget(self.indicator_table, 1)
        self.squads_tab = self.tabs.addTab(self.squads, "")
        self.results_tab = self.tabs.addTab(records, "")
        self.pay_tab = self.tabs.addTab(pay, "")
        self.indicators_tab = self.tabs.addTab(indicators, "")
        for tab in (self.squads_tab, self.results_tab, self.pay_tab):
            self.tabs.setTabVisible(tab, self.model.keeps_records)
        if not self.model.keeps_records:
            self.tabs.setCurrentIndex(self.indicators_tab)
        self.setCentralWidget(self.tabs)
        menu = self.menuBar()
        assert menu is not None
        self.file_menu = menu.addMenu("")
        assert self.file_menu is not None
        self.import_action = self.file_menu.addAction("", self.open_import)
        self.indicators_action = self.file_menu.addAction("", lambda: self.ask_write("indicators"))
        self.pay_action = self.file_menu.addAction("", lambda: self.ask_write("pay"))
        assert self.import_action is not None and self.pay_action is not None
        self.import_action.setVisible(self.model.keeps_records)  # keepers import
        self.pay_action.setVisible(self.model.keeps_records)

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Department records — matchdesk"))
        for number, text in enumerate(
            (tr("Squads"), tr("Competitions and results"), tr("Days and pay"), tr("Indicators"))
        ):
            self.tabs.setTabText(number, text)
        for table in (self.squads, self.competitions, self.results, self.pay, self.indicator_table):
            table.retranslate()
        self.month_label.setText(tr("Month"))
        names = (tr("Whole year"), tr("First half"), tr("Second half"), tr("Quarter 1"), tr("Quarter 2"),
                 tr("Quarter 3"), tr("Quarter 4"))  # fmt: skip
        for number, name in enumerate(names):
            self.period.setItemText(number, name)
        self.year_label.setText(tr("Year"))
        self.file_menu.setTitle(tr("&Records"))  # type: ignore[union-attr]
        self.import_action.setText(tr("Import a spreadsheet…"))  # type: ignore[union-attr]
        self.indicators_action.setText(tr("Write the indicators…"))  # type: ignore[union-attr]
        self.pay_action.setText(tr("Write the month's pay table…"))  # type: ignore[union-attr]

    # --- following the model ------------------------------------------------------------------

    def _show_records(self) -> None:
        squads = [{**s, "count": len(s["members"])} for s in self.model.squads if s["members"]]
        self.squads.show_rows(squads, _value_words)
        self.competitions.show_rows(self.model.competitions[::-1], _value_words)
        self.results.show_rows(self.model.results[::-1], _value_words)

    def _show_pay(self) -> None:
        table = self.model.pay
        if table is None:
            return
        self.pay.show_rows(table.rows.to_dict("records"), _value_words)
        total = int(table.rows["total"].sum()) if len(table.rows) else 0
        self.pay_total.setText(tr("Total: {amount} đồng").format(amount=f"{total:,}".replace(",", ".")))

    def _show_forms(self) -> None:
        chosen = self.form_choice.currentIndex()
        self.form_choice.blockSignals(True)
        self.form_choice.clear()
        for form in self.model.forms:
            self.form_choice.addItem(f"{form.code}: {form.title}")
        self.form_choice.setCurrentIndex(max(0, chosen))
        self.form_choice.blockSignals(False)
        self._show_form()

    def _show_form(self) -> None:
        number = self.form_choice.currentIndex()
        if not 0 <= number < len(self.model.forms):
            return
        form = self.model.forms[number]
        figures = [(f"column {n}", lambda name=name: name) for n, name in enumerate(form.columns)]
        self.indicator_table.set_columns(
            [("code", lambda: tr("Code")), ("label", lambda: tr("Indicator")), *figures]
        )
        rows = [
            {"code": r.code, "label": "    " * r.depth + r.label,
             **{f"column {n}": value for n, value in enumerate(r.values)}}
            for r in form.rows
        ]  # fmt: skip
        self.indicator_table.show_rows(rows)

    def _period_chosen(self) -> None:
        part = PERIODS[self.period.currentIndex()]
        self.model.set_period(period_of(self.year.value(), None if part == "year" else part))

    def _warn(self, message: str) -> None:
        self.statusBar().showMessage(message)  # type: ignore[union-attr]
        if self.isVisible():
            QMessageBox.warning(self, tr("Department records"), message)

    # --- actions ------------------------------------------------------------------------------

    def open_import(self) -> ImportRecordsDialog:
        dialog = ImportRecordsDialog(self.model, self)
        dialog.show()
        return dialog

    def ask_write(self, which: str) -> None:
        name, _ = QFileDialog.getSaveFileName(self, tr("Write"), "", tr("PDF (*.pdf);;Excel (*.xlsx)"))
        if not name:
            return
        target = Path(name)
        signing = None
        if target.suffix.lower() == ".pdf":
            dialog = SignDialog(self)
            if dialog.exec() != SignDialog.DialogCode.Accepted:
                return
            signing = dialog.signing()
        (self.model.write_indicators if which == "indicators" else self.model.write_pay)(target, signing)

    def settle(self, seconds: float = 20.0) -> None:
        """Wait for every read under way and draw (tests, screenshots)."""
        deadline = time.monotonic() + seconds
        while not self.model.idle() and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.02)
        QApplication.processEvents()

    def show_period(self, period: Period) -> None:
        self.year.setValue(period.year)
        self.period.setCurrentIndex(PERIODS.index(period.part) if period.part in PERIODS else 0)
