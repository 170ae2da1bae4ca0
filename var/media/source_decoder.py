"""Frame-exact decoding of the source file: seek to the right keyframe, decode forward to the frame.

Not thread-safe: one decoder per thread. The proxy decoder is the fast path; this one is the
fallback when no proxy has been built, and the reference that proxies are checked against.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path

import av
import numpy as np

from var.media.errors import MediaError
from var.media.frames import RGBFrame, upright_rgb
from var.media.index import FrameIndex, decode_whole_packets, open_container

logger = logging.getLogger(__name__)

# Decoding forward this many frames is cheaper than a seek and a new GOP.
_FORWARD_DECODE_LIMIT = 48
# Pictures passed on the way to a requested frame are kept (still in YUV: keeping them costs no
# conversion): a referee stepping back then finds the previous frame decoded. One second of 1080p
# at 50 fps is about 150 MB.
_KEPT_PICTURES = 50


class SourceDecoder:
    """Decodes display frame ``i`` of a source file exactly, reusing the decoder when playing forward."""

    def __init__(self, path: Path, index: FrameIndex, rotation: int) -> None:
        self._path = path
        self._index = index
        self._rotation = rotation
        self._container = open_container(path)
        self._stream = self._container.streams.video[0]
        self._stream.thread_type = "AUTO"
        self._frames: Iterator[av.VideoFrame] | None = None
        self._next_frame: int | None = None  # display index the running decoder yields next
        self._newer_index: FrameIndex | None = None  # handed over by another thread, taken at next decode
        self._passed: OrderedDict[int, av.VideoFrame] = OrderedDict()  # pts -> picture decoded on the way

    def close(self) -> None:
        self._frames = None
        self._passed.clear()
        self._container.close()

    def use_index(self, index: FrameIndex) -> None:
        """The file has grown (a live recording): decode with ``index`` from the next frame on.

        Safe to call from another thread: the decoding thread takes it up before its next decode.
        """
        self._newer_index = index

    def decode(self, frame: int) -> RGBFrame:
        """The RGB picture of display frame ``frame`` (already range-checked by the caller)."""
        if self._newer_index is not None:
            self._index, self._newer_index = self._newer_index, None
            # Reopen: the old handle stopped at the end the file had when it was opened.
            self._container.close()
            self._container = open_container(self._path)
            self._stream = self._container.streams.video[0]
            self._stream.thread_type = "AUTO"
            self._frames, self._next_frame = None, None
        target_pts = int(self._index.pts[frame])
        kept = self._passed.get(target_pts)
        if kept is not None:
            return upright_rgb(kept, self._rotation)
        ahead = None if self._next_frame is None else frame - self._next_frame
        if self._frames is None or ahead is None or not 0 <= ahead <= _FORWARD_DECODE_LIMIT:
            self._seek_before(frame)
        picture = self._decode_forward_to(target_pts)
        if picture is None:
            # The container landed after the frame (inexact seeking, e.g. MPEG-TS): start from the top.
            logger.debug("%s: seek overshot frame %d, decoding from the start", self._path, frame)
            self._seek_to_start()
            picture = self._decode_forward_to(target_pts)
        if picture is None:
            raise MediaError(f"frame {frame} could not be decoded (the file may be damaged)", self._path)
        self._next_frame = frame + 1
        return upright_rgb(picture, self._rotation)

    def _seek_before(self, frame: int) -> None:
        keyframe_dts = int(self._index.seek_dts[frame])
        keyframe_pts = int(self._index.seek_pts[frame])
        # MP4 seeks compare decode timestamps, Matroska and TS presentation ones: the lower is safe for both.
        self._container.seek(min(keyframe_dts, keyframe_pts), stream=self._stream, backward=True)
        self._frames = decode_whole_packets(self._container, self._stream)
        self._next_frame = None

    def _seek_to_start(self) -> None:
        self._container.seek(int(self._index.pts[0]) - 1, stream=self._stream, backward=True, any_frame=False)
        self._frames = decode_whole_packets(self._container, self._stream)
        self._next_frame = None

    def _decode_forward_to(self, target_pts: int) -> av.VideoFrame | None:
        """Decode until the frame stamped ``target_pts``; None if the decoder is already past it."""
        assert self._frames is not None
        try:
            for picture in self._frames:
                pts = picture.pts
                if pts is None:
                    continue
                if pts == target_pts:
                    return picture
                if pts < target_pts:
                    _keep_recent(self._passed, pts, picture)
                if pts > target_pts:
                    self._frames = None
                    return None
        except av.error.FFmpegError as error:
            self._frames = None
            raise MediaError(f"decoding failed ({error.strerror or error})", self._path) from error
        self._frames = None
        return None


def _keep_recent(kept: OrderedDict[int, av.VideoFrame], pts: int, picture: av.VideoFrame) -> None:
    kept[pts] = picture
    kept.move_to_end(pts)
    while len(kept) > _KEPT_PICTURES:
        kept.popitem(last=False)


def decode_all(path: Path, rotation: int) -> Iterator[tuple[int, np.ndarray]]:
    """Every displayed frame in order as ``(pts, rgb)``; used to check an index and by tests."""
    with open_container(path) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        for picture in decode_whole_packets(container, stream):
            if picture.pts is not None:
                yield int(picture.pts), upright_rgb(picture, rotation)
