"""The proxy of an angle still being recorded: JPEGs appended behind the recording, frame by frame.

``NAME/proxy.mjpeg`` holds the JPEGs one after another; ``NAME/proxy.idx`` has, per JPEG, the
frame's timestamp (1/90000 s, as in the recording), where its JPEG starts and its size. A record is
appended only once its JPEG is written, so whatever the index holds can be read, also after a crash.
:mod:`var.capture.proxy_builder` writes them at the lowest CPU priority; a reader of the angle
decodes every frame proxied so far from its JPEG and the newest ones from the recording itself.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np

from var.media.frames import RGBFrame
from var.media.index import RECORDED_VIDEO, FrameIndex, Int64Array
from var.media.jpeg_frames import JpegFrames
from var.media.source_decoder import SourceDecoder

GROWING_PROXY_VIDEO = "proxy.mjpeg"
GROWING_PROXY_INDEX = "proxy.idx"
PROXY_TIME_BASE = Fraction(1, 90_000)
RECORD_FIELDS = 3  # pts, offset, size
RECORD_BYTES = 8 * RECORD_FIELDS
# A JPEG stands for the frame whose timestamp is this close to its own (ffmpeg's pipe may round it).
_MATCH_WITHIN_SECONDS = Fraction(1, 500)


class GrowingProxy:
    """Which frames of a recorded angle are proxied, and where their JPEGs are."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.video = folder / GROWING_PROXY_VIDEO
        self._records = np.zeros((0, RECORD_FIELDS), dtype=np.int64)
        self._placed_on: tuple[int, int] = (-1, -1)  # records and frames of the last placing
        self._offsets: Int64Array = np.zeros(0, dtype=np.int64)  # per frame; -1: not proxied
        self._sizes: Int64Array = np.zeros(0, dtype=np.int64)

    @classmethod
    def of(cls, path: Path) -> GrowingProxy | None:
        """The growing proxy of ``path`` when it is an angle of a recording, else None."""
        return cls(path) if path.is_dir() and (path / RECORDED_VIDEO).is_file() else None

    @property
    def frames_proxied(self) -> int:
        return int(np.count_nonzero(self._offsets >= 0))

    def update(self, index: FrameIndex, time_base: Fraction) -> None:
        """Take in the JPEGs written since, and place every one on a frame of ``index``."""
        new = read_records(self.folder / GROWING_PROXY_INDEX, skip=self._records.shape[0])
        if new.shape[0]:
            self._records = np.concatenate([self._records, new])
        if self._placed_on == (self._records.shape[0], index.frame_count):
            return
        self._placed_on = (self._records.shape[0], index.frame_count)
        offsets = np.full(index.frame_count, -1, dtype=np.int64)
        sizes = np.zeros(index.frame_count, dtype=np.int64)
        if self._records.shape[0] and index.frame_count:
            scale = PROXY_TIME_BASE / time_base
            wanted = np.rint(self._records[:, 0] * float(scale)).astype(np.int64)
            order = np.argsort(index.pts, kind="stable")
            sorted_pts = index.pts[order].astype(np.int64)
            at = np.clip(np.searchsorted(sorted_pts, wanted), 1, max(1, len(sorted_pts) - 1))
            left = np.clip(at - 1, 0, len(sorted_pts) - 1)
            right = np.clip(at, 0, len(sorted_pts) - 1)
            nearest = np.where(
                np.abs(sorted_pts[left] - wanted) <= np.abs(sorted_pts[right] - wanted), left, right
            )
            close = np.abs(sorted_pts[nearest] - wanted) <= float(_MATCH_WITHIN_SECONDS / time_base)
            frames = order[nearest[close]]
            offsets[frames] = self._records[close, 1]
            sizes[frames] = self._records[close, 2]
        self._offsets, self._sizes = offsets, sizes  # swapped whole: decoding threads read them

    def location(self, frame: int) -> tuple[int, int] | None:
        """Where frame ``frame``'s JPEG is (offset, size), or None while it is not proxied."""
        offsets, sizes = self._offsets, self._sizes
        if frame >= offsets.shape[0] or offsets[frame] < 0:
            return None
        return int(offsets[frame]), int(sizes[frame])


def read_records(path: Path, skip: int = 0) -> Int64Array:
    """The whole records of a proxy index after the first ``skip`` (a record cut by a crash is none)."""
    try:
        with path.open("rb") as handle:
            handle.seek(skip * RECORD_BYTES)
            data = handle.read()
    except FileNotFoundError:
        return np.zeros((0, RECORD_FIELDS), dtype=np.int64)
    whole = len(data) // RECORD_BYTES * RECORD_BYTES
    return np.frombuffer(data[:whole], dtype="<i8").reshape(-1, RECORD_FIELDS).astype(np.int64)


class GrowingProxyDecoder:
    """Decodes a frame of a recorded angle from its proxy JPEG when there is one, else from the
    recording. One per thread."""

    def __init__(self, proxy: GrowingProxy, source: SourceDecoder) -> None:
        self._proxy = proxy
        self._source = source
        self._jpegs: JpegFrames | None = None

    def use_index(self, index: FrameIndex) -> None:
        self._source.use_index(index)

    def decode(self, frame: int) -> RGBFrame:
        where = self._proxy.location(frame)
        if where is None:
            return self._source.decode(frame)
        if self._jpegs is None:
            self._jpegs = JpegFrames(self._proxy.video)
        return self._jpegs.read(where[0], where[1], frame)

    def close(self) -> None:
        self._source.close()
        if self._jpegs is not None:
            self._jpegs.close()
