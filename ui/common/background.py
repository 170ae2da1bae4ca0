"""Running one slow call (sync, export) off the GUI thread; the answer arrives as a signal."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PyQt6.QtCore import QObject, pyqtSignal

from matchdesk.errors import MatchdeskError
from ui.common.error_text import error_text

logger = logging.getLogger(__name__)


class BackgroundCall(QObject):
    """``call()`` on a worker thread; ``done(result)`` or ``failed(message)`` on the GUI thread."""

    done = pyqtSignal(object)
    failed = pyqtSignal(str)

    def __init__(self, name: str, call: Callable[[], object]) -> None:
        super().__init__()
        self._call = call
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> BackgroundCall:
        self._thread.start()
        return self

    def wait(self, seconds: float) -> bool:
        self._thread.join(seconds)
        return not self._thread.is_alive()

    def _run(self) -> None:
        try:
            result = self._call()
        except (MatchdeskError, ValueError, OSError) as error:
            self.failed.emit(error_text(error))
            return
        self.done.emit(result)


class ProgressJob(QObject):
    """A long call with progress and cancel: ``call(report, cancel)`` runs on a worker thread."""

    progress = pyqtSignal(int, int)  # done, total
    done = pyqtSignal(object)
    failed = pyqtSignal(str)

    def __init__(
        self, name: str, call: Callable[[Callable[[int, int], None], threading.Event], object]
    ) -> None:
        super().__init__()
        self._call = call
        self.cancel_requested = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> ProgressJob:
        self._thread.start()
        return self

    def cancel(self) -> None:
        self.cancel_requested.set()

    def wait(self, seconds: float) -> bool:
        self._thread.join(seconds)
        return not self._thread.is_alive()

    def _run(self) -> None:
        try:
            result = self._call(self.progress.emit, self.cancel_requested)
        except (MatchdeskError, ValueError, OSError) as error:
            self.failed.emit(error_text(error))
            return
        self.done.emit(result)


class BackgroundCalls:
    """Starts background calls and holds each until it answers (a call nobody holds is collected)."""

    def __init__(self, on_failed: Callable[[str], None]) -> None:
        self._on_failed = on_failed
        self._running: set[BackgroundCall] = set()

    def start(
        self, name: str, call: Callable[[], object], on_done: Callable[[object], None]
    ) -> BackgroundCall:
        job = BackgroundCall(name, call)
        job.done.connect(on_done)
        job.failed.connect(self._on_failed)
        job.done.connect(lambda _answer: self._running.discard(job))
        job.failed.connect(lambda _message: self._running.discard(job))
        self._running.add(job)
        return job.start()

    def wait(self, seconds: float = 10.0) -> None:
        for job in list(self._running):
            job.wait(seconds)

    def idle(self) -> bool:
        return not self._running
