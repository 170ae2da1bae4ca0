"""Starting the desk: the application, its font and language, and the review window."""

from __future__ import annotations

import getpass
import logging
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from PyQt6.QtCore import QEventLoop, QTimer
from PyQt6.QtWidgets import QApplication, QDialog, QWidget

from athletes.access.actor import Actor
from athletes.database import Database
from matchdesk.errors import MatchdeskError
from matchdesk.settings import Settings, load_settings, save_settings
from ui.common.background import ProgressJob
from ui.common.display_check import check_can_open_windows
from ui.common.error_text import error_text
from ui.common.fonts import install_fonts
from ui.common.i18n import set_language
from ui.desk.dialogs import NewReviewDialog
from ui.desk.review_window import ReviewWindow
from var.review_record import Review
from var.review_recorder import ReviewRecorder
from var.review_session import ReviewSession

logger = logging.getLogger(__name__)

SCREENSHOT_SIZE = (1600, 1000)
_application: QApplication | None = None  # held here: a QApplication nobody references is destroyed


def application() -> QApplication:
    """The one QApplication, created with our font on first use."""
    global _application
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        if _application is None:
            install_fonts(existing)
            _application = existing
        return existing
    # Decoding threads hold the GIL in 5 ms slices by default; 1 ms slices keep the GUI thread
    # answering within a frame while four angles decode (measured by bench/bench_desk_scrub.py).
    sys.setswitchinterval(0.001)
    check_can_open_windows()  # else Qt aborts the process with its own message and a core dump
    _application = QApplication(sys.argv[:1])
    _application.setApplicationName("matchdesk")
    _application.setOrganizationName("matchdesk")
    install_fonts(_application)
    return _application


def open_review_window(
    paths: Sequence[Path],
    settings: Settings,
    offsets: Sequence[int] | None = None,
    offer_proxies: bool = True,
    review_file: Path | None = None,
    match: str | None = None,
) -> ReviewWindow:
    """The desk on ``paths``, or on the angles of an existing ``review_file``.

    With a ``review_file`` that does not exist yet, it is created for ``paths``; without one, the
    desk creates a file in the user's data folder when the first incident is recorded.
    """
    author = settings.reviewer_name or getpass.getuser()
    review: Review | None = None
    if review_file is not None and review_file.exists():
        if paths:
            raise MatchdeskError(
                "already exists: open it with --db alone, its angles are inside", review_file
            )
        review = Review.open(review_file)
        state = review.state()
        paths, offsets = state.angle_paths, state.offsets
    try:
        session = ReviewSession.open(paths, offsets)
    except MatchdeskError:
        if review is not None:
            review.close()
        raise
    if review is None and review_file is not None:
        review = Review.create(
            review_file, match or " / ".join(Path(p).stem for p in paths), list(paths), author
        )
        for angle, offset in enumerate(offsets or []):
            if angle > 0:
                review.set_offset(angle, offset, "manual", 1.0, author)
    if paths:
        settings.last_folder = str(Path(paths[0]).resolve().parent)
    recorder = ReviewRecorder(review, session, author) if review is not None else None
    return ReviewWindow(session, settings, offer_proxies=offer_proxies, recorder=recorder)


def ask_for_angles(settings: Settings) -> list[Path]:
    dialog = NewReviewDialog(None, settings.last_folder)
    return dialog.paths() if dialog.exec() == QDialog.DialogCode.Accepted else []


def _start(language: str | None) -> tuple[QApplication, Settings]:
    """The application and the user's settings, in ``language`` when given, else the saved one."""
    app = application()
    settings = load_settings()
    if language is not None:
        settings.language = language
    set_language(settings.language)
    return app, settings


def run_review(
    paths: Sequence[Path],
    *,
    goto: int | None = None,
    screenshot: Path | None = None,
    language: str | None = None,
    offsets: Sequence[int] | None = None,
    review_file: Path | None = None,
    match: str | None = None,
    track: bool = False,
    monitor: bool = False,
) -> int:
    """Open the desk on ``paths`` (asking for them when empty); with ``screenshot``, save and exit.

    ``track``: track players and ball on every angle at once (before the screenshot, if any).
    ``monitor``: open the referee review monitor (with ``screenshot``, saved beside it).
    """
    app, settings = _start(language)
    if not paths and (review_file is None or not review_file.exists()):
        paths = ask_for_angles(settings)
        if not paths:
            return 0
    window = open_review_window(paths, settings, offsets, screenshot is None, review_file, match)
    window.new_review_requested.connect(lambda: _replace_with_new_review(window, settings))
    if screenshot is not None:
        window.resize(*SCREENSHOT_SIZE)
    window.show()
    if goto is not None:
        window.playback.seek(goto)
    job = window.tracking_part.track_all_angles() if track else None
    referee_monitor = window.toggle_referee_monitor() if monitor else None
    if screenshot is not None:
        if job is not None:
            _wait_for(job)
        if window.live is not None:
            _wait_for_live_edge(window)
        shown = window.wait_until_shown()
        if referee_monitor is not None:
            referee_monitor.resize(960, 540)
            referee_monitor.wait_until_shown()
            _save_and_close(referee_monitor, screenshot.with_name(f"{screenshot.stem}-monitor.png"))
        _save_and_close(window, screenshot)
        if not shown:
            logger.warning("saved the screenshot before every angle had decoded its frame")
        return 0
    result = app.exec()
    save_settings(settings)
    return result


def _wait_for_live_edge(window: ReviewWindow) -> None:
    """Until the desk has taken in the recording once more (its timeline reaching the live edge)."""
    assert window.live is not None
    loop = QEventLoop()
    window.live.refreshed.connect(lambda snapshot: QTimer.singleShot(100, loop.quit))
    QTimer.singleShot(3000, loop.quit)
    loop.exec()


def _show(
    app: QApplication,
    settings: Settings,
    window: QWidget,
    screenshot: Path | None,
    settle: Callable[[], None],
) -> int:
    """Show ``window``; with ``screenshot``, save a picture once ``settle`` says it is drawn and exit;
    else run until it closes and keep the user's settings."""
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    if screenshot is not None:
        settle()
        _save_and_close(window, screenshot)
        return 0
    result = app.exec()
    save_settings(settings)
    return result


def _save_and_close(window: QWidget, screenshot: Path) -> None:
    """Save a picture of ``window`` to ``screenshot`` and close it; MatchdeskError if it cannot be written."""
    saved = window.grab().save(str(screenshot))
    window.close()
    window.deleteLater()  # Qt takes it down, not the garbage collector in whatever order it likes
    if not saved:
        raise MatchdeskError("cannot write the screenshot", screenshot)


def _wait_for(job: ProgressJob) -> None:
    """Run the event loop until ``job`` is done or has failed (its overlays are then on screen)."""
    loop = QEventLoop()
    job.done.connect(lambda _result: QTimer.singleShot(0, loop.quit))
    job.failed.connect(lambda _message: QTimer.singleShot(0, loop.quit))
    if not job.wait(0):
        loop.exec()


def _replace_with_new_review(window: ReviewWindow, settings: Settings) -> None:
    paths = ask_for_angles(settings)
    if not paths:
        return
    try:
        replacement = open_review_window(paths, settings)
    except MatchdeskError as error:
        from PyQt6.QtWidgets import QMessageBox

        QMessageBox.warning(window, "matchdesk", error_text(error))
        return
    replacement.new_review_requested.connect(lambda: _replace_with_new_review(replacement, settings))
    replacement.show()
    window.close()


def run_department(
    database: Database,
    actor: Actor,
    *,
    language: str | None = None,
    screenshot: Path | None = None,
    tab: int | None = None,
) -> int:
    """The department's records window on ``database`` as ``actor``; with ``screenshot``, save a
    picture once drawn and exit."""
    from ui.department.model import DepartmentModel
    from ui.department.window import DepartmentWindow

    app, settings = _start(language)
    model = DepartmentModel(database, actor)
    model.language = settings.language
    window = DepartmentWindow(model)
    if tab is not None:
        window.tabs.setCurrentIndex(tab)
    return _show(app, settings, window, screenshot, window.settle)


def run_athletes(
    database: Database,
    *,
    athlete_id: int | None = None,
    tab: str | None = None,
    language: str | None = None,
    screenshot: Path | None = None,
    actor: Actor | None = None,
) -> int:
    """The athletes window on ``database`` as ``actor`` (else whoever signs in, when the database has
    accounts); with ``screenshot``, save a picture once drawn and exit."""
    from ui.athletes.model import AthletesModel
    from ui.athletes.window import AthletesWindow

    app, settings = _start(language)
    actor = actor or _signed_in(database, None)
    if actor is None:
        return 2
    window = AthletesWindow(AthletesModel(database, actor=actor))
    if athlete_id is not None:
        window.open_athlete(athlete_id)
    if tab is not None:
        window.tabs.setCurrentIndex(["roster", "athlete", "live"].index(tab))
    return _show(app, settings, window, screenshot, window.settle)


def _signed_in(database: Database, user: str | None) -> Actor | None:
    """Who acts on ``database``: ``user`` (or the laptop's own administrator) when no password is
    asked, else whoever signs in at the dialog; None when it is closed."""
    from athletes.access.accounts import sign_in
    from ui.athletes.sign_in import SignInDialog

    try:
        return sign_in(database, user)
    except MatchdeskError:  # the database has accounts: the window asks
        dialog = SignInDialog(database)
        if dialog.exec() != SignInDialog.DialogCode.Accepted or dialog.actor is None:
            return None
        return dialog.actor


def run_session(
    folder: Path,
    *,
    angle: str | None = None,
    weights: Path | None = None,
    language: str | None = None,
    screenshot: Path | None = None,
    seconds: float | None = None,
    database: Database | None = None,
    user: str | None = None,
) -> int:
    """The training session's window on ``folder``; with ``screenshot``, save a picture (at ``seconds``
    into the video) once drawn and exit. With ``database``, signed in as ``user`` (the window asks
    when the database has accounts), the athletes' records: their thresholds and TRIMP in the load,
    and the load stored once the coach confirms the names."""
    from athletes.video_session.records import SessionRecords
    from ui.session.opener import session_window

    app, settings = _start(language)
    records = None
    if database is not None:
        actor = _signed_in(database, user)
        if actor is None:
            return 2
        records = SessionRecords(database, actor)
    window = session_window(folder, angle, weights, records)

    def settle() -> None:  # the frame asked for on the picture
        if seconds is not None:
            window.playhead.seek_seconds(seconds)
        deadline = time.monotonic() + 10
        while window.video.shown_frame != window.playhead.frame and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        app.processEvents()

    return _show(app, settings, window, screenshot, settle)
