"""Two players of different teams whose tracks swap where they cross, put back by their shirts.

ByteTrack follows boxes by where they are; when a red and a blue player cross, the two boxes can trade
tracks, and from there each track follows the other player (on the sample match, 3 of the 21 outfield
players named on the wide camera were then followed as someone else for 3-8 seconds). A track whose
shirts are one team's up to a frame and the other's from there has swapped: when another track
changes the other way at the same moment, the two tracks' tails are traded back; otherwise the tail is
cut off as a track of its own (the coach's names are carried onto it by
:mod:`tracking.track_names`, or asked).
"""

from __future__ import annotations

import logging
from collections import Counter
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from tracking.teams import OTHERS, TeamColours

logger = logging.getLogger(__name__)

HOLDS_FOR = 4  # detections of one shirt either side of a change, at least
PURE = 0.8  # of a side's detections wear its shirt
TOGETHER_FRAMES = 6  # two changes this close in time are one swap

IntArray = npt.NDArray[np.int64]


def repair_shirt_swaps(
    track_ids: IntArray, frames: IntArray, colours: npt.NDArray[np.floating], teams: TeamColours
) -> IntArray:
    """New track ids for rows (``track_ids``, ``frames``, shirt ``colours``, NaN where unseen) with
    each swap between teams traded back, or cut off where the other half of it is not found."""
    changes = []  # (track, last frame before, first frame after, shirt before, shirt after)
    for track in np.unique(track_ids):
        if track <= 0:
            continue
        rows = np.flatnonzero((track_ids == track) & ~np.isnan(colours).any(axis=1))
        rows = rows[np.argsort(frames[rows])]
        # Only the two teams' shirts: two players crossing show a shirt of both, taken for neither.
        labelled = [(row, teams.team_of(colours[row].astype(np.float32))) for row in rows]
        labelled = [(row, label) for row, label in labelled if label != OTHERS]
        for index, before, after in _changes([label for _, label in labelled]):
            last, first = int(frames[labelled[index - 1][0]]), int(frames[labelled[index][0]])
            changes.append((int(track), last, first, before, after))
    changes.sort(key=lambda change: change[2])
    result = track_ids.copy()
    used: set[int] = set()
    next_id = int(track_ids.max(initial=0)) + 1

    def now_named(track: int, frame: int) -> int:
        """The id the rows of (original) ``track`` from ``frame`` carry after the trades so far."""
        rows = np.flatnonzero((track_ids == track) & (frames >= frame))
        return int(result[rows[np.argmin(frames[rows])]]) if len(rows) else track

    for number, (track, last, first, before, after) in enumerate(changes):
        if number in used:
            continue
        used.add(number)
        # The other half: the other way round, at the same moment (give or take the frames of the crossing).
        partner = next(
            (
                other
                for other, (_, other_last, other_first, shirt_before, shirt_after) in enumerate(changes)
                if other not in used
                and (shirt_before, shirt_after) == (after, before)
                and other_first >= last - TOGETHER_FRAMES
                and first >= other_last - TOGETHER_FRAMES
            ),
            None,
        )
        this = now_named(track, first)
        if partner is None:
            result[(result == this) & (frames >= first)] = next_id
            logger.info("track %d changes shirt at frame %d: from there it is track %d", this, first, next_id)
            next_id += 1
            continue
        used.add(partner)
        other_track, other_last, other_first = changes[partner][:3]
        that = now_named(other_track, other_first)
        at = max(last, other_last) + 1
        mine, theirs = (result == this) & (frames >= at), (result == that) & (frames >= at)
        result[mine], result[theirs] = that, this
        logger.info("tracks %d and %d swapped players at frame %d: traded back", this, that, at)
    return result


def _changes(labels: list[int]) -> list[tuple[int, int, int]]:
    """Where a sequence of shirts changes from one team's to another's and holds: the index of the
    first detection after each change, and the shirts before and after it. Each detection is first
    given the shirt most of its neighbours (``HOLDS_FOR`` either side) wear, so that a shirt seen
    wrongly now and then (a shadow, another player's arm) does not count."""
    if len(labels) < 2 * HOLDS_FOR:
        return []
    smooth = [
        Counter(labels[max(0, i - HOLDS_FOR) : i + HOLDS_FOR + 1]).most_common(1)[0][0]
        for i in range(len(labels))
    ]
    runs: list[tuple[int, int, int]] = []  # (first index, length, shirt)
    for index, shirt in enumerate(smooth):
        if runs and runs[-1][2] == shirt:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1, shirt)
        else:
            runs.append((index, 1, shirt))
    held = [run for run in runs if run[1] >= HOLDS_FOR]
    changes = []
    for (_, _, before), (start, length, after) in pairwise(held):
        if before != after and labels[start : start + length].count(after) >= PURE * length:
            changes.append((start, before, after))
    return changes


def detours(
    track_ids: IntArray,
    frames: IntArray,
    colours: npt.NDArray[np.floating],
    teams: TeamColours,
    boxes: npt.NDArray[np.floating],
) -> list[IntArray]:
    """The stretches of rows (their indices) where a track strays for a moment onto a player of the
    other team and comes back (his box on the other player while he is hidden behind him): fewer than
    ``HOLDS_FOR`` detections of the other team's shirt, with the crossing's mixed shirts around them,
    between the track's own shirts, while another track's box overlaps his. Those rows are the other
    player's, not his (:func:`split_off`); his frames between are filled in as for a hidden player. A
    shirt misread alone (a blurred, distant player) is no detour."""
    stretches: list[IntArray] = []
    for track in np.unique(track_ids):
        if track <= 0:
            continue
        rows = np.flatnonzero(track_ids == track)
        rows = rows[np.argsort(frames[rows])]
        labels = [
            -1 if np.isnan(colours[row]).any() else teams.team_of(colours[row].astype(np.float32))
            for row in rows
        ]
        index = 0
        while index < len(labels):
            own_shirt = _before(labels, index)
            if labels[index] in (-1, OTHERS) or own_shirt is None or labels[index] == own_shirt:
                index += 1
                continue
            # A stretch of the other team's (and unclear) shirts: where does it end?
            end = index
            while end < len(labels) and labels[end] != own_shirt:
                end += 1
            strayed = sum(1 for label in labels[index:end] if label not in (-1, OTHERS))
            start = index
            while start > 0 and labels[start - 1] in (-1, OTHERS):
                start -= 1
            # Two players crossing: another track's box over his, as he went over to the other one.
            crossing = any(_overlapped(row, track_ids, frames, boxes) for row in rows[start:end])
            if end < len(labels) and strayed < HOLDS_FOR and crossing:
                stretches.append(rows[start:end])
                logger.info("track %d strays onto another player for %d detections", track, strayed)
            index = end
    return stretches


def split_off(track_ids: IntArray, stretches: list[IntArray]) -> IntArray:
    """``track_ids`` with each stretch of rows given a track id of its own."""
    result = track_ids.copy()
    next_id = int(track_ids.max(initial=0)) + 1
    for rows in stretches:
        result[rows] = next_id
        next_id += 1
    return result


def _overlapped(row: int, track_ids: IntArray, frames: IntArray, boxes: npt.NDArray[np.floating]) -> bool:
    """Whether another track's box overlaps row ``row``'s on its frame (half the smaller box or more)."""
    others = np.flatnonzero((frames == frames[row]) & (track_ids != track_ids[row]))
    if len(others) == 0:
        return False
    x1, y1, x2, y2 = boxes[row]
    there = boxes[others]
    width = np.clip(np.minimum(x2, there[:, 2]) - np.maximum(x1, there[:, 0]), 0, None)
    height = np.clip(np.minimum(y2, there[:, 3]) - np.maximum(y1, there[:, 1]), 0, None)
    smaller = np.minimum((x2 - x1) * (y2 - y1), (there[:, 2] - there[:, 0]) * (there[:, 3] - there[:, 1]))
    return bool(np.any(width * height >= 0.5 * np.maximum(smaller, 1e-9)))


def _before(labels: list[int], index: int) -> int | None:
    """The last team shirt before ``index``."""
    for label in reversed(labels[:index]):
        if label not in (-1, OTHERS):
            return label
    return None
