"""The cameras' own clocks: when a camera says it filmed each frame, where the link tells us.

An IP camera streaming RTSP sends RTCP sender reports: each pairs its RTP timestamps with its NTP
wall clock, so every frame carries the moment the camera filmed it. ffmpeg turns those reports into
a "producer reference time" per packet; written as ``prft`` boxes of a fragmented MP4 (one fragment
per frame) on a pipe, they come to us frame by frame, in the order the frames pass, and are paired
here with the frames the recorder notes. ``camera_clock.bin`` keeps, per frame: its timestamp in
the file, the camera's time of filming on the capture clock, and its connection.

For the MPEG-TS links (UDP, SRT) the camera's clock is already in use: the file's timestamps are the
encoder's, locked to its PCR, so they place frames on the camera's own frame grid; SRT delivers
every packet at the sender's time plus a fixed latency (its timestamps drive delivery), which the
capture clock takes off. What an MPEG-TS stream cannot say is when the camera filmed in wall time;
that is what the RTCP reports add: the camera's encoder delay, which differs between models, no
longer shifts its angle.

A camera whose clock is not set (no NTP: it says it filmed after the frame arrived, or seconds
before) is not believed: its angle is placed by arrivals, and the log says why.
"""

from __future__ import annotations

import logging
import struct
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import BinaryIO

import numpy as np
import numpy.typing as npt

logger = logging.getLogger(__name__)

CAMERA_CLOCK = "camera_clock.bin"
NTP_UNIX_OFFSET_SECONDS = 2_208_988_800  # 1900-01-01 to 1970-01-01
# The camera's claim is believed when each frame arrives after it was filmed (up to this much
# rounding: ffmpeg writes the claim to the millisecond) and within this long of its filming.
CLAIM_ROUNDING_SECONDS = 0.002
LONGEST_BELIEVABLE_DELAY_SECONDS = 2.0
# Frames before the camera's first sender report carry the muxer's wall clock instead of the
# camera's: the claims used are the run of steady ones at the end of the connection.
STEADY_WITHIN_SECONDS = 0.003
FEWEST_STEADY_CLAIMS = 10


def ffmpeg_output(pipe_fd: int) -> list[str]:
    """ffmpeg output arguments writing each video packet's producer reference time to ``pipe_fd``."""
    return [
        "-map",
        "0:v:0",
        "-c",
        "copy",
        "-f",
        "mp4",
        "-movflags",
        "frag_every_frame+empty_moov+default_base_moof",
        "-write_prft",
        "wallclock",
        "-flush_packets",
        "1",
        f"pipe:{pipe_fd}",
    ]


def producer_wall_times_ns(stream: BinaryIO) -> Iterator[int]:
    """The wall-clock time (Unix ns) of each ``prft`` box of a fragmented MP4 stream, as they come."""
    while True:
        header = _read_exactly(stream, 8)
        if header is None:
            return
        size, kind = struct.unpack(">I4s", header)
        body_size = size - 8
        if size == 1:
            large = _read_exactly(stream, 8)
            if large is None:
                return
            body_size = struct.unpack(">Q", large)[0] - 16
        elif size == 0:  # a box running to the end of the stream
            return
        if kind != b"prft":
            if not _skip(stream, body_size):
                return
            continue
        body = _read_exactly(stream, body_size)
        if body is None or len(body) < 16:
            return
        ntp = struct.unpack(">Q", body[8:16])[0]  # after version, flags and the track id
        seconds = (ntp >> 32) - NTP_UNIX_OFFSET_SECONDS
        yield seconds * 1_000_000_000 + ((ntp & 0xFFFFFFFF) * 1_000_000_000 >> 32)


class FramePairing:
    """Pairs the frames the recorder notes with the camera's times, which arrive on another pipe.

    Both come in the order the frames pass; whichever of a pair comes second writes the record.
    """

    def __init__(self, write: Callable[[bytes], None], connection: int) -> None:
        self._write = write
        self._connection = connection
        self._lock = threading.Lock()
        self._frames: deque[int] = deque()
        self._camera_times: deque[int] = deque()

    def frame(self, pts: int) -> None:
        with self._lock:
            self._frames.append(pts)
            self._flush()

    def camera_time(self, capture_ns: int) -> None:
        with self._lock:
            self._camera_times.append(capture_ns)
            self._flush()

    def read(self, stream: BinaryIO, capture_ns_of_wall: Callable[[int], int]) -> None:
        """Take every camera time of ``stream`` (until it ends), placed on the capture clock."""
        for wall_ns in producer_wall_times_ns(stream):
            self.camera_time(capture_ns_of_wall(wall_ns))

    def _flush(self) -> None:
        while self._frames and self._camera_times:
            record = (self._frames.popleft(), self._camera_times.popleft(), self._connection)
            self._write(np.array(record, dtype="<i8").tobytes())


def capture_ns_of_wall(wall_ns: int, now_capture_ns: int) -> int:
    """A Unix wall time on the capture clock, read against the wall clock now."""
    return wall_ns + now_capture_ns - time.time_ns()


def camera_origin_seconds(
    pts_seconds: npt.NDArray[np.float64],
    camera_seconds: npt.NDArray[np.float64],
    arrival_origins: npt.NDArray[np.float64],
    angle: str,
) -> float | None:
    """When, by the camera's own clock, the connection's first frame was filmed (capture seconds).

    Args:
        pts_seconds: the frames' timestamps from the connection's first, on the frame grid.
        camera_seconds: when the camera says it filmed each of them, on the capture clock.
        arrival_origins: for the same frames, their arrival less their timestamp.
        angle: named in the log when the camera is not believed.

    Returns:
        None when the camera gave no usable clock or its clock is not believable.
    """
    origins = camera_seconds - pts_seconds
    if origins.size < FEWEST_STEADY_CLAIMS:
        return None
    steady = len(origins) - 1
    while steady > 0 and abs(origins[steady - 1] - origins[-1]) <= STEADY_WITHIN_SECONDS:
        steady -= 1
    if len(origins) - steady < FEWEST_STEADY_CLAIMS:
        return None
    origin = float(np.median(origins[steady:]))
    delays = arrival_origins[steady:] - origin
    if delays.min() < -CLAIM_ROUNDING_SECONDS or np.median(delays) > LONGEST_BELIEVABLE_DELAY_SECONDS:
        logger.warning(
            "angle %s: the camera's clock is not set (it says it filmed %.3f s before frames arrived); "
            "placed by arrival times instead",
            angle,
            float(np.median(delays)),
        )
        return None
    return origin


def _read_exactly(stream: BinaryIO, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def _skip(stream: BinaryIO, size: int) -> bool:
    while size > 0:
        chunk = stream.read(min(size, 1 << 16))
        if not chunk:
            return False
        size -= len(chunk)
    return True
