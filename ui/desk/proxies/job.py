"""Building missing proxies in the background, with progress and cancel, never freezing the window."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PyQt6.QtCore import QObject, pyqtSignal

from ui.common.error_text import error_text
from var.media import MediaError, build_proxy

logger = logging.getLogger(__name__)


class Cancelled(Exception):
    """The referee cancelled the proxy build."""


class ProxyJob(QObject):
    """Builds proxies for some angles on a worker thread; signals arrive on the GUI thread."""

    progress = pyqtSignal(int, int)  # frames done over all angles, frames in all
    angle_done = pyqtSignal(int)  # angle index whose proxy is ready
    failed = pyqtSignal(str)
    finished = pyqtSignal()

    def __init__(self, angles: dict[int, tuple[Path, int]]) -> None:
        """``angles``: angle index -> (source path, frame count)."""
        super().__init__()
        self._angles = angles
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, name="proxy-job", daemon=True)

    @property
    def total_frames(self) -> int:
        return sum(frames for _, frames in self._angles.values())

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, seconds: float) -> bool:
        self._thread.join(seconds)
        return not self._thread.is_alive()

    def _run(self) -> None:
        done_before = 0
        try:
            for angle, (path, frames) in self._angles.items():

                def report(done: int, base: int = done_before) -> None:
                    if self._cancel.is_set():
                        raise Cancelled
                    self.progress.emit(base + done, self.total_frames)

                build_proxy(path, on_progress=report)
                done_before += frames
                self.angle_done.emit(angle)
        except Cancelled:
            logger.info("proxy build cancelled")
        except MediaError as error:
            self.failed.emit(error_text(error))
        finally:
            self.finished.emit()
