"""The session's coded events as a playlist: all of them or one code's, a click shows where one
starts, and the listed ones become one captioned MP4 reel; the codes x labels matrix; Sportscode
timelines and CSV tables in and out. The reel is cut off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from athletes.coding.events import CodedEvent, CodeTimeline
from athletes.coding.files import read_events, write_events
from athletes.coding.reel import export_reel
from athletes.coding.table import code_matrix
from matchdesk.errors import MatchdeskError
from ui.common.background import BackgroundCall
from ui.common.error_text import error_text
from ui.common.i18n import tr
from ui.session.matrix_dialog import MatrixDialog
from ui.session.playhead import SessionPlayhead

# (title, file filter, saving) -> the file the coach chose, or None
AskPath = Callable[[str, str, bool], Path | None]
TIMELINE_FILES = "Sportscode XML (*.xml);;CSV (*.csv)"


class EventsPanel(QWidget):
    """The playlist of ``timeline``'s events; ``save`` keeps the timeline after an import."""

    imported = pyqtSignal()  # events (and perhaps codes) came in: the window shows them anew
    said = pyqtSignal(str)  # done: for the status bar
    problem = pyqtSignal(str)  # refused or failed, in the window's language

    def __init__(
        self,
        timeline: CodeTimeline,
        playhead: SessionPlayhead,
        video_path: Path,
        save: Callable[[CodeTimeline], None],
    ) -> None:
        super().__init__()
        self._timeline = timeline
        self._playhead = playhead
        self._video_path = video_path
        self._save = save
        self.ask_path: AskPath = self._path_from_dialog
        self.reel_job: BackgroundCall | None = None
        self._cutting: tuple[int, Path] = (0, Path())  # the reel being cut: how many events, where
        self.matrix: MatrixDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        layout.addWidget(self.title)
        self.code_filter = QComboBox()
        self.code_filter.currentIndexChanged.connect(lambda _index: self._list())
        layout.addWidget(self.code_filter)
        self.events = QListWidget()
        self.events.setWordWrap(True)  # a long label shows whole, below its event
        self.events.itemClicked.connect(self._show)
        layout.addWidget(self.events, 1)
        buttons = QGridLayout()
        self.reel_button = QPushButton()
        self.reel_button.clicked.connect(self._ask_reel)
        self.matrix_button = QPushButton()
        self.matrix_button.clicked.connect(self.show_matrix)
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self._ask_import)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self._ask_export)
        for place, button in enumerate(
            (self.reel_button, self.matrix_button, self.import_button, self.export_button)
        ):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the code buttons' hotkeys stay live
            buttons.addWidget(button, place // 2, place % 2)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(tr("Events"))
        self.reel_button.setText(tr("Reel of these…"))
        self.matrix_button.setText(tr("Codes × labels"))
        self.import_button.setText(tr("Import…"))
        self.export_button.setText(tr("Export…"))
        self.refresh()

    def refresh(self) -> None:
        """The codes to choose from and the events listed, as the timeline has them now."""
        chosen = self.code_filter.currentData()
        self.code_filter.blockSignals(True)
        self.code_filter.clear()
        self.code_filter.addItem(tr("All codes"), None)
        for code in dict.fromkeys(e.code for e in self._timeline.events):
            self.code_filter.addItem(code, code)
        self.code_filter.setCurrentIndex(max(0, self.code_filter.findData(chosen)))
        self.code_filter.blockSignals(False)
        self._list()

    def listed(self) -> list[CodedEvent]:
        """The events the list shows (the chosen code's, or all), in their order in the session."""
        code = self.code_filter.currentData()
        chosen = [e for e in self._timeline.events if code in (None, e.code)]
        return sorted(chosen, key=lambda e: (e.start, e.id))

    def _list(self) -> None:
        self.events.clear()
        for event in self.listed():
            labels = " · ".join(str(label) for label in event.labels)
            text = f"{event.id} · {event.code} · {float(event.start):.2f}–{float(event.end):.2f} s"
            item = QListWidgetItem(text + (f" · {labels}" if labels else ""))
            item.setData(Qt.ItemDataRole.UserRole, event.id)
            self.events.addItem(item)

    def _show(self, item: QListWidgetItem) -> None:
        """The video at the clicked event's start."""
        event_id = item.data(Qt.ItemDataRole.UserRole)
        event = next(e for e in self._timeline.events if e.id == event_id)
        self._playhead.pause()
        self._playhead.seek(round(event.start * self._playhead.frame_rate))

    def export_reel(self, out: Path) -> BackgroundCall | None:
        """The listed events as one captioned MP4 at ``out``, cut on a worker thread (returned; a
        refusal, ``out`` not an MP4 say, comes as ``problem``); None when nothing is listed (said)."""
        events = self.listed()
        if not events:
            self.problem.emit(tr("No events to put in the reel"))
            return None
        self.reel_button.setEnabled(False)
        job = BackgroundCall("reel", lambda: export_reel(self._video_path, events, out))
        self._cutting = (len(events), out)
        # bound methods, not lambdas: a panel closed while the reel is cut is not called back
        job.done.connect(self._reel_done)
        job.failed.connect(self._reel_failed)
        self.reel_job = job.start()
        self.said.emit(tr("Cutting the reel of {count} events…").format(count=len(events)))
        return job

    def _reel_done(self, frames: object) -> None:
        self.reel_button.setEnabled(True)
        events, out = self._cutting
        self.said.emit(
            tr("Reel of {count} events ({frames} frames) written to {file}").format(
                count=events, frames=frames, file=out
            )
        )

    def _reel_failed(self, message: str) -> None:
        self.reel_button.setEnabled(True)
        self.problem.emit(message)

    def import_events(self, path: Path) -> int:
        """Adds the events of a Sportscode timeline or a CSV (and buttons for codes without one);
        returns how many. Nothing is added when the file is refused (said)."""
        try:
            events, buttons = read_events(path)
        except MatchdeskError as error:
            self.problem.emit(error_text(error))
            return 0
        added = self._timeline.merged(events, buttons)
        self._save(self._timeline)
        self.refresh()
        self.imported.emit()
        self.said.emit(tr("{count} events imported from {file}").format(count=len(added), file=path.name))
        return len(added)

    def export_events(self, path: Path) -> bool:
        """Every event of the session to a Sportscode timeline (.xml) or a CSV (.csv)."""
        try:
            write_events(path, self._timeline)
        except (MatchdeskError, OSError) as error:
            self.problem.emit(error_text(error))
            return False
        self.said.emit(
            tr("{count} events written to {file}").format(count=len(self._timeline.events), file=path)
        )
        return True

    def show_matrix(self) -> MatrixDialog:
        """How many events of each code carry each label, in a window of its own."""
        self.matrix = MatrixDialog(code_matrix(self._timeline.events), self)
        self.matrix.show()
        return self.matrix

    def _ask_reel(self) -> None:
        out = self.ask_path(tr("Save the reel"), "MP4 (*.mp4)", True)
        if out is not None:
            self.export_reel(out if out.suffix else out.with_suffix(".mp4"))

    def _ask_import(self) -> None:
        path = self.ask_path(tr("Import events"), TIMELINE_FILES, False)
        if path is not None:
            self.import_events(path)

    def _ask_export(self) -> None:
        path = self.ask_path(tr("Export the events"), TIMELINE_FILES, True)
        if path is not None:
            self.export_events(path)

    def _path_from_dialog(self, title: str, filters: str, saving: bool) -> Path | None:
        ask = QFileDialog.getSaveFileName if saving else QFileDialog.getOpenFileName
        name, _ = ask(self, title, "", filters)
        return Path(name) if name else None
