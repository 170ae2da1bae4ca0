"""The offside check over the asked frames of one clip, each frame helped by the others.

The clip is read once, in order, to follow the camera; each asked frame is seen on the way
(:meth:`AutoOffsideChecker.see`), and some are looked at for the pitch
(:class:`tracking.offside.clip_pitch.ClipPitch`). Then the clip decides what one frame
cannot: the teams' shirts learned from all frames together; the goal line's direction followed through
the camera's motion (:mod:`tracking.offside.clip_directions`); the pitch points carried to every frame;
a hidden defender confirmed by a defender seen there a moment before or after; one defending
team for the move; and its goalkeeper's colour, so that he is ordered with his outfield players.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from tracking.offside.auto import AutoOffsideChecker
from tracking.offside.camera_motion import follow_camera
from tracking.offside.clip_calibration import FrameCalibration
from tracking.offside.clip_directions import CARRIED, FROM_NEIGHBOURS, ClipDirection, clip_directions
from tracking.offside.clip_pitch import ClipPitch
from tracking.offside.findings import AutoOffside, SeenFrame, defending_team_of_the_move
from tracking.offside.goalkeeper import Goalkeeper, learn_goalkeeper
from tracking.teams import learn_team_colours

logger = logging.getLogger(__name__)

Picture = npt.NDArray[np.uint8]
FOLLOW_SECONDS = 3.0  # asked frames further apart are not followed through the frames between
KEPT_PICTURES = 64  # asked frames kept in memory between the reading and the check (6 MB each in 1080p)
NEARBY_SECONDS = 1.0  # a hidden defender's own track: a defender seen this close in time


@dataclass(frozen=True)
class ClipResult:
    """One frame's check, where its direction came from, and its pitch points."""

    result: AutoOffside
    direction: ClipDirection
    calibration: FrameCalibration

    def direction_json(self) -> dict[str, object]:
        return {"source": self.direction.source, "from_frame": self.direction.from_frame}


def longest_followed_gap(frame_rate: Fraction) -> int:
    """Asked frames further apart than this are not followed through the frames between."""
    return int(FOLLOW_SECONDS * float(frame_rate))


def check_clip(
    checker: AutoOffsideChecker,
    frame: Callable[[int], Picture],
    frames: Sequence[int],
    attack: int,
    frame_rate: Fraction,
    pitch: ClipPitch,
    attacker_at: tuple[float, float] | None = None,
    defender_at: tuple[float, float] | None = None,
) -> list[ClipResult]:
    """The check on each of ``frames`` (display indices of one camera's clip), in their order.
    ``pitch``: made for the same frames and :func:`longest_followed_gap`."""
    asked = set(frames)
    seen: dict[int, SeenFrame] = {}
    kept: dict[int, Picture] = {}

    def read(index: int) -> Picture:
        """A frame, as the camera is followed through the clip; an asked one is seen on the way."""
        picture = frame(index)
        if index in asked and index not in seen:
            seen[index] = checker.see(picture)
            pitch.look(index, picture, seen[index].view)
            if len(kept) < KEPT_PICTURES:
                kept[index] = picture
        return picture

    def picture_of(index: int) -> Picture:
        return kept[index] if index in kept else frame(index)

    rate = float(frame_rate)
    motion = follow_camera(read, frames, longest_followed_gap(frame_rate))  # reads every asked frame
    teams = learn_team_colours(np.concatenate([s.people.shirts for s in seen.values()]))
    directions = clip_directions(
        {index: s.families for index, s in seen.items()},
        motion,
        {index: s.middle for index, s in seen.items()},
    )
    seen = {index: dataclasses.replace(s, vanishing=directions[index].vanishing) for index, s in seen.items()}
    calibrations = pitch.on_frames(frames, picture_of, motion, lambda index: seen[index].view)

    def check(index: int, defending: int | None = None, goalkeeper: Goalkeeper | None = None) -> AutoOffside:
        return checker.check(
            picture_of(index),
            index,
            attack,
            frame_rate,
            calibrations[index].calibration,
            attacker_at=attacker_at,
            defender_at=defender_at,
            defending=defending,
            seen=seen[index],
            teams=teams,
            nearby=[s for n, s in seen.items() if n != index and abs(n - index) <= NEARBY_SECONDS * rate],
            goalkeeper=goalkeeper,
        )

    results = [check(index) for index in frames]
    # The frames of one move have one defending team: a frame that found the other is checked again.
    move = defending_team_of_the_move(results)
    if move is not None:
        results = [
            check(r.frame, move) if r.defender is not None and r.defender.team != move else r for r in results
        ]
        # The defending goalkeeper, told by his colour over the move, is ordered with his outfield players.
        goalkeeper = (
            learn_goalkeeper([r.players for r in results], move, teams) if teams is not None else None
        )
        if goalkeeper is not None:
            logger.info("the defending goalkeeper's shirt: Lab %s", np.round(goalkeeper.colour, 1).tolist())
            results = [
                check(r.frame, move, goalkeeper) if any(map(goalkeeper.is_him, r.players)) else r
                for r in results
            ]
    return [
        ClipResult(_said(r, directions[r.frame]), directions[r.frame], calibrations[r.frame]) for r in results
    ]


def _said(result: AutoOffside, direction: ClipDirection) -> AutoOffside:
    """The result, saying when its direction is not the frame's own."""
    if direction.source == CARRIED:
        note = f"the direction was carried from frame {direction.from_frame} (no pitch lines of its own)"
    elif direction.source == FROM_NEIGHBOURS:
        note = "the direction was taken from the frames either side (this frame's own disagreed)"
    else:
        return result
    return dataclasses.replace(result, problem="; ".join(filter(None, [result.problem, note])))
