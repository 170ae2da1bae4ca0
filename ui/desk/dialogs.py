"""Small dialogs of the desk: new review, go to, settings (language, reviewer, shortcuts)."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QKeySequence
from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from matchdesk.settings import Settings
from ui.common.i18n import LANGUAGE_NAMES, tr
from ui.desk.actions import ACTIONS
from var.review_session import MAX_ANGLES


def accept_cancel_buttons(
    dialog: QDialog, accept: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.Ok
) -> QDialogButtonBox:
    """The dialog's accept (OK, Save...) and Cancel buttons, wired to accept and reject it."""
    buttons = QDialogButtonBox(accept | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


VIDEO_FILTER = "Video (*.mp4 *.mov *.mkv *.ts *.mts *.m2ts *.avi *.mxf)"


class NewReviewDialog(QDialog):
    """Pick 1 to 4 camera files of one match; the first is the reference angle."""

    def __init__(self, parent: QWidget | None, start_folder: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("New review"))
        self.start_folder = start_folder
        self.files = QListWidget()
        add, remove, up = (
            QPushButton(tr("Add angles…")),
            QPushButton(tr("Remove")),
            QPushButton(tr("Move up")),
        )
        add.clicked.connect(self._add)
        remove.clicked.connect(self._remove)
        up.clicked.connect(self._move_up)
        self.buttons = accept_cancel_buttons(self)
        row = QHBoxLayout()
        for button in (add, remove, up):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Camera angles of one match (1 to 4); the first is the reference:")))
        layout.addWidget(self.files)
        layout.addLayout(row)
        layout.addWidget(self.buttons)
        self._update_ok()

    def add_paths(self, paths: list[str]) -> None:
        for path in paths:
            if self.files.count() < MAX_ANGLES:
                self.files.addItem(path)
        self._update_ok()

    def paths(self) -> list[Path]:
        return [Path(self.files.item(i).text()) for i in range(self.files.count())]  # type: ignore[union-attr]

    def _add(self) -> None:
        chosen, _ = QFileDialog.getOpenFileNames(self, tr("Add angles…"), self.start_folder, VIDEO_FILTER)
        if chosen:
            self.start_folder = str(Path(chosen[0]).parent)
        self.add_paths(chosen)

    def _remove(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))
        self._update_ok()

    def _move_up(self) -> None:
        row = self.files.currentRow()
        if row > 0:
            self.files.insertItem(row - 1, self.files.takeItem(row))
            self.files.setCurrentRow(row - 1)

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(1 <= self.files.count() <= MAX_ANGLES)


class SettingsDialog(QDialog):
    """Language, reviewer name and every keyboard shortcut."""

    def __init__(self, parent: QWidget | None, settings: Settings) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Settings"))
        self.resize(620, 640)
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(list(LANGUAGE_NAMES).index(settings.language))
        self.reviewer = QLineEdit(settings.reviewer_name)
        self.shortcuts = QTableWidget(len(ACTIONS), 2)
        self.shortcuts.setHorizontalHeaderLabels([tr("Action"), tr("Shortcut")])
        header = self.shortcuts.horizontalHeader()
        assert header is not None
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._editors: dict[str, QKeySequenceEdit] = {}
        for row, spec in enumerate(ACTIONS):
            self.shortcuts.setCellWidget(row, 0, QLabel(tr(spec.label)))
            editor = QKeySequenceEdit(QKeySequence(settings.shortcuts.get(spec.id, spec.shortcut)))
            self.shortcuts.setCellWidget(row, 1, editor)
            self._editors[spec.id] = editor
        reset = QPushButton(tr("Restore default shortcuts"))
        reset.clicked.connect(self._restore_defaults)
        form = QFormLayout()
        form.addRow(tr("Language"), self.language)
        form.addRow(tr("Reviewer name"), self.reviewer)
        buttons = accept_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.shortcuts)
        layout.addWidget(reset, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(buttons)

    def _restore_defaults(self) -> None:
        for spec in ACTIONS:
            self._editors[spec.id].setKeySequence(QKeySequence(spec.shortcut))

    def apply_to(self, settings: Settings) -> None:
        settings.language = str(self.language.currentData())
        settings.reviewer_name = self.reviewer.text().strip()
        settings.shortcuts = {
            spec.id: text
            for spec in ACTIONS
            if (text := self._editors[spec.id].keySequence().toString())
            != QKeySequence(spec.shortcut).toString()
        }
