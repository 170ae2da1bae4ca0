"""The offside tool's "auto" step: both players and both lines found in one go, off the GUI thread.

The referee presses Auto; the check (:mod:`tracking.offside.auto`) runs on a worker thread with the
pose weights from Settings; its answer fills the dialog's attacker and defender, the direction
of the lines and, when no pitch points were clicked, the pitch points found from the penalty area's
lines. Whatever the referee then clicks replaces what was found, and the record keeps which
parts were automatic.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Hashable
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
from PyQt6.QtCore import QObject, pyqtSignal

from matchdesk.errors import MatchdeskError
from ui.common.background import BackgroundCall

logger = logging.getLogger(__name__)

AUTOMATIC = "auto"
BY_REFEREE = "referee"


class SharedChecker:
    """The desk's one automatic checker: its model is loaded and compiled once, in the background,
    as soon as the offside tool opens (about 6 s on a laptop), and it remembers each camera's tiles.
    Every offside tool opened afterwards answers Auto in a second or two."""

    def __init__(self, pose_weights: Path | None) -> None:
        self.pose_weights = pose_weights
        self._checker: Any = None
        self._lock = threading.Lock()
        self._warming: threading.Thread | None = None

    @property
    def available(self) -> bool:
        return self.pose_weights is not None

    @property
    def ready(self) -> bool:
        """Whether the model is loaded (Auto then answers without the wait)."""
        return self._checker is not None

    def get(self) -> Any:
        """The :class:`AutoOffsideChecker`, loaded on the first call (the others wait for it)."""
        from tracking.offside.auto import AutoOffsideChecker  # loads the model: only when asked

        with self._lock:
            if self._checker is None:
                assert self.pose_weights is not None
                self._checker = AutoOffsideChecker(self.pose_weights)
            return self._checker

    def warm(self) -> None:
        """Start loading the model on a worker thread, unless it is loaded or loading."""
        if not self.available or self._checker is not None or self._warming is not None:
            return

        def load() -> None:
            try:
                self.get()
            except (MatchdeskError, ValueError, OSError) as error:  # Auto says it when pressed
                logger.warning("the offside check's model could not be loaded: %s", error)

        self._warming = threading.Thread(target=load, name="offside-auto-warm", daemon=True)
        self._warming.start()


class AutoStep(QObject):
    """Runs the automatic check on one picture; ``found`` carries its :class:`AutoOffside`."""

    found = pyqtSignal(object)
    failed = pyqtSignal(str)

    def __init__(self, checker: SharedChecker, footage: Hashable = None) -> None:
        super().__init__()
        self.checker = checker
        self.footage = footage  # which camera: its tiles are planned once
        self.job: BackgroundCall | None = None
        checker.warm()

    @property
    def available(self) -> bool:
        return self.checker.available

    def run(
        self,
        picture: np.ndarray,
        frame: int,
        attack: int,
        frame_rate: Fraction,
        calibration: Any,
        defending: int | None = None,
    ) -> None:
        """``defending``: the team the referee says defends (for the rest of the move)."""

        def work() -> object:
            return self.checker.get().check_in_move(
                picture,
                frame,
                attack,
                frame_rate,
                calibration,
                footage=self.footage,
                defending=defending,
                find_the_pitch=True,
            )

        self.job = BackgroundCall("offside-auto", work)
        self.job.done.connect(self.found.emit)
        self.job.failed.connect(self.failed.emit)
        self.job.start()
