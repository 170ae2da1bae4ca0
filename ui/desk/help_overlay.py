"""The ``?`` overlay: every action and its current shortcut, over the desk."""

from __future__ import annotations

from PyQt6.QtCore import QRectF, Qt
from PyQt6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PyQt6.QtWidgets import QWidget

from ui.common.i18n import tr
from ui.desk.actions import ACTIONS


class HelpOverlay(QWidget):
    """A translucent sheet listing the shortcuts; any key or click closes it."""

    def __init__(self, parent: QWidget, shortcuts: dict[str, str]) -> None:
        super().__init__(parent)
        self._shortcuts = shortcuts
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.hide()

    def show_over_parent(self, shortcuts: dict[str, str]) -> None:
        self._shortcuts = shortcuts
        parent = self.parentWidget()
        assert parent is not None
        self.setGeometry(parent.rect())
        self.raise_()
        self.show()
        self.setFocus()

    def rows(self) -> list[tuple[str, str, str]]:
        """(group, label, shortcut) as shown, in the user's language."""
        return [
            (tr(spec.group), tr(spec.label), self._shortcuts.get(spec.id, spec.shortcut)) for spec in ACTIONS
        ]

    def paintEvent(self, event: QPaintEvent | None) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(8, 10, 14, 225))
        title = QFont(painter.font())
        title.setPointSize(15)
        title.setBold(True)
        painter.setFont(title)
        painter.setPen(QColor(255, 200, 0))
        painter.drawText(
            QRectF(30, 16, self.width() - 60, 34), Qt.AlignmentFlag.AlignLeft, tr("Keyboard shortcuts")
        )
        body = QFont(painter.font())
        body.setPointSize(10)
        body.setBold(False)
        painter.setFont(body)
        line_height = painter.fontMetrics().height() + 4
        columns = 3
        column_width = (self.width() - 60) / columns
        rows = self.rows()
        per_column = -(-len(rows) // columns)
        group = ""
        for index, (row_group, label, shortcut) in enumerate(rows):
            column, position = divmod(index, per_column)
            x = 30 + column * column_width
            y = 60 + position * line_height
            if row_group != group:
                group = row_group
                painter.setPen(QColor(140, 190, 255))
                painter.drawText(
                    QRectF(x, y - line_height * 0.02, 80, line_height), Qt.AlignmentFlag.AlignLeft, group
                )
            painter.setPen(QColor(255, 220, 120))
            painter.drawText(QRectF(x + 80, y, 110, line_height), Qt.AlignmentFlag.AlignLeft, shortcut)
            painter.setPen(QColor(235, 235, 235))
            painter.drawText(
                QRectF(x + 190, y, column_width - 200, line_height), Qt.AlignmentFlag.AlignLeft, label
            )
        painter.setPen(QColor(160, 160, 160))
        painter.drawText(
            QRectF(30, self.height() - 34, self.width() - 60, 24),
            Qt.AlignmentFlag.AlignLeft,
            tr("Press any key or click to close"),
        )
        painter.end()

    def keyPressEvent(self, event: QKeyEvent | None) -> None:
        self.hide()

    def mousePressEvent(self, event: QMouseEvent | None) -> None:
        self.hide()
