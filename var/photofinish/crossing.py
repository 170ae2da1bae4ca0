"""When each competitor's leading edge crosses the line, found from motion in each lane.

Across the line the strips form a band; what differs from the still track there is a competitor. In
each lane and on each row, the leading edge is where that difference ends on the far side; the row's
crossing lies between the last frame with the edge before the line and the first with it past, at
the time the edge's speed puts it there. A rolling shutter exposes each row at its own moment, so
each row's frames have the times of that row. The lane's time is its earliest rows' (the leading
part of the body reaches the line first).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from var.photofinish.lanes import Lanes

FloatArray = npt.NDArray[np.float64]

MOVING = 28.0  # levels of Y, U and V together: what differs this much from the still track moves
EARLIEST_ROWS = 0.1  # the lane's time: this quantile of its rows' crossing times
LINE_CLEARANCE_PX = 3.0  # the painted finish line's half width and a pixel: a white shirt hides on it


@dataclass(frozen=True)
class Crossing:
    """A competitor's crossing in one lane."""

    lane: int
    time_s: float  # video time
    frame: int  # the first frame with the leading edge past the line
    fraction: float  # how far between the frame before and ``frame`` the crossing lies (0..1)


WEIGHTS = np.array([1.0, 2.0, 2.0], dtype=np.float32)  # Y, U, V: chroma differences are smaller
CHUNK = 64  # frames at a time: no float copy of the whole band


def still_track(band: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """The band with nobody in it: each pixel's median over time (runners pass in a moment)."""
    return np.asarray(np.median(band, axis=0), dtype=np.uint8)


def difference(band: npt.NDArray[np.uint8], background: npt.NDArray[np.uint8]) -> npt.NDArray[np.float32]:
    """How far each pixel of a few frames' band is from the still track (weighted Y, U, V)."""
    signed = band.astype(np.int16) - background.astype(np.int16)
    return np.asarray((np.abs(signed) * WEIGHTS).sum(axis=-1), dtype=np.float32)


def approach_sign(band: npt.NDArray[np.uint8], background: npt.NDArray[np.uint8]) -> int:
    """+1 when competitors come from the band's low side (they go towards +), else -1."""
    half = band.shape[2] // 2
    low, high = np.zeros(band.shape[0]), np.zeros(band.shape[0])
    for start in range(0, band.shape[0], CHUNK):
        # Every fourth point along the line is plenty to see which side the runners come from.
        moving = difference(band[start : start + CHUNK, ::4], background[::4]) > MOVING
        low[start : start + CHUNK] = moving[:, :, :half].sum(axis=(1, 2))
        high[start : start + CHUNK] = moving[:, :, half + 1 :].sum(axis=(1, 2))
    busy = np.flatnonzero((low + high) > 0.002 * (band.shape[1] // 4) * band.shape[2])
    if busy.size == 0:
        return 1
    first = busy[: max(3, busy.size // 20)]
    return 1 if low[first].sum() >= high[first].sum() else -1


def leading_edges(band: npt.NDArray[np.uint8], background: npt.NDArray[np.uint8], sign: int) -> FloatArray:
    """``(frames, samples)``: how far past the line the leading edge is on each row (NaN: none),
    to a fraction of a pixel: the edge pixel's share of the runner's contrast with the track."""
    edges = np.full(band.shape[:2], np.nan)
    half = band.shape[2] // 2
    for start in range(0, band.shape[0], CHUNK):
        chunk = difference(band[start : start + CHUNK], background)
        if sign < 0:
            chunk = chunk[:, :, ::-1]
        moving = chunk > MOVING
        seen = moving.any(axis=2)
        # The runner's contrast with the track on this row: the mean of what moves (a maximum
        # would be a noise spike, and put every edge short).
        count = moving.sum(axis=2, keepdims=True)
        contrast = np.where(moving, chunk, 0).sum(axis=2, keepdims=True) / np.maximum(count, 1)
        share = np.clip(chunk / np.maximum(contrast, 1e-6), 0, 1)
        solid = share >= 0.5
        last = chunk.shape[2] - 1 - np.argmax(solid[:, :, ::-1], axis=2)
        at = np.take_along_axis(share, last[..., None], axis=2)[..., 0]
        beyond = np.take_along_axis(share, np.minimum(last + 1, chunk.shape[2] - 1)[..., None], axis=2)[
            ..., 0
        ]
        beyond = np.where(last + 1 < chunk.shape[2], beyond, 0.0)
        found = (last - half) - 0.5 + at + beyond
        edges[start : start + CHUNK] = np.where(seen & solid.any(axis=2), found, np.nan)
    return edges


def find_crossings(
    times: FloatArray, row_offsets: FloatArray, edges: FloatArray, lanes: Lanes
) -> list[Crossing]:
    """Each lane's crossing, or none where no one crossed.

    Args:
        times: each frame's time (its first row's).
        row_offsets: for each sample along the line, how long after its frame's first row it was
            exposed (0 everywhere without a rolling shutter).
        edges: from :func:`leading_edges`.
        lanes: where each lane lies along the line.
    """
    crossings = []
    for lane in range(1, lanes.count + 1):
        rows = lanes.samples_of(lane)
        found = [
            _row_crossing(times + row_offsets[row], edges[:, row]) for row in range(rows.start, rows.stop)
        ]
        crossed = [(t, k) for t, k in found if t is not None]
        if len(crossed) < max(3, 0.1 * (rows.stop - rows.start)):
            continue
        row_times = np.array([t for t, _ in crossed])
        time = float(np.quantile(row_times, EARLIEST_ROWS))
        frame = int(np.searchsorted(times, time, side="right"))
        frame = min(max(frame, 1), len(times) - 1)
        fraction = float((time - times[frame - 1]) / (times[frame] - times[frame - 1]))
        crossings.append(Crossing(lane, time, frame, min(max(fraction, 0.0), 1.0)))
    return crossings


def _row_crossing(times: FloatArray, edge: FloatArray) -> tuple[float | None, int]:
    """When the edge on one row reaches the line (offset 0).

    The edge's track on either side of the line, up to three frames each way, is fitted at a
    constant speed; the positions within a few pixels of the line are left out, since the painted
    line hides a white shirt on it. Without a track either side, the two frames either side."""
    past = np.flatnonzero(edge >= 0)
    for frame in (int(f) for f in past):
        if frame == 0 or np.isnan(edge[frame - 1]) or edge[frame - 1] >= 0:
            continue  # the edge must be seen before the line in the frame just before
        nearby = np.arange(max(0, frame - 8), min(len(edge), frame + 8))
        clear = nearby[~np.isnan(edge[nearby]) & (np.abs(edge[nearby]) >= LINE_CLEARANCE_PX)]
        before = clear[(clear < frame) & (edge[clear] < 0)][-3:]
        after = clear[(clear >= frame) & (edge[clear] > 0)][:3]
        if len(before) and len(after) and len(before) + len(after) >= 3:
            chosen = np.r_[before, after]
            slope, intercept = np.polyfit(times[chosen], edge[chosen], 1)
            if slope > 0:
                return float(-intercept / slope), int(frame)
        behind, ahead = edge[frame - 1], edge[frame]
        share = -behind / (ahead - behind)
        return float(times[frame - 1] + share * (times[frame] - times[frame - 1])), int(frame)
    return None, -1
