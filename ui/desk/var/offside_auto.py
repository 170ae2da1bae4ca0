"""The offside tool's "auto" step: both players and both lines found in one go, off the GUI thread.

The referee presses Auto; the check (:mod:`tracking.offside.auto`) runs on a worker thread with the
pose weights from Settings; its answer fills the dialog's attacker and defender and the direction
of the lines. Whatever the referee then clicks replaces what was found, and the record keeps which
parts were automatic.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
from PyQt6.QtCore import QObject, pyqtSignal

from ui.common.background import BackgroundCall

AUTOMATIC = "auto"
BY_REFEREE = "referee"


class AutoStep(QObject):
    """Runs the automatic check on one picture; ``found`` carries its :class:`AutoOffside`."""

    found = pyqtSignal(object)
    failed = pyqtSignal(str)

    def __init__(self, pose_weights: Path | None) -> None:
        super().__init__()
        self.pose_weights = pose_weights
        self.job: BackgroundCall | None = None
        self._checker: Any = None

    @property
    def available(self) -> bool:
        return self.pose_weights is not None

    def run(
        self, picture: np.ndarray, frame: int, attack: int, frame_rate: Fraction, calibration: Any
    ) -> None:
        def work() -> object:
            from tracking.offside.auto import AutoOffsideChecker  # loads the model: only when asked

            if self._checker is None:
                assert self.pose_weights is not None
                self._checker = AutoOffsideChecker(self.pose_weights)
            return self._checker.check(picture, frame, attack, frame_rate, calibration)

        self.job = BackgroundCall("offside-auto", work)
        self.job.done.connect(self.found.emit)
        self.job.failed.connect(self.failed.emit)
        self.job.start()
