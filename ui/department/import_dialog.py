"""Importing a spreadsheet: choose the file and what it holds, read the preview (the columns mapped,
what would be added, changed and skipped, or every problem by row and cell), then import it whole."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.common.i18n import tr
from ui.department.model import DepartmentModel

KINDS = ("roster", "results", "camps")


def kind_name(kind: str) -> str:
    return {"roster": tr("Roster"), "results": tr("Results"), "camps": tr("Camp and competition days")}[kind]


class ImportRecordsDialog(QDialog):
    def __init__(self, model: DepartmentModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setWindowTitle(tr("Import a spreadsheet"))
        self.resize(760, 480)
        self.file_label = QLabel(tr("No file chosen"))
        choose = QPushButton(tr("Choose a file…"))
        choose.clicked.connect(self._choose)
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(kind_name(kind), kind)
        self.kind.currentIndexChanged.connect(self._check)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        assert self.import_button is not None
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self._import)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(choose)
        top.addWidget(self.file_label, 1)
        top.addWidget(QLabel(tr("It holds:")))
        top.addWidget(self.kind)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.buttons)
        self.path: Path | None = None
        model.preview_changed.connect(self._show_preview)

    def _choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, tr("Import a spreadsheet"), "", tr("Spreadsheets (*.xlsx *.csv)")
        )
        if name:
            self.check(Path(name))

    def check(self, path: Path) -> None:
        """Preview ``path`` as the chosen kind (nothing is stored)."""
        self.path = path
        self.file_label.setText(path.name)
        self._check()

    def _check(self) -> None:
        if self.path is not None:
            self.import_button.setEnabled(False)  # type: ignore[union-attr]
            self.preview.setPlainText(tr("Checking every row…"))
            self.model.preview_import(self.path, str(self.kind.currentData()))

    def _show_preview(self) -> None:
        preview = self.model.preview
        if preview is None:
            return
        if preview.problems:
            lines = [tr("{count} problem(s): nothing can be imported until they are mended.").format(
                count=len(preview.problems)), "", *preview.problems]  # fmt: skip
        else:
            assert preview.report is not None
            report = preview.report
            lines = [tr("Header on row {row}.").format(row=report.header_row), tr("Columns:")]
            lines += [f"  {header} → {field}" for field, header in report.mapping.items()]
            if report.unmapped:
                lines.append(tr("Not imported: {columns}").format(columns=", ".join(report.unmapped)))
            counts = tr("{rows} rows: {added} to add, {changed} to change, {skipped} already on record.")
            lines += ["", counts.format(rows=report.rows, added=report.added, changed=report.changed,
                                        skipped=report.skipped)]  # fmt: skip
            lines += report.notes
        self.preview.setPlainText("\n".join(lines))
        self.import_button.setEnabled(not preview.problems)  # type: ignore[union-attr]

    def _import(self) -> None:
        if self.model.import_previewed() is not None:
            self.accept()
