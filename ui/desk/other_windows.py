"""The windows the desk opens beside itself: the athletes' records and a coach's training session.

Each is opened from the desk's menu; a problem opening one (no database, a folder that is no session)
is told to the user in a message box over the desk, never raised.
"""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

from matchdesk.errors import MatchdeskError
from ui.common.error_text import error_text
from ui.common.i18n import tr


def athletes_window(parent: QWidget) -> QMainWindow | None:
    """The athletes window on the default database (``MATCHDESK_DB`` or the data folder's SQLite);
    None, said in a message box, when the database cannot be opened."""
    from athletes.database import Database
    from ui.athletes.model import AthletesModel
    from ui.athletes.window import AthletesWindow

    try:
        database = Database()
    except MatchdeskError as error:
        QMessageBox.warning(parent, "matchdesk", error_text(error))
        return None
    window = AthletesWindow(AthletesModel(database))
    window.resize(1400, 900)
    return window


def training_session_window(
    parent: QWidget, weights: Path | None, folder: Path | None = None
) -> QMainWindow | None:
    """The training session in ``folder`` (asked for when None), shown in a window of its own kept
    with ``parent`` until the coach closes it; None when the user cancels or the folder is no session
    (said in a message box). ``weights``: the tracking weights for its angles."""
    from ui.session.opener import session_window

    if folder is None:
        chosen = QFileDialog.getExistingDirectory(parent, tr("Open a training session's folder"))
        if not chosen:
            return None
        folder = Path(chosen)
    try:
        window = session_window(folder, weights=weights)
    except MatchdeskError as error:
        QMessageBox.warning(parent, "matchdesk", error_text(error))
        return None
    window.setParent(parent, window.windowFlags())
    # Closed, it goes (its video, tracks and plots with it), not kept hidden beside the desk until it closes.
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.resize(1400, 900)
    window.show()
    return window
