"""The frame index of a recording still being written, kept up to date by reading only what is new.

Re-demuxing a whole MPEG-TS recording to take in the last second costs more the longer the match
runs (about a second per angle at 90 minutes), and the live edge falls behind with it. The packets
already read are kept; the file is read again from a little before its last keyframes but one (a
byte offset: TS packets are 188 bytes, and the stream's tables repeat every fraction of a second),
the packets from that keyframe on are taken from the new read, and the index is rebuilt from the
whole list. Anything unexpected (the keyframe not met again, a file that shrank) falls back to
reading the whole file.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

import av

from var.media.errors import MediaError
from var.media.index import (
    TS_PACKET_BYTES,
    Demuxed,
    demux_whole,
    index_and_info,
    read_packets,
    video_file,
    without_undecodable_tail,
)

logger = logging.getLogger(__name__)

TABLES_BEFORE_BYTES = 64 * 1024  # read from this far before the keyframe: the PAT and PMT come again
KEYFRAMES_READ_AGAIN = 2


class GrowingFrameIndex:
    """A growing file's frame index: :meth:`update` reads what was written since the last call."""

    def __init__(self, path: Path) -> None:
        """Raises: MediaError, as :func:`build_frame_index`."""
        self.path = video_file(path)
        self._packets, self._facts = demux_whole(self.path)
        self._size = self.path.stat().st_size
        self.index, self.info = index_and_info(self.path, self._packets, self._facts)

    def update(self) -> bool:
        """Take in the packets written since; whether the index grew.

        Raises:
            MediaError: the file can no longer be read.
        """
        size = self.path.stat().st_size
        if size == self._size:
            return False
        packets = self._read_on(size) if size > self._size else None
        if packets is None:  # shrank, or the new read does not join the old one: read it all
            packets, self._facts = demux_whole(self.path)
        self._size = size
        index, info = index_and_info(self.path, packets, self._facts)
        self._packets = packets
        grew = index.frame_count > self.index.frame_count
        self.index, self.info = index, info
        return grew

    def _read_on(self, size: int) -> Demuxed | None:
        """The packets so far, the last few GOPs read again from the file as it now is; None when
        the new read cannot be joined to the old."""
        old = self._packets.all_packets
        keyframes = [n for n, p in enumerate(old) if p.keyframe and p.position is not None]
        if len(keyframes) < KEYFRAMES_READ_AGAIN:
            return None
        resume = keyframes[-KEYFRAMES_READ_AGAIN]
        start = old[resume]
        assert start.position is not None
        offset = max(0, start.position - TABLES_BEFORE_BYTES) // TS_PACKET_BYTES * TS_PACKET_BYTES
        try:
            with open(self.path, "rb") as file:
                part = _FileFrom(file, offset)
                with av.open(part, mode="r", format="mpegts") as container:
                    if not container.streams.video:
                        return None
                    stream = container.streams.video[0]
                    fresh = read_packets(container, stream, self.path, size - offset, offset)
                    joined = _joined(self._packets, resume, fresh)
                    if joined is not None and joined.cut_short and joined.shown:
                        joined = without_undecodable_tail(container, stream, joined)
        except (av.error.FFmpegError, OSError, MediaError) as error:
            logger.debug("%s: reading on from byte %d failed (%s): reading it all", self.path, offset, error)
            return None
        if joined is None:
            logger.debug("%s: the keyframe at byte %d was not met again: reading it all", self.path, offset)
        return joined


def _joined(old: Demuxed, resume: int, fresh: Demuxed) -> Demuxed | None:
    """``old``'s packets before ``resume`` followed by ``fresh``'s from the same keyframe on."""
    start = old.all_packets[resume]
    met = next(
        (
            n
            for n, p in enumerate(fresh.all_packets)
            if p.keyframe and p.pts == start.pts and p.dts == start.dts
        ),
        None,
    )
    if met is None:
        return None
    packets = old.all_packets[:resume] + fresh.all_packets[met:]
    shown = [n for n in old.shown if n < resume] + [resume + n - met for n in fresh.shown if n >= met]
    return Demuxed(packets, shown, fresh.cut_short)


class _FileFrom(io.RawIOBase):
    """A file seen from byte ``offset`` on, as if it began there."""

    def __init__(self, file: io.BufferedReader, offset: int) -> None:
        super().__init__()
        self._file = file
        self._offset = offset
        file.seek(offset)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        return self._file.readinto(buffer)

    def seek(self, position: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            return self._file.seek(self._offset + position) - self._offset
        if whence == io.SEEK_END:
            return self._file.seek(position, io.SEEK_END) - self._offset
        return self._file.seek(position, io.SEEK_CUR) - self._offset

    def tell(self) -> int:
        return self._file.tell() - self._offset
