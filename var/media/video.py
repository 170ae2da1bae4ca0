"""``open_video``: display frame ``i`` of any camera file, exactly, from the proxy when there is one."""

from __future__ import annotations

import logging
import threading
from fractions import Fraction
from pathlib import Path
from types import TracebackType

from var.media.errors import FrameOutOfRange
from var.media.frame_cache import FrameCache, ReadAhead
from var.media.frames import FrameDecoder, RGBFrame
from var.media.growing_index import GrowingFrameIndex
from var.media.growing_proxy import GrowingProxy, GrowingProxyDecoder
from var.media.index import RECORDED_VIDEO, FrameIndex, build_frame_index, video_file
from var.media.info import VideoInfo
from var.media.proxy import Proxy, ProxyDecoder, load_proxy
from var.media.source_decoder import SourceDecoder
from var.timebase import frame_to_seconds, seconds_to_frame

logger = logging.getLogger(__name__)

DEFAULT_CACHE_BYTES = 256 * 1024 * 1024
DEFAULT_READ_AHEAD = 12


class Video:
    """One opened camera file. Use :func:`open_video`.

    ``frame(i)`` is safe to call from one thread at a time (the desk calls it from one worker per
    angle); the read-ahead runs on its own thread with its own decoder.
    """

    def __init__(
        self,
        path: Path,
        *,
        use_proxy: bool = True,
        cache_dir: Path | None = None,
        cache_bytes: int = DEFAULT_CACHE_BYTES,
        read_ahead: int = DEFAULT_READ_AHEAD,
    ) -> None:
        self.path = path
        self.proxy: Proxy | None = load_proxy(path, cache_dir) if use_proxy and path.is_file() else None
        # An angle still being recorded (MPEG-TS) keeps its packets: a refresh reads only what is new.
        self._growing_index: GrowingFrameIndex | None = None
        if self.proxy is not None:
            self.index, self.info = self.proxy.index, self.proxy.info
        elif video_file(path).name == RECORDED_VIDEO:
            self._growing_index = GrowingFrameIndex(path)
            self.index, self.info = self._growing_index.index, self._growing_index.info
        else:
            self.index, self.info = build_frame_index(path)
        # What the index was built from, for refresh (0 for a proxy, which never grows; a recording's
        # growing index keeps its own).
        self._indexed_size = 0 if self.proxy is not None else video_file(path).stat().st_size
        # An angle being recorded is proxied behind the recording: its older frames come from JPEGs.
        self._growing_proxy = GrowingProxy.of(path) if use_proxy and self.proxy is None else None
        if self._growing_proxy is not None:
            self._growing_proxy.update(self.index, self.info.time_base)
        self._decoder = self._new_decoder()
        self._decode_lock = threading.Lock()
        self._cache = FrameCache(cache_bytes)
        self._last_request: int | None = None
        self._read_ahead: ReadAhead | None = None
        self._helper: FrameDecoder | None = None
        if read_ahead > 0:
            self._helper = helper = self._new_decoder()
            self._read_ahead = ReadAhead(
                helper.decode, self._cache, self.info.frame_count, read_ahead, helper.close
            )

    @property
    def uses_proxy(self) -> bool:
        return self.proxy is not None

    @property
    def frames_proxied(self) -> int:
        """How many frames decode from a proxy (all of them, or those a recording's proxy has)."""
        if self.proxy is not None:
            return self.info.frame_count
        return self._growing_proxy.frames_proxied if self._growing_proxy is not None else 0

    def frame(self, index: int) -> RGBFrame:
        """The upright RGB picture (H×W×3 uint8, read-only) of display frame ``index``, 0-based.

        Raises:
            FrameOutOfRange: ``index`` is not a frame of this file.
            MediaError: the frame cannot be decoded.
        """
        if not isinstance(index, int) or not 0 <= index < self.info.frame_count:
            raise FrameOutOfRange(
                f"frame {index} is out of range (the video has {self.info.frame_count} frames, "
                f"0 to {self.info.frame_count - 1})",
                self.path,
            )
        picture = self._cache.get(index)
        if picture is None:
            with self._decode_lock:
                picture = self._decoder.decode(index)
            self._cache.put(index, picture)
        self._follow(index)
        return picture

    def refresh(self) -> bool:
        """Take in the frames written since the file was opened (an angle still being recorded).

        Returns:
            whether there are new frames; ``info`` and ``index`` then describe the longer file.
        """
        if self.proxy is not None:
            return False  # a proxy is of a finished file
        grew = self._take_in_new_frames()
        if self._growing_proxy is not None:  # the JPEGs written since, on the index as it now is
            self._growing_proxy.update(self.index, self.info.time_base)
        return grew

    def _take_in_new_frames(self) -> bool:
        longer = self._longer_index()
        if longer is None:
            return False
        index, info = longer
        for decoder in (self._decoder, self._helper):
            if isinstance(decoder, SourceDecoder | GrowingProxyDecoder):
                decoder.use_index(index)
        with self._decode_lock:
            self.index, self.info = index, info
        if self._read_ahead is not None:
            self._read_ahead.frame_count = info.frame_count
        logger.debug("%s grew to %d frames", self.path, info.frame_count)
        return True

    def _longer_index(self) -> tuple[FrameIndex, VideoInfo] | None:
        """The index of the file as it now is, when it holds more frames than ``index``."""
        if self._growing_index is not None:  # a recording: what was written since, read on its own
            if not self._growing_index.update():
                return None
            index, info = self._growing_index.index, self._growing_index.info
        else:
            size = video_file(self.path).stat().st_size
            if size == self._indexed_size:
                return None  # nothing written since: no need to demux the whole file again
            self._indexed_size = size
            index, info = build_frame_index(self.path)
        return (index, info) if index.frame_count > self.info.frame_count else None

    def is_cached(self, index: int) -> bool:
        """Whether frame ``index`` is decoded and waiting in memory."""
        return index in self._cache

    def time_of(self, index: int) -> Fraction:
        """Seconds from the first displayed frame to frame ``index``.

        On the exact rate grid for constant-rate files (containers round timestamps, e.g. to 1 ms
        in Matroska); from each frame's own timestamp for variable-rate ones.
        """
        if not self.info.variable_frame_rate and not self.info.gaps:
            return frame_to_seconds(index, self.info.frame_rate)
        return (int(self.index.pts[index]) - int(self.index.pts[0])) * self.info.time_base

    def frame_at(self, seconds: Fraction) -> int:
        """The frame on screen ``seconds`` after the first frame (clamped to the clip)."""
        if not self.info.variable_frame_rate and not self.info.gaps:
            return min(max(seconds_to_frame(seconds, self.info.frame_rate), 0), self.info.frame_count - 1)
        return self.index.frame_at_time(seconds, self.info.time_base)

    def close(self) -> None:
        if self._read_ahead is not None:
            self._read_ahead.stop()
        self._decoder.close()
        self._cache.clear()

    def __enter__(self) -> Video:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def _follow(self, index: int) -> None:
        previous = self._last_request
        self._last_request = index
        if self._read_ahead is None:
            return
        direction = 1 if previous is None or index >= previous else -1
        # Stepping or playing: read far ahead. A jump (scrubbing) may be followed by another jump at
        # once, so only the two neighbours are worth decoding; deeper work would be thrown away.
        moving_steadily = previous is not None and abs(index - previous) <= 1
        self._read_ahead.follow(index, direction, depth=None if moving_steadily else 1)

    def _new_decoder(self) -> FrameDecoder:
        if self.proxy is not None:
            return ProxyDecoder(self.proxy)
        source = SourceDecoder(self.path, self.index, self.info.rotation)
        if self._growing_proxy is not None:
            return GrowingProxyDecoder(self._growing_proxy, source)
        return source


def open_video(
    path: str | Path,
    *,
    use_proxy: bool = True,
    cache_dir: Path | None = None,
    cache_bytes: int = DEFAULT_CACHE_BYTES,
    read_ahead: int = DEFAULT_READ_AHEAD,
) -> Video:
    """Open a camera file for frame-exact access.

    Args:
        path: the source video.
        use_proxy: read from the intra-frame proxy when ``matchdesk ingest`` has built one.
        cache_dir: where proxies live (default: ``$MATCHDESK_CACHE_DIR`` or the user cache).
        cache_bytes: memory for decoded frames around the playhead.
        read_ahead: frames decoded ahead of the playhead in the background (0 disables).

    Raises:
        MediaError: the file is missing, not a video, damaged or truncated.
    """
    return Video(
        Path(path), use_proxy=use_proxy, cache_dir=cache_dir, cache_bytes=cache_bytes, read_ahead=read_ahead
    )
