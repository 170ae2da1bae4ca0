"""The codes x labels matrix of a session: how many events of each code carry each label."""

from __future__ import annotations

import pandas as pd
from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QDialog, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from athletes.coding.table import NO_LABEL
from ui.common.i18n import tr


class MatrixDialog(QDialog):
    """One row per code, one column per label and the code's total (``athletes.coding.table``)."""

    def __init__(self, matrix: pd.DataFrame, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Codes × labels"))
        layout = QVBoxLayout(self)
        self.table = QTableWidget(len(matrix.index), len(matrix.columns))
        headings = {NO_LABEL: tr("(no label)"), "total": tr("total")}
        self.table.setHorizontalHeaderLabels([headings.get(str(c), str(c)) for c in matrix.columns])
        self.table.setVerticalHeaderLabels([str(code) for code in matrix.index])
        for row, (_code, counts) in enumerate(matrix.iterrows()):
            for column, count in enumerate(counts):
                item = QTableWidgetItem(str(int(count)))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        layout.addWidget(self.table)
        if matrix.empty:
            layout.addWidget(QLabel(tr("No events coded yet")))
        self.resize(640, 320)

    def count(self, code: str, heading: str) -> int:
        """The number shown for ``code`` under the column headed ``heading``."""
        rows = [self.table.verticalHeaderItem(r).text() for r in range(self.table.rowCount())]  # type: ignore[union-attr]
        columns = [
            self.table.horizontalHeaderItem(c).text()  # type: ignore[union-attr]
            for c in range(self.table.columnCount())
        ]
        return int(self.table.item(rows.index(code), columns.index(heading)).text())  # type: ignore[union-attr]
