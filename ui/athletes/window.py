"""The athletes window: roster, athlete page and live tiles as tabs; adding athletes, importing files,
department and profile reports from its menus."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PyQt6.QtGui import QAction, QCloseEvent
from PyQt6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from athletes.access.reports import department_report, profile_report
from athletes.demo import fill_demo_squad
from athletes.live import finish, unfinished_sessions
from ui.athletes.athlete_page import AthletePageView
from ui.athletes.dialogs import AddAthleteDialog, ImportDialog
from ui.athletes.live_heart_rate import LiveHeartRateView
from ui.athletes.model import AthletesModel
from ui.athletes.roster import RosterView
from ui.common.background import BackgroundCall, BackgroundCalls
from ui.common.i18n import LANGUAGE_NAMES, FollowsLanguage, current_language, set_language, tr
from ui.desk.actions import _t

ROLE_NAMES = {
    "admin": _t("admin"),
    "coach": _t("coach"),
    "medical": _t("medical"),
    "analyst": _t("analyst"),
    "athlete": _t("athlete"),
}

logger = logging.getLogger(__name__)


class AthletesWindow(FollowsLanguage, QMainWindow):
    def __init__(self, model: AthletesModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.roster = RosterView(model)
        self.page = AthletePageView(model)
        self.live_heart_rate = LiveHeartRateView(model)
        self.tabs = QTabWidget()
        for view in (self.roster, self.page, self.live_heart_rate):
            self.tabs.addTab(view, "")
        self.setCentralWidget(self.tabs)
        self.roster.athlete_opened.connect(self.open_athlete)
        model.failed.connect(self._warn)
        self._jobs = BackgroundCalls(self._warn)
        self.import_dialog: ImportDialog | None = None
        self._build_menus()
        self.signed_in = QLabel()
        self.statusBar().addPermanentWidget(self.signed_in)  # type: ignore[union-attr]
        self._offer_what_the_role_allows()
        self.retranslate()
        self.built = True  # language changes are told from now on (FollowsLanguage)
        self._finish_interrupted_live_sessions()
        model.refresh()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        assert bar is not None
        self.athletes_menu, self.reports_menu, self.language_menu = (QMenu(self), QMenu(self), QMenu(self))
        for menu in (self.athletes_menu, self.reports_menu, self.language_menu):
            bar.addMenu(menu)
        self.menu_actions: dict[str, QAction] = {}
        entries: list[tuple[QMenu, str, Callable[[], object], str | None]] = [
            (self.athletes_menu, _t("Add athlete…"), self.add_athlete, "Ctrl+N"),
            (self.athletes_menu, _t("Import wearable files…"), self.open_import, "Ctrl+I"),
            (self.athletes_menu, _t("Fill with the demo squad"), self.fill_demo, None),
            (self.athletes_menu, _t("Close"), self.close, "Ctrl+W"),
            (
                self.reports_menu,
                _t("Department report (Excel)…"),
                lambda: self.ask_report("department", ".xlsx"),
                None,
            ),
            (
                self.reports_menu,
                _t("Department report (PDF)…"),
                lambda: self.ask_report("department", ".pdf"),
                None,
            ),
            (
                self.reports_menu,
                _t("Athlete profile (PDF)…"),
                lambda: self.ask_report("profile", ".pdf"),
                None,
            ),
            (self.reports_menu, _t("Department records…"), self.open_department, None),
        ]
        for menu, text, handler, shortcut in entries:
            action = QAction(self)
            action.triggered.connect(lambda _checked=False, h=handler: h())
            if shortcut:
                action.setShortcut(shortcut)
            menu.addAction(action)
            self.menu_actions[text] = action
        for code, name in LANGUAGE_NAMES.items():
            action = QAction(name, self)
            action.triggered.connect(lambda _checked=False, c=code: set_language(c))
            self.language_menu.addAction(action)

    def _offer_what_the_role_allows(self) -> None:
        """Menus a role may not use are not offered (the commands they call refuse them anyway)."""
        actor = self.model.actor
        for text, allowed in (
            (_t("Add athlete…"), actor.is_admin),
            (_t("Fill with the demo squad"), actor.is_admin),
            (_t("Import wearable files…"), actor.may_ever("session")),
            (_t("Department report (Excel)…"), actor.is_admin),
            (_t("Department report (PDF)…"), actor.is_admin),
            (_t("Department records…"), actor.role in ("admin", "department", "analyst")),
        ):
            self.menu_actions[text].setVisible(allowed)

    def _warn(self, message: str) -> None:
        QMessageBox.warning(self, "matchdesk", message)

    def open_department(self) -> QMainWindow:
        """The department's records (squads, results, pay, indicators) in a window of their own."""
        from ui.department.model import DepartmentModel
        from ui.department.window import DepartmentWindow

        window = DepartmentWindow(DepartmentModel(self.model.database, self.model.actor), self)
        window.resize(1400, 900)
        window.show()
        return window

    def retranslate(self) -> None:
        self.setWindowTitle(tr("matchdesk — Athletes"))
        actor = self.model.actor
        self.signed_in.setText(
            tr("Signed in as {login} ({role})").format(login=actor.login, role=tr(ROLE_NAMES[actor.role]))
        )
        for index, title in enumerate((_t("Roster"), _t("Athlete"), _t("Live"))):
            self.tabs.setTabText(index, tr(title))
        self.athletes_menu.setTitle(tr("Athletes"))
        self.reports_menu.setTitle(tr("Reports"))
        self.language_menu.setTitle(tr("Language"))
        for text, action in self.menu_actions.items():
            action.setText(tr(text))
        for view in (self.roster, self.page, self.live_heart_rate):
            view.retranslate()

    # --- actions ------------------------------------------------------------------------------

    def open_athlete(self, athlete_id: int) -> None:
        self.model.show_athlete(athlete_id)
        self.tabs.setCurrentWidget(self.page)

    def add_athlete(self) -> AddAthleteDialog:
        dialog = AddAthleteDialog(self, self.model.database)
        dialog.accepted.connect(self.model.refresh)
        dialog.open()
        return dialog

    def open_import(self) -> ImportDialog:
        athletes = [(row.athlete_id, row.name) for row in self.model.rows]
        chosen = self.model.page.athlete_id if self.model.page is not None else None
        dialog = ImportDialog(self, self.model.database, athletes, chosen, self.model.actor)
        dialog.imported.connect(self.model.refresh)
        self.import_dialog = dialog
        dialog.open()
        return dialog

    def fill_demo(self) -> BackgroundCall:
        def fill() -> list[int]:
            return fill_demo_squad(self.model.database, end=self.model.today)

        return self._start("demo squad", fill, lambda _ids: self.model.refresh())

    def ask_report(self, which: str, suffix: str) -> None:
        if which == "profile" and self.model.page is None:
            QMessageBox.information(self, "matchdesk", tr("Open an athlete's page first."))
            return
        name = "department" if which == "department" else f"athlete-{self.model.page.athlete_id}"  # type: ignore[union-attr]
        target, _ = QFileDialog.getSaveFileName(self, tr("Save the report"), f"{name}{suffix}", f"*{suffix}")
        if target:
            self.write_report(which, Path(target))

    def write_report(self, which: str, target: Path) -> BackgroundCall:
        """Write the department or the shown athlete's report in the current language, off the GUI thread."""
        language = current_language()
        database, actor = self.model.database, self.model.actor
        if which == "department":
            return self._start(
                "report", lambda: department_report(database, actor, target, language), self._report_written
            )
        assert self.model.page is not None
        athlete_id = self.model.page.athlete_id
        return self._start(
            "report",
            lambda: profile_report(database, actor, athlete_id, target, language),
            self._report_written,
        )

    def _report_written(self, path: object) -> None:
        self.statusBar().showMessage(tr("Report written: {path}").format(path=path), 10_000)  # type: ignore[union-attr]

    def _finish_interrupted_live_sessions(self) -> None:
        """A live session a stopped app left behind is finished (its samples were all committed)."""
        for session_id in unfinished_sessions(self.model.database):
            stored = finish(self.model.database, session_id)
            logger.info("live session %d left unfinished was stored as %s", session_id, stored)

    def _start(
        self, name: str, call: Callable[[], object], on_done: Callable[[object], None]
    ) -> BackgroundCall:
        return self._jobs.start(name, call, on_done)

    def settle(self, seconds: float = 20.0) -> None:
        """Let every read under way answer and be drawn (for screenshots and tests)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.model.wait(0.05)
            self._jobs.wait(0.05)
            QApplication.processEvents()
            if self.model.idle() and self._jobs.idle():
                QApplication.processEvents()
                if self.model.idle():
                    return

    def closeEvent(self, event: QCloseEvent | None) -> None:
        if self.live_heart_rate.run is not None:
            self.live_heart_rate.stop()
            self.live_heart_rate.run.wait(5.0)
        super().closeEvent(event)
