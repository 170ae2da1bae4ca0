"""A read-only table of records: one row per dict, the columns named in the user's language."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QPainter, QPaintEvent
from PyQt6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget


class RowsTable(QTableWidget):
    """Shows ``rows``' values under ``columns`` (key, header text); numbers aligned right. Empty, it
    says ``empty_hint`` (how the rows get there) across its middle."""

    def __init__(
        self, columns: Sequence[tuple[str, Callable[[], str]]], parent: QWidget | None = None
    ) -> None:
        super().__init__(0, len(columns), parent)
        self.columns = list(columns)
        self.empty_hint: Callable[[], str] = lambda: ""
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)  # type: ignore[union-attr]
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # type: ignore[union-attr]
        self.retranslate()

    def set_columns(self, columns: Sequence[tuple[str, Callable[[], str]]]) -> None:
        """Other columns (a form's own), named at once."""
        self.columns = list(columns)
        self.setColumnCount(len(self.columns))
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([header() for _, header in self.columns])

    def show_rows(
        self, rows: Sequence[dict[str, Any]], shown: Callable[[str, Any], str] | None = None
    ) -> None:
        self.setRowCount(len(rows))
        for number, row in enumerate(rows):
            for column, (key, _) in enumerate(self.columns):
                value = row.get(key)
                text = shown(key, value) if shown else ("" if value is None else str(value))
                item = QTableWidgetItem(text)
                if (isinstance(value, (int, float)) and not isinstance(value, bool)) or str(value).startswith(
                    "<"
                ):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(number, column, item)

    def hint_shown(self) -> str:
        """What the empty table says (nothing once it has rows)."""
        return "" if self.rowCount() else self.empty_hint()

    def paintEvent(self, event: QPaintEvent | None) -> None:
        super().paintEvent(event)
        hint = self.hint_shown()
        viewport = self.viewport()
        if hint and viewport is not None:
            painter = QPainter(viewport)
            painter.setPen(self.palette().placeholderText().color())
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(viewport.rect().adjusted(24, 24, -24, -24), int(flags), hint)
            painter.end()
