"""The start from the starting gun in the video's own sound: the first sharp onset after silence."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from matchdesk.errors import MatchdeskError
from var.media.index import open_container

SPEED_OF_SOUND_M_S = 343.0  # in air at 20 °C
BLOCK_S = 0.005  # the sound is judged in blocks this long
QUIET_BLOCKS = 20  # the quietest of the first blocks tell how loud silence is here
RISE = 30.0  # a block this many times louder than silence is the gun's crack


@dataclass(frozen=True)
class GunShot:
    """When the gun fired, in seconds of the video's time."""

    heard_s: float  # its sound reached the camera
    fired_s: float  # less the sound's travel over the distance given
    distance_m: float


def find_gun(path: Path, distance_m: float = 0.0) -> GunShot:
    """The starting gun in ``path``'s sound.

    Raises:
        MatchdeskError: no sound, or no sharp onset in it (give the start frame instead).
    """
    samples, rate, start = _mono(path)
    block = max(1, int(round(rate * BLOCK_S)))
    blocks = len(samples) // block
    if blocks < QUIET_BLOCKS + 2:
        raise MatchdeskError("its sound is too short to find a gun in; give --start-frame", path)
    energy = (samples[: blocks * block].reshape(blocks, block) ** 2).mean(axis=1)
    silence = max(float(np.percentile(energy[: max(QUIET_BLOCKS, blocks // 10)], 50)), 1e-12)
    loud = np.flatnonzero(energy > RISE * silence)
    if loud.size == 0:
        raise MatchdeskError(
            "no starting gun is heard in its sound (no sharp onset); give --start-frame", path
        )
    first = int(loud[0])
    # Within the loud block and the one before it, where the crack first reaches a third of its peak:
    # a compressed sound smears a faint pre-echo ahead of it, which a threshold near silence takes
    # for the crack (AAC: a millisecond or two early).
    begin = max(0, first - 1) * block
    window = np.abs(samples[begin : (first + 3) * block])
    envelope = np.convolve(window, np.ones(max(1, rate // 4000)) / max(1, rate // 4000), mode="same")
    peak = float(envelope[: 3 * block].max())
    above = np.flatnonzero(envelope > max(peak / 3, 6.0 * np.sqrt(silence)))
    onset = begin + (int(above[0]) if above.size else block)
    heard = start + onset / rate
    return GunShot(heard, heard - distance_m / SPEED_OF_SOUND_M_S, distance_m)


def _mono(path: Path) -> tuple[npt.NDArray[np.float64], int, float]:
    """The first sound track as mono samples, its rate, and the video time of its first sample."""
    with open_container(path) as container:
        if not container.streams.audio:
            raise MatchdeskError("has no sound to hear the gun in; give --start-frame N instead", path)
        stream = container.streams.audio[0]
        chunks, start = [], None
        for frame in container.decode(stream):
            if start is None and frame.pts is not None and frame.time_base is not None:
                start = float(frame.pts * frame.time_base)
            data = frame.to_ndarray().astype(np.float64)
            channels = len(frame.layout.channels)
            chunks.append(
                data.mean(axis=0) if frame.format.is_planar else data.reshape(-1, channels).mean(axis=1)
            )
        rate = stream.rate
    if not chunks:
        raise MatchdeskError("its sound track is empty; give --start-frame N instead", path)
    return np.concatenate(chunks), int(rate), start or 0.0


FLASH_RISE = 40.0  # grey levels: a cell of the picture this much brighter than just before is a flash
BEFORE_FLASH = 10  # frames whose median brightness a flash is compared with


def find_flash(
    cells: npt.NDArray[np.float32], seconds: npt.NDArray[np.float64], about: Path
) -> tuple[int, float]:
    """The frame that first shows the starter's flash, and the start's time: a part of the picture
    suddenly much brighter than in the frames before (``cells``: each frame's brightness in 8 x 8
    cells). The flash lies somewhere in that frame's exposure: the start is its middle, within half a
    frame interval.

    Raises:
        MatchdeskError: no flash seen.
    """
    for frame in range(BEFORE_FLASH, len(cells)):
        before = np.median(cells[frame - BEFORE_FLASH : frame], axis=0)
        if float((cells[frame] - before).max()) > FLASH_RISE:
            # It flashed while this frame was exposed, not before the last one ended: the middle.
            return frame, float(seconds[frame] + (seconds[frame] - seconds[frame - 1]) / 2)
    raise MatchdeskError(
        "no starter's flash is seen in the picture; give --start-frame or --start gun", about
    )
