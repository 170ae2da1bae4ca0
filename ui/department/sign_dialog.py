"""Signing a report as it is written: the signer's PKCS#12 file and passphrase, optionally the
organisation's seal, and a timestamp authority. (A USB token signs from the command line.)"""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from athletes.signing.keys import SEAL_PASSPHRASE_VARIABLE, PKCS12Key
from ui.common.i18n import tr
from ui.department.model import Signing


class SignDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Sign the report"))
        self.sign = QCheckBox(tr("Sign it"))
        self.sign.setChecked(True)
        self.signer_file, self.signer_pass = QLineEdit(), QLineEdit()
        self.seal_file, self.seal_pass = QLineEdit(), QLineEdit()
        for secret in (self.signer_pass, self.seal_pass):
            secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.tsa = QLineEdit()
        self.tsa.setPlaceholderText("http://…")
        form = QFormLayout(self)
        form.addRow(self.sign)
        form.addRow(tr("Signer's key (.p12)"), self._with_browse(self.signer_file))
        form.addRow(tr("Passphrase"), self.signer_pass)
        form.addRow(tr("Organisation's seal (.p12, optional)"), self._with_browse(self.seal_file))
        form.addRow(tr("Seal's passphrase"), self.seal_pass)
        form.addRow(tr("Timestamp authority (optional)"), self.tsa)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _with_browse(self, field: QLineEdit) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(field, 1)
        browse = QPushButton(tr("Browse…"))
        browse.clicked.connect(lambda: self._browse(field))
        row.addWidget(browse)
        return box

    def _browse(self, field: QLineEdit) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr("A key file"), "", "PKCS#12 (*.p12 *.pfx)")
        if name:
            field.setText(name)

    def signing(self) -> Signing | None:
        """What was chosen: None to leave the report unsigned."""
        if not self.sign.isChecked() or not self.signer_file.text().strip():
            return None
        signer = PKCS12Key(Path(self.signer_file.text().strip()), passphrase=self.signer_pass.text())
        seal = None
        if self.seal_file.text().strip():
            seal = PKCS12Key(
                Path(self.seal_file.text().strip()), SEAL_PASSPHRASE_VARIABLE, self.seal_pass.text()
            )
        return Signing(signer, seal, self.tsa.text().strip() or None)
