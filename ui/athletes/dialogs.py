"""Adding an athlete, and importing wearable files for one (drag and drop, progress, a line per file)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PyQt6.QtCore import QDate, Qt, pyqtSignal
from PyQt6.QtGui import QDragEnterEvent, QDropEvent
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from athletes.access.actor import Actor
from athletes.database import Database
from athletes.importer import ImportResult, import_files
from athletes.models import LEVELS, SESSION_KINDS
from athletes.records import NewAthlete, add_athlete
from athletes.vocabulary import HR_ENTERED
from athletes.wearables import wearable_files
from matchdesk.errors import MatchdeskError
from ui.athletes.athlete_page import LEVEL_NAMES, SEX_NAMES
from ui.athletes.athlete_page import SESSION_KINDS as KIND_NAMES
from ui.common.background import ProgressJob
from ui.common.error_text import error_text
from ui.common.i18n import tr
from ui.desk.dialogs import accept_cancel_buttons

WEARABLE_FILTER = "Wearable files (*.fit *.tcx *.gpx *.csv *.txt *.rr *.npy)"


class AddAthleteDialog(QDialog):
    """Name (Vietnamese, with diacritics), birth, sex, sport, team, level, coach, HRmax and resting HR."""

    def __init__(self, parent: QWidget | None, database: Database) -> None:
        super().__init__(parent)
        self.database = database
        self.added_id: int | None = None
        self.setWindowTitle(tr("Add athlete"))
        self.name = QLineEdit()
        self.born = QDateEdit(QDate(2005, 1, 1))
        self.born.setDisplayFormat("dd/MM/yyyy")
        self.born.setCalendarPopup(True)
        self.sex = QComboBox()
        for value, label in SEX_NAMES.items():
            self.sex.addItem(tr(label), value)
        self.sport, self.discipline, self.team, self.coach = (
            QLineEdit(),
            QLineEdit(),
            QLineEdit(),
            QLineEdit(),
        )
        self.level = QComboBox()
        self.level.addItem("-", None)
        for value in LEVELS:
            self.level.addItem(tr(LEVEL_NAMES[value]), value)
        self.hr_max, self.hr_rest = QDoubleSpinBox(), QDoubleSpinBox()
        for box, top in ((self.hr_max, 240.0), (self.hr_rest, 120.0)):
            box.setRange(0.0, top)
            box.setDecimals(0)
            box.setSpecialValueText(tr("not known"))
        form = QFormLayout()
        form.addRow(tr("Name") + ":", self.name)
        form.addRow(tr("Born") + ":", self.born)
        form.addRow(tr("Sex") + ":", self.sex)
        form.addRow(tr("Sport") + ":", self.sport)
        form.addRow(tr("Discipline") + ":", self.discipline)
        form.addRow(tr("Team") + ":", self.team)
        form.addRow(tr("Level") + ":", self.level)
        form.addRow(tr("Coach") + ":", self.coach)
        form.addRow(tr("HRmax (test)") + ":", self.hr_max)
        form.addRow(tr("Resting HR") + ":", self.hr_rest)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b71c1c;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(accept_cancel_buttons(self))

    def new_athlete(self) -> NewAthlete:
        def text(edit: QLineEdit) -> str | None:
            return edit.text().strip() or None

        born = self.born.date()
        return NewAthlete(
            name=self.name.text().strip(),
            sex=self.sex.currentData(),
            date_of_birth=born.toPyDate(),
            sport=text(self.sport),
            discipline=text(self.discipline),
            team=text(self.team),
            level=self.level.currentData(),
            coach=text(self.coach),
            hr_max=self.hr_max.value() or None,
            hr_max_source=HR_ENTERED if self.hr_max.value() else None,
            hr_rest=self.hr_rest.value() or None,
            hr_rest_source=HR_ENTERED if self.hr_rest.value() else None,
        )

    def accept(self) -> None:
        """Store the athlete; a problem (no name, impossible HR) is shown and the dialog stays open."""
        try:
            with self.database.session() as session:
                self.added_id = add_athlete(session, self.new_athlete()).id
        except (MatchdeskError, ValueError) as error:
            self.problem.setText(error_text(error))
            return
        super().accept()


class DropList(QListWidget):
    """A list of files that takes files and folders dropped from the file manager."""

    dropped = pyqtSignal(list)

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)

    def dragEnterEvent(self, event: QDragEnterEvent | None) -> None:
        if event is not None and event.mimeData() is not None and event.mimeData().hasUrls():  # type: ignore[union-attr]
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragEnterEvent | None) -> None:  # type: ignore[override]
        if event is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent | None) -> None:
        if event is None or event.mimeData() is None:
            return
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]  # type: ignore[union-attr]
        event.acceptProposedAction()
        self.dropped.emit(paths)


class ImportDialog(QDialog):
    """Files for one athlete: drop them or add them, then Import; a result line per file."""

    imported = pyqtSignal()

    def __init__(
        self,
        parent: QWidget | None,
        database: Database,
        athletes: list[tuple[int, str]],
        chosen: int | None,
        actor: Actor,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.actor = actor
        self.job: ProgressJob | None = None
        self.results: list[ImportResult] = []
        self.setWindowTitle(tr("Import wearable files"))
        self.resize(900, 560)
        self.athlete = QComboBox()
        for athlete_id, name in athletes:
            self.athlete.addItem(name, athlete_id)
        self.athlete.setCurrentIndex(max(self.athlete.findData(chosen), 0))
        self.kind = QComboBox()
        for kind in SESSION_KINDS:
            if kind not in ("live", "hrv"):
                self.kind.addItem(tr(KIND_NAMES[kind]), kind)
        self.rpe = QDoubleSpinBox()
        self.rpe.setRange(0.0, 10.0)
        self.rpe.setDecimals(0)
        self.rpe.setSpecialValueText(tr("not rated"))
        self.files = DropList()
        self.files.dropped.connect(self.add_paths)
        add_files, add_folder = QPushButton(tr("Add files…")), QPushButton(tr("Add folder…"))
        add_files.clicked.connect(self._choose_files)
        add_folder.clicked.connect(self._choose_folder)
        self.start = QPushButton(tr("Import"))
        self.start.setDefault(True)
        self.start.clicked.connect(self.start_import)
        self.cancel = QPushButton(tr("Close"))
        self.cancel.clicked.connect(self._cancel_or_close)
        self.progress = QProgressBar()
        self.results_table = QTableWidget(0, 6)
        self.results_table.setHorizontalHeaderLabels(
            [tr("File"), tr("Result"), tr("Start"), tr("Minutes"), tr("HR mean"), tr("km")]
        )
        self.results_table.horizontalHeader().setStretchLastSection(True)  # type: ignore[union-attr]
        self.results_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

        form = QFormLayout()
        form.addRow(tr("Athlete") + ":", self.athlete)
        form.addRow(tr("Session type") + ":", self.kind)
        form.addRow(tr("Session RPE (0-10)") + ":", self.rpe)
        buttons = QHBoxLayout()
        buttons.addWidget(add_files)
        buttons.addWidget(add_folder)
        buttons.addStretch(1)
        buttons.addWidget(self.start)
        buttons.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(tr("Drop FIT, TCX, GPX, CSV or RR files or folders here:")))
        layout.addWidget(self.files, stretch=1)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.results_table, stretch=2)

    def paths(self) -> list[Path]:
        return [Path(self.files.item(i).text()) for i in range(self.files.count())]  # type: ignore[union-attr]

    def add_paths(self, paths: list[Path]) -> None:
        """Files as given, folders searched for wearable files; each file listed once."""
        known = set(self.paths())
        for path in wearable_files([Path(p) for p in paths]):
            if path not in known:
                self.files.addItem(str(path))
                known.add(path)

    def _choose_files(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(self, tr("Wearable files"), "", WEARABLE_FILTER)
        self.add_paths([Path(p) for p in chosen])

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("A folder of wearable files"))
        if folder:
            self.add_paths([Path(folder)])

    def start_import(self) -> ProgressJob | None:
        paths = self.paths()
        athlete_id = self.athlete.currentData()
        if not paths or athlete_id is None:
            QMessageBox.information(self, "matchdesk", tr("Choose an athlete and add files first."))
            return None
        kind, rpe = self.kind.currentData(), self.rpe.value() or None

        def run(report: Callable[[int, int], None], cancel: threading.Event) -> list[ImportResult]:
            return import_files(
                self.database,
                athlete_id,
                paths,
                kind=kind,
                rpe=rpe,
                on_progress=lambda done, total, _path: report(done, total),
                should_stop=cancel.is_set,
                actor=self.actor,
            )

        self.progress.setRange(0, len(paths))
        self.progress.setValue(0)
        self.start.setEnabled(False)
        self.cancel.setText(tr("Cancel"))
        self.job = ProgressJob("import", run)
        self.job.progress.connect(lambda done, _total: self.progress.setValue(done))
        self.job.done.connect(self._finished)
        self.job.failed.connect(self._failed)
        return self.job.start()

    def _finished(self, results: object) -> None:
        assert isinstance(results, list)
        self.results = results
        self.results_table.setRowCount(len(results))
        for row, result in enumerate(results):
            if result.error:
                outcome = tr("Error: {message}").format(message=result.error)
            elif result.duplicate:
                outcome = tr("Already imported (session {id})").format(id=result.session_id)
            else:
                outcome = tr("Imported (session {id})").format(id=result.session_id)
            if result.warnings and not result.error:
                outcome += " — " + "; ".join(result.warnings)
            cells = (
                Path(result.file).name,
                outcome,
                (result.start or "")[:16].replace("T", " "),
                "" if result.duration_s is None else f"{result.duration_s / 60:.0f}",
                "" if result.hr_mean is None else f"{result.hr_mean:.0f}",
                "" if result.distance_m is None else f"{result.distance_m / 1000:.2f}",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(result.file if column == 0 else text)
                if result.error:
                    item.setForeground(Qt.GlobalColor.red)
                self.results_table.setItem(row, column, item)
        self.results_table.resizeColumnsToContents()
        self._ready()
        self.imported.emit()

    def _failed(self, message: str) -> None:
        self._ready()
        QMessageBox.warning(self, "matchdesk", message)

    def _ready(self) -> None:
        """No import under way: Import can start another, the other button closes."""
        self.start.setEnabled(True)
        self.cancel.setText(tr("Close"))
        self.job = None

    def _cancel_or_close(self) -> None:
        if self.job is not None:
            self.job.cancel()
        else:
            self.reject()
