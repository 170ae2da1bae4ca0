"""Yes-or-no questions to the user, one way for every window."""

from __future__ import annotations

from PyQt6.QtWidgets import QMessageBox, QWidget


def ask_yes_no(parent: QWidget, title: str, question: str) -> bool:
    """True when the user answers Yes to ``question``."""
    return QMessageBox.question(parent, title, question) == QMessageBox.StandardButton.Yes
