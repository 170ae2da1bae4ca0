"""The goal line's direction on every frame of a clip, decided by the clip rather than frame by frame.

One frame alone may mistake the family of lines parallel to the touchline (or the stands' edges) for
the goal line's, when the camera stands far behind the play and both families lie flat; or find no
lines at all. Over a clip the camera's motion (:mod:`tracking.offside.camera_motion`) links each
frame's families to the next frame's: the family that most frames take for the goal line's is the
goal line's on all of them. A frame with none of its own gets the direction carried from the nearest
frame that has one, and a frame that disagrees with both its neighbours by more than a few degrees,
while they agree, takes theirs. Each frame says where its direction came from.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tracking.offside.camera_motion import CameraMotion
from tracking.offside.vanishing import VanishingPoint, degrees_apart, direction_degrees

logger = logging.getLogger(__name__)

FloatArray = npt.NDArray[np.float64]
LINK_DEGREES = 4.0  # one family on two frames, after the camera's motion between them
DISAGREE_DEGREES = 3.0  # a frame this far from both neighbours, which agree, is re-examined
NEIGHBOURS_AGREE_DEGREES = 2.0
OWN, OTHER_FAMILY, CARRIED, FROM_NEIGHBOURS = "own", "other family", "carried", "neighbours"


@dataclass(frozen=True)
class ClipDirection:
    """One frame's goal-line vanishing point and where it came from."""

    vanishing: VanishingPoint | None
    source: str = (
        OWN  # OWN, OTHER_FAMILY (the clip chose the frame's second family), CARRIED, FROM_NEIGHBOURS
    )
    from_frame: int | None = None  # for CARRIED: the frame it was carried from


def clip_directions(
    candidates: Mapping[int, Sequence[VanishingPoint]],
    motion: CameraMotion,
    at: Mapping[int, tuple[float, float]],
) -> dict[int, ClipDirection]:
    """Each frame's goal-line direction. ``candidates``: per frame, its families' vanishing points,
    the one the frame alone takes for the goal line's first. ``at``: per frame, the picture point
    where directions are compared (the players' middle)."""
    frames = sorted(candidates)
    chain_of = _linked_families(frames, candidates, motion, at)
    votes: dict[int, int] = {}
    for frame in frames:
        for rank, chain in enumerate(chain_of[frame]):
            votes[chain] = votes.get(chain, 0) + (1 if rank == 0 else 0)
    chosen: dict[int, ClipDirection] = {}
    for frame in frames:
        if not chain_of[frame]:
            continue
        best = min(range(len(chain_of[frame])), key=lambda k: (-votes[chain_of[frame][k]], k))
        # a family no frame took for the goal line's stays out: it is the touchline's
        if votes[chain_of[frame][best]] == 0:
            continue
        chosen[frame] = ClipDirection(candidates[frame][best], OWN if best == 0 else OTHER_FAMILY)
    chosen = _re_examined(frames, chosen, motion, at)
    result = {}
    for frame in frames:
        if frame in chosen:
            result[frame] = chosen[frame]
            continue
        result[frame] = _carried(frame, chosen, motion)
    return result


def _linked_families(
    frames: list[int],
    candidates: Mapping[int, Sequence[VanishingPoint]],
    motion: CameraMotion,
    at: Mapping[int, tuple[float, float]],
) -> dict[int, list[int]]:
    """Per frame, the chain (a family followed from frame to frame) of each of its candidates."""
    chain_of: dict[int, list[int]] = {}
    next_chain = 0
    previous: int | None = None
    for frame in frames:
        chains = []
        for candidate in candidates[frame]:
            link = None
            if previous is not None:
                link = _linked(candidate, frame, previous, candidates, chain_of, motion, at)
            if link is None or link in chains:
                link, next_chain = next_chain, next_chain + 1
            chains.append(link)
        chain_of[frame] = chains
        if candidates[frame]:
            previous = frame
    return chain_of


def _linked(
    candidate: VanishingPoint,
    frame: int,
    previous: int,
    candidates: Mapping[int, Sequence[VanishingPoint]],
    chain_of: Mapping[int, list[int]],
    motion: CameraMotion,
    at: Mapping[int, tuple[float, float]],
) -> int | None:
    mapping = motion.relating(previous, frame)
    if mapping is None:
        return None
    here = direction_degrees(candidate.homogeneous, at[frame])
    apart = [
        degrees_apart(here, direction_degrees(mapping @ np.array(earlier.homogeneous), at[frame]))
        for earlier in candidates[previous]
    ]
    nearest = int(np.argmin(apart))
    return chain_of[previous][nearest] if apart[nearest] <= LINK_DEGREES else None


def _re_examined(
    frames: list[int],
    chosen: dict[int, ClipDirection],
    motion: CameraMotion,
    at: Mapping[int, tuple[float, float]],
) -> dict[int, ClipDirection]:
    """A frame whose direction disagrees with both neighbours, while they agree, takes theirs."""
    having = [f for f in frames if f in chosen]
    result = dict(chosen)
    for before, frame, after in zip(having, having[1:], having[2:], strict=False):
        predictions = []
        for neighbour in (before, after):
            mapping = motion.relating(neighbour, frame)
            vanishing = chosen[neighbour].vanishing
            if mapping is None or vanishing is None:
                break
            predictions.append(mapping @ np.array(vanishing.homogeneous))
        if len(predictions) < 2:
            continue
        own = chosen[frame].vanishing
        assert own is not None
        angles = [direction_degrees(p, at[frame]) for p in predictions]
        own_angle = direction_degrees(own.homogeneous, at[frame])
        if degrees_apart(*angles) > NEIGHBOURS_AGREE_DEGREES:
            continue
        if min(degrees_apart(own_angle, a) for a in angles) <= DISAGREE_DEGREES:
            continue
        mean = predictions[0] / np.linalg.norm(predictions[0])
        second = predictions[1] / np.linalg.norm(predictions[1])
        mean = mean + (second if mean @ second >= 0 else -second)
        mean /= np.linalg.norm(mean)
        logger.info(
            "frame %d: its direction disagrees with frames %d and %d; theirs is taken", frame, before, after
        )
        result[frame] = ClipDirection(
            VanishingPoint(
                (float(mean[0]), float(mean[1]), float(mean[2])), own.segments, own.spread_degrees
            ),
            FROM_NEIGHBOURS,
        )
    return result


def _carried(frame: int, chosen: Mapping[int, ClipDirection], motion: CameraMotion) -> ClipDirection:
    """The nearest frame's direction, carried by the camera's motion; none across a cut."""
    for source in sorted(chosen, key=lambda f: abs(f - frame)):
        vanishing = chosen[source].vanishing
        mapping = motion.relating(source, frame)
        if mapping is None or vanishing is None:
            continue
        point = mapping @ np.array(vanishing.homogeneous)
        point /= np.linalg.norm(point)
        return ClipDirection(
            VanishingPoint((float(point[0]), float(point[1]), float(point[2])), 0, vanishing.spread_degrees),
            CARRIED,
            source,
        )
    return ClipDirection(None)
