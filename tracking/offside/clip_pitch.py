"""The pitch points of a clip's asked frames: found on a few of them, carried to the others.

Looking for the pitch (:func:`tracking.offside.pitch_finder.find_pitch`) takes about 0.7 s a frame;
following the camera (:mod:`tracking.offside.camera_motion`) is done for the clip anyway. So the pitch
is looked for on one asked frame in ``FIND_ONE_IN`` (spread over each stretch the camera is followed
through) while the clip is read. The other asked frames are then calibrated outwards from those,
each taking the nearest frame's calibration carried through the camera's motion and laid onto its
own frame's markings (:func:`tracking.offside.registration.refine_to_markings`), which takes out
the motion's drift.
Clicked points are carried the same way from the frame they were clicked on; where that frame lies
outside the stretches followed, the markings are followed frame by frame
(:class:`tracking.offside.clip_calibration.ClipCalibration`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from tracking.offside.camera_motion import CameraMotion, followed_together
from tracking.offside.clip_calibration import CLICKED, FOUND, ClipCalibration, FrameCalibration
from tracking.offside.pitch_finder import PitchNotFound, find_pitch
from tracking.offside.registration import (
    FARTHEST_PX,
    RegistrationError,
    largest_move,
    refine_to_markings,
    with_homography,
)
from tracking.offside.vanishing import PitchView
from var.offside import Calibration

logger = logging.getLogger(__name__)

Picture = npt.NDArray[np.uint8]
FloatArray = npt.NDArray[np.float64]
FIND_ONE_IN = 5  # asked frames per frame looked at for the pitch
MORE_TRIES = 2  # per stretch where none of those showed it: asked frames looked at besides
# A carried pitch may be tens of pixels off (the motion's drift): the markings are first pulled from
# further, then as closely as a frame-to-frame registration pulls them.
CARRIED_REACH_PX = (40.0, FARTHEST_PX)
LARGEST_NUDGE = 0.15  # of the width, at the corners: laid onto the markings further than this, it slipped


def frames_to_search(frames: Sequence[int], longest_gap: int) -> set[int]:
    """One asked frame in ``FIND_ONE_IN``, spread evenly over each group followed together."""
    chosen: set[int] = set()
    for group in followed_together(frames, longest_gap):
        count = -(-len(group) // FIND_ONE_IN)
        chosen.update(group[int((k + 0.5) * len(group) / count)] for k in range(count))
    return chosen


class ClipPitch:
    """The calibration of each asked frame of one clip (see the module's text).

    :meth:`look` is shown each asked frame while the clip is read; :meth:`on` gives each one's
    calibration once the camera's motion is known."""

    def __init__(
        self,
        frames: Sequence[int],
        longest_gap: int,
        attack: int,
        clicked: Calibration | None = None,
        clicked_on: int | None = None,
        frame_by_frame: Callable[[], ClipCalibration] | None = None,
    ) -> None:
        """``clicked_on``: the frame the points were clicked on; None with ``clicked``: a fixed
        camera, the same calibration on every frame. ``frame_by_frame``: makes the calibration that
        follows the markings frame by frame, for clicked points outside the stretches followed."""
        self._attack = attack
        self._clicked = clicked
        self._clicked_on = clicked_on
        self._frame_by_frame = frame_by_frame
        self._by_frame_by_frame: ClipCalibration | None = None
        self._to_search = frames_to_search(frames, longest_gap) if clicked is None else set()
        # frame -> its calibration, the frame its points were found or clicked on, and how
        self._laid: dict[int, tuple[Calibration, int, str]] = {}
        if clicked is not None and clicked_on is not None:
            self._laid[clicked_on] = (clicked, clicked_on, CLICKED)
        self._looked_at: set[int] = set()
        self._more_tries: dict[int, int] = {}  # stretch -> frames looked at besides
        self._not_found = ""

    def look(self, index: int, picture: Picture, view: PitchView | None = None) -> None:
        """Look for the pitch on ``picture`` (frame ``index``) if it is one of those to look on.
        ``view``: the picture's lines, when the caller has read them."""
        if index in self._to_search:
            self._find(index, picture, view)

    def on_frames(
        self,
        frames: Sequence[int],
        picture: Callable[[int], Picture],
        motion: CameraMotion,
        view: Callable[[int], PitchView | None] = lambda index: None,
    ) -> dict[int, FrameCalibration]:
        """The calibration of each of ``frames``, nearest the frames found or clicked on first, so
        that each is carried from a near neighbour already laid onto its markings. ``view``: each
        frame's lines, where the caller has read them."""

        def distance(index: int) -> float:
            nearest = self._nearest_laid(index, motion)
            return float("inf") if nearest is None else abs(nearest - index)

        ordered = sorted(frames, key=lambda index: (distance(index), index))
        return {index: self.on(index, picture(index), motion, view(index)) for index in ordered}

    def on(
        self, index: int, picture: Picture, motion: CameraMotion, view: PitchView | None = None
    ) -> FrameCalibration:
        """The calibration of asked frame ``index``, whose picture is ``picture`` (and lines ``view``)."""
        if self._clicked is not None and self._clicked_on is None:
            return FrameCalibration(self._clicked, CLICKED)
        nearest = self._nearest_laid(index, motion)
        if self._clicked is not None and nearest is None:
            return self._followed_frame_by_frame(index)
        if nearest is None and self._may_try_more(index, motion):
            self._find(index, picture, view)
            nearest = self._nearest_laid(index, motion)
        if nearest is None:
            return FrameCalibration(
                None, problem=f"no pitch points ({self._not_found}): click four pitch points"
            )
        return self._carried(nearest, index, picture, motion, view)

    def _carried(
        self, nearest: int, index: int, picture: Picture, motion: CameraMotion, view: PitchView | None
    ) -> FrameCalibration:
        """The calibration of frame ``nearest`` carried to frame ``index`` and laid on its markings."""
        calibration, origin, source = self._laid[nearest]
        if nearest == index:
            return FrameCalibration(calibration, source, origin)
        mapping = motion.relating(nearest, index)
        assert mapping is not None
        carried = mapping @ calibration.homography
        on_markings = False
        try:
            field = view.field if view is not None else None
            laid = refine_to_markings(picture, carried, reach_px=CARRIED_REACH_PX, field=field)
            on_markings = largest_move(carried, laid, picture.shape) <= LARGEST_NUDGE * picture.shape[1]
            if on_markings:
                carried = laid
            else:
                logger.info("frame %d: the carried pitch slipped on the markings; kept as carried", index)
        except RegistrationError as error:
            logger.info("frame %d: the carried pitch kept as carried (%s)", index, error)
        here = with_homography(calibration, carried / abs(carried[2, 2]))
        if on_markings:  # a neighbour may be carried from here
            self._laid[index] = (here, origin, source)
        return FrameCalibration(here, source, origin)

    def _nearest_laid(self, index: int, motion: CameraMotion) -> int | None:
        related = [f for f in self._laid if motion.relating(f, index) is not None]
        return min(related, key=lambda f: (abs(f - index), f)) if related else None

    def _may_try_more(self, index: int, motion: CameraMotion) -> bool:
        if index in self._looked_at:
            return False
        stretch = motion.stretch_of.get(index, index)
        tries = self._more_tries.get(stretch, 0)
        self._more_tries[stretch] = tries + 1
        return tries < MORE_TRIES

    def _find(self, index: int, picture: Picture, view: PitchView | None) -> None:
        self._looked_at.add(index)
        try:
            self._laid[index] = (find_pitch(picture, self._attack, view=view).calibration, index, FOUND)
        except PitchNotFound as error:
            self._not_found = str(error)
            logger.info("frame %d: %s", index, error)

    def _followed_frame_by_frame(self, index: int) -> FrameCalibration:
        if self._frame_by_frame is None:
            return FrameCalibration(None, problem="the clicked frame is not part of the clip followed")
        if self._by_frame_by_frame is None:
            self._by_frame_by_frame = self._frame_by_frame()
        return self._by_frame_by_frame.on(index)
