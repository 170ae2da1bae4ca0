"""Decoded frames kept around the playhead, and a thread that decodes ahead of it.

The read-ahead thread has a decoder of its own (decoders are not thread-safe) and works on the
newest playhead only (``LatestJobThread``): when the referee jumps, work for the old position is dropped.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable

from var.latest_job import LatestJobThread
from var.media.errors import MediaError
from var.media.frames import RGBFrame

logger = logging.getLogger(__name__)


class FrameCache:
    """A thread-safe least-recently-used store of decoded frames, bounded in bytes."""

    def __init__(self, max_bytes: int) -> None:
        self._max_bytes = max_bytes
        self._frames: OrderedDict[int, RGBFrame] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, frame: int) -> RGBFrame | None:
        with self._lock:
            picture = self._frames.get(frame)
            if picture is not None:
                self._frames.move_to_end(frame)
            return picture

    def __contains__(self, frame: int) -> bool:
        with self._lock:
            return frame in self._frames

    def put(self, frame: int, picture: RGBFrame) -> None:
        picture.setflags(write=False)  # shared between threads and callers: nobody may draw on it
        with self._lock:
            if frame in self._frames:
                self._frames.move_to_end(frame)
                return
            self._frames[frame] = picture
            self._bytes += picture.nbytes
            while self._bytes > self._max_bytes and len(self._frames) > 1:
                _, evicted = self._frames.popitem(last=False)
                self._bytes -= evicted.nbytes

    def clear(self) -> None:
        with self._lock:
            self._frames.clear()
            self._bytes = 0


class ReadAhead:
    """Decodes the frames after (or before, when playing backwards) the playhead into a cache."""

    def __init__(
        self,
        decode: Callable[[int], RGBFrame],
        cache: FrameCache,
        frame_count: int,
        depth: int,
        close_decoder: Callable[[], None],
    ) -> None:
        self._decode = decode
        self._cache = cache
        self.frame_count = frame_count  # grows with a file still being recorded
        self._depth = depth
        self._worker: LatestJobThread[tuple[int, int, int]] = LatestJobThread(
            "matchdesk-read-ahead", self._fill, on_exit=close_decoder
        )

    def follow(self, playhead: int, direction: int, depth: int | None = None) -> None:
        """Start reading ahead of ``playhead`` in ``direction`` (+1 or -1), dropping older work.

        Args:
            playhead: the frame just shown.
            direction: +1 forwards, -1 backwards.
            depth: frames to read ahead this time (default: the configured depth).
        """
        self._worker.submit((playhead, 1 if direction >= 0 else -1, self._depth if depth is None else depth))

    def stop(self) -> None:
        self._worker.stop()

    def _fill(self, job: tuple[int, int, int]) -> None:
        playhead, direction, depth = job
        # The frame behind the playhead second: stepping back is what a referee does next, and on a
        # keyframe it takes the whole previous GOP to decode.
        ahead = [playhead + direction * step for step in range(1, depth + 1)]
        targets = [*ahead[:1], playhead - direction, *ahead[1:]]
        for frame in targets:
            if self._worker.superseded():
                return  # the playhead moved: this work is stale
            if not 0 <= frame < self.frame_count or frame in self._cache:
                continue
            try:
                self._cache.put(frame, self._decode(frame))
            except MediaError as error:
                logger.warning("read-ahead stopped: %s", error)
                return
