"""Signing in to the athletes window: login and password, checked by ``athletes.access.accounts``."""

from __future__ import annotations

from PyQt6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from athletes.access.accounts import sign_in
from athletes.access.actor import Actor
from athletes.database import Database
from matchdesk.errors import MatchdeskError
from ui.common.i18n import tr


class SignInDialog(QDialog):
    """Asks until the database accepts a login and password, or the user cancels."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.actor: Actor | None = None
        self.setWindowTitle(tr("Sign in"))
        self.login = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020")
        form = QFormLayout(self)
        form.addRow(tr("Login"), self.login)
        form.addRow(tr("Password"), self.password)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def try_sign_in(self) -> None:
        try:
            self.actor = sign_in(self.database, self.login.text().strip(), self.password.text())
        except MatchdeskError:
            self.problem.setText(tr("Wrong login or password."))
            self.password.clear()
            return
        self.accept()
