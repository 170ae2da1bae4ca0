"""A clip's calibration on any frame asked: clicked, found from the markings, or carried from either.

The referee's clicked points (on one frame, or for a fixed camera on every frame) come first.
Without them the pitch is looked for on the frame asked (:mod:`tracking.offside.pitch_finder`);
where that frame does not show the penalty area's lines, on frames around it. A calibration found or
clicked on one frame is carried to the others by following the pitch's markings through the frames
between (:mod:`tracking.offside.registration`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from tracking.offside.pitch_finder import PitchNotFound, find_pitch
from tracking.offside.registration import RegistrationError, carry_calibration
from var.offside import Calibration

logger = logging.getLogger(__name__)

Picture = npt.NDArray[np.uint8]
SEARCH_STEP = 15  # frames between the frames looked at for the pitch, around the one asked
SEARCH_TRIES = 6  # a second each
CLICKED, FOUND = "clicked", "found"


@dataclass(frozen=True)
class FrameCalibration:
    """The calibration of one frame and where it came from; ``problem`` says why there is none."""

    calibration: Calibration | None
    source: str = ""  # "clicked" or "found": how the points were had
    on_frame: int | None = None  # the frame they were clicked or found on (None: a fixed camera)
    problem: str = ""

    def to_json_dict(self, frame: int) -> dict[str, Any] | None:
        if self.calibration is None:
            return None
        carried = self.on_frame not in (None, frame)
        return {"source": self.source, "on_frame": self.on_frame, "carried": carried}


class ClipCalibration:
    """Calibrations of one clip's frames, asked one after another (each carried from the last)."""

    def __init__(
        self,
        frame: Callable[[int], Picture],
        frame_count: int,
        attack: int,
        clicked: Calibration | None = None,
        clicked_on: int | None = None,
    ) -> None:
        """``frame``: the picture of a display frame. ``clicked_on``: the frame the points were
        clicked on; None with ``clicked``: a fixed camera, the same calibration on every frame."""
        self._frame = frame
        self._count = frame_count
        self._attack = attack
        self._fixed = clicked if clicked is not None and clicked_on is None else None
        # the last frame calibrated: (frame, calibration, how the points were had, on which frame)
        self._last: tuple[int, Calibration, str, int] | None = None
        if clicked is not None and clicked_on is not None:
            self._last = (clicked_on, clicked, CLICKED, clicked_on)
        self._looked_at: set[int] = set()
        self._not_found = ""

    def on(self, wanted: int) -> FrameCalibration:
        """The calibration of frame ``wanted``."""
        if self._fixed is not None:
            return FrameCalibration(self._fixed, CLICKED)
        if self._last is None or self._last[2] == FOUND:  # clicked points win over found ones
            here = self._find(wanted)
            if here is not None:
                self._last = (wanted, here, FOUND, wanted)
                return FrameCalibration(here, FOUND, wanted)
        problem = ""
        if self._last is not None:
            carried = self._carried_to(wanted)
            if carried.calibration is not None or self._last[2] == CLICKED:
                return carried
            problem = carried.problem
        # Nothing found yet, or found where it cannot be carried from: look on the frames around.
        for index in self._around(wanted):
            found = self._find(index)
            if found is None:
                continue
            self._last = (index, found, FOUND, index)
            carried = self._carried_to(wanted)
            if carried.calibration is not None:
                return carried
            problem = carried.problem
        return FrameCalibration(
            None, problem=problem or f"no pitch points ({self._not_found}): click four pitch points"
        )

    def _carried_to(self, wanted: int) -> FrameCalibration:
        """The last calibration carried to ``wanted``, which becomes the last."""
        assert self._last is not None
        last_frame, last, source, origin = self._last
        try:
            carried = carry_calibration(last, self._frame, last_frame, wanted)
        except RegistrationError as error:
            return FrameCalibration(
                None,
                problem=f"the pitch points of frame {origin} could not be carried to this frame ({error})",
            )
        self._last = (wanted, carried, source, origin)  # the next frame asked is carried from here
        return FrameCalibration(carried, source, origin)

    def _find(self, index: int) -> Calibration | None:
        self._looked_at.add(index)
        try:
            return find_pitch(self._frame(index), self._attack).calibration
        except PitchNotFound as error:
            self._not_found = str(error)
            logger.info("frame %d: %s", index, error)
            return None

    def _around(self, wanted: int) -> list[int]:
        """Frames around ``wanted`` not yet looked at, nearest first: at most ``SEARCH_TRIES``."""
        offsets = [
            k * SEARCH_STEP * sign for k in range(1, self._count // SEARCH_STEP + 2) for sign in (1, -1)
        ]
        frames = [wanted + offset for offset in offsets if 0 <= wanted + offset < self._count]
        return [index for index in frames if index not in self._looked_at][:SEARCH_TRIES]
