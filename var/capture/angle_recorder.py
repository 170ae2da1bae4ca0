"""One angle recorded: an ffmpeg process per connection, its stream appended to the angle's file.

ffmpeg reads the camera (RTSP, SRT, UDP, a device, a file) and copies its stream, untouched, into
MPEG-TS on a pipe; we append those bytes to ``video.ts`` and make them durable every second. A
second ffmpeg output, ``framecrc`` on another pipe, names each video frame as it passes; its arrival
on the capture clock goes into ``clock.bin``. A camera that says when it filmed each frame (RTSP's
sender reports) says it on a third output, kept in ``camera_clock.bin``. When the camera drops
out, ffmpeg ends; we say so, wait, and connect again, timestamping the new connection's frames after
the gap (never filling it).
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from var.capture import camera_clock
from var.capture.camera_clock import CAMERA_CLOCK, FramePairing
from var.capture.child_process import die_with_parent, keep_lines, live_ffmpeg
from var.capture.recording import CLOCK, EVENTS, TS_TIME_BASE, RecordingAngle
from var.capture.sources import Source
from var.media.index import RECORDED_VIDEO

logger = logging.getLogger(__name__)

SYNC_EVERY_SECONDS = 1.0  # at most this much of an angle is lost when the power goes
RECONNECT_WAIT_SECONDS = (0.5, 1.0, 2.0, 4.0)  # then every 4 s
# New connections are stamped on the capture clock plus this, so that B-frames' decode timestamps
# stay positive and every connection starts after the one before.
_TIMESTAMP_BASE_SECONDS = 10


@dataclass
class AngleStatus:
    """What the operator sees of one angle while recording."""

    name: str
    address: str
    connected: bool = False
    frames: int = 0
    fps: float = 0.0
    bitrate_kbps: float = 0.0
    dropped: int = 0
    repeated: int = 0
    reconnects: int = 0
    seconds_since_last_frame: float | None = None
    bytes_written: int = 0
    width: int = 0
    height: int = 0
    problem: str = ""

    def to_json_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class _Counters:
    arrivals: deque[tuple[float, int]] = field(default_factory=lambda: deque(maxlen=400))
    last_dts: int | None = None
    frame_ticks: int | None = None  # one frame's duration in 1/90000 s, once seen


class AngleRecorder:
    """Records one source into ``folder`` until :meth:`stop`; reconnects on its own."""

    def __init__(
        self,
        source: Source,
        folder: Path,
        clock_zero_ns: int,
        on_event: Callable[[str, dict[str, Any]], None] | None = None,
    ) -> None:
        self.source = source
        self.folder = folder
        self._clock_zero_ns = clock_zero_ns
        self._on_event = on_event
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._status = AngleStatus(source.name, source.address)
        self._counters = _Counters()
        self._process: subprocess.Popen[bytes] | None = None
        self._thread = threading.Thread(target=self._run, name=f"record-{source.name}", daemon=True)
        recorded = RecordingAngle(folder, source.name, source.address).clock()
        # An appended recording goes on counting connections, and stamps after what is there.
        self._connection = int(recorded[:, 2].max()) if recorded.shape[0] else 0
        self._next_stamp_ticks = int(recorded[:, 0].max()) if recorded.shape[0] else 0

    # --- control -----------------------------------------------------------------------------

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop recording: ffmpeg is asked to finish (so the last frames are written), then ended."""
        self._stopping.set()
        process = self._process
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGINT)
        self._thread.join(timeout)
        if process is not None and process.poll() is None:
            process.kill()

    def status(self) -> AngleStatus:
        with self._lock:  # the recording thread appends arrivals: copy them while it cannot
            status = AngleStatus(**self._status.__dict__)
            arrivals = list(self._counters.arrivals)
        now = time.monotonic()
        recent = [size for at, size in arrivals if now - at <= 2.0]
        status.fps = len(recent) / 2.0
        status.bitrate_kbps = sum(recent) * 8 / 2.0 / 1000
        if arrivals:
            status.seconds_since_last_frame = now - arrivals[-1][0]
        return status

    # --- the recording loop ------------------------------------------------------------------

    def _run(self) -> None:
        attempt = 0
        with (
            open(self.folder / RECORDED_VIDEO, "ab") as video_file,
            open(self.folder / CLOCK, "ab") as clock_file,
            open(self.folder / CAMERA_CLOCK, "ab") as camera_clock_file,
        ):
            video, clock = _DurableAppend(video_file), _DurableAppend(clock_file)
            camera = _DurableAppend(camera_clock_file)
            while not self._stopping.is_set():
                self._connection += 1
                got_frames, finished = self._record_one_connection(video, clock, camera)
                if self._stopping.is_set():
                    break
                if finished:  # a rehearsal file played to its end: the angle is complete
                    with self._lock:
                        self._status.connected = False
                    self._event("ended", {})
                    break
                attempt = 0 if got_frames else attempt + 1
                wait = RECONNECT_WAIT_SECONDS[min(attempt, len(RECONNECT_WAIT_SECONDS) - 1)]
                with self._lock:
                    self._status.reconnects += 1
                    self._status.connected = False
                self._event("disconnected", {"retry_in_seconds": wait})
                self._stopping.wait(wait)

    def _record_one_connection(
        self, video: _DurableAppend, clock: _DurableAppend, camera: _DurableAppend
    ) -> tuple[bool, bool]:
        """Record until the source drops out or we stop.

        Returns:
            whether any frame arrived, and whether the source finished (a file played to its end).
        """
        offset_seconds = max(
            _TIMESTAMP_BASE_SECONDS + self._now_ns() / 1e9, self._next_stamp_ticks * float(TS_TIME_BASE) + 1.0
        )
        read_frames, write_frames = os.pipe()
        camera_pipe = os.pipe() if self.source.sends_sender_reports else None
        command = self._command(offset_seconds, write_frames, camera_pipe[1] if camera_pipe else None)
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                pass_fds=(write_frames,) + ((camera_pipe[1],) if camera_pipe else ()),
                preexec_fn=die_with_parent if sys.platform.startswith("linux") else None,
            )
        finally:
            os.close(write_frames)
            if camera_pipe:
                os.close(camera_pipe[1])
        self._process = process
        assert process.stdout is not None and process.stderr is not None
        errors: deque[str] = deque(maxlen=5)
        readers = [
            threading.Thread(target=self._copy_stream, args=(process.stdout, video), daemon=True),
            threading.Thread(target=keep_lines, args=(process.stderr, errors), daemon=True),
        ]
        pairing = None
        if camera_pipe:
            pairing = FramePairing(
                lambda record: self._append(camera, CAMERA_CLOCK, record), self._connection
            )
            readers.append(
                threading.Thread(target=self._read_camera_clock, args=(camera_pipe[0], pairing), daemon=True)
            )
        for reader in readers:
            reader.start()
        frames_before = self._status.frames
        with os.fdopen(read_frames, "r", encoding="ascii", errors="replace") as frame_lines:
            self._note_frames(frame_lines, clock, pairing)
        process.wait()
        for reader in readers:
            reader.join(5)
        for name, written in ((RECORDED_VIDEO, video), (CLOCK, clock), (CAMERA_CLOCK, camera)):
            try:
                written.sync()
            except OSError as error:
                self._cannot_write(name, error)
        got_frames = self._status.frames > frames_before
        finished = self.source.kind == "file" and process.returncode == 0
        if not self._stopping.is_set() and not finished:
            problem = "; ".join(errors) or f"ffmpeg ended ({process.returncode})"
            with self._lock:
                self._status.problem = problem
            logger.warning("angle %s (%s): %s", self.source.name, self.source.address, problem)
        return got_frames, finished

    def _command(self, offset_seconds: float, frames_fd: int, camera_clock_fd: int | None) -> list[str]:
        encode = (
            ["-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-c:a", "aac"]
            if self.source.needs_encoding
            else ["-c", "copy"]
        )
        shift = ["-output_ts_offset", f"{offset_seconds:.6f}"]
        # No mux delay: the file's timestamps are then exactly those framecrc reports to the clock.
        same_stamps = ["-muxdelay", "0", "-muxpreload", "0"]
        return live_ffmpeg(
            *self.source.ffmpeg_input(),
            "-map",
            "0:v:0",
            "-map",
            "0:a?",
            *encode,
            *shift,
            *same_stamps,
            "-max_interleave_delta",
            "500000",
            "-f",
            "mpegts",
            "-flush_packets",
            "1",
            "pipe:1",
            "-map",
            "0:v:0",
            *(["-c:v", "libx264", "-preset", "ultrafast"] if self.source.needs_encoding else ["-c", "copy"]),
            *shift,
            "-f",
            "framecrc",
            "-flush_packets",
            "1",
            f"pipe:{frames_fd}",
            *(camera_clock.ffmpeg_output(camera_clock_fd) if camera_clock_fd is not None else []),
        )

    def _copy_stream(self, stream: BinaryIO, video: _DurableAppend) -> None:
        while True:
            chunk = stream.read1(1 << 16)  # type: ignore[attr-defined]
            if not chunk:
                return
            try:
                video.append(chunk)
            except OSError as error:
                self._cannot_write(RECORDED_VIDEO, error)
                return
            with self._lock:
                self._status.bytes_written += len(chunk)

    def _read_camera_clock(self, read_fd: int, pairing: FramePairing) -> None:
        with os.fdopen(read_fd, "rb") as stream:
            pairing.read(stream, lambda wall_ns: camera_clock.capture_ns_of_wall(wall_ns, self._now_ns()))
            while stream.read(1 << 16):  # never leave ffmpeg blocked on a pipe nobody reads
                pass

    def _append(self, written: _DurableAppend, name: str, data: bytes) -> None:
        try:
            written.append(data)
        except OSError as error:
            self._cannot_write(name, error)

    def _note_frames(self, lines: Any, clock: _DurableAppend, pairing: FramePairing | None) -> None:
        """Read framecrc's line per video packet; each one's arrival goes to the clock file."""
        time_base = Fraction(1, 90_000)
        for line in lines:
            arrived_ns = self._now_ns()
            if line.startswith("#"):
                if line.startswith("#tb 0:"):
                    time_base = Fraction(line.split(":", 1)[1].strip())
                elif line.startswith("#dimensions 0:"):
                    width, height = (int(v) for v in line.split(":", 1)[1].strip().split("x"))
                    self._dimensions(width, height)
                continue
            fields = [f.strip() for f in line.split(",")]
            if len(fields) < 5 or fields[0] != "0":
                continue
            dts = round(int(fields[1]) * time_base / TS_TIME_BASE)
            pts = round(int(fields[2]) * time_base / TS_TIME_BASE)
            size = int(fields[4])
            try:
                clock.append(np.array([pts, arrived_ns, self._connection], dtype="<i8").tobytes())
            except OSError as error:
                self._cannot_write(CLOCK, error)
                return
            self._count_frame(dts, pts, size)
            if pairing is not None:
                pairing.frame(pts)

    def _count_frame(self, dts: int, pts: int, size: int) -> None:
        """Count the frame; gaps and repeats are judged in decode order (B-frames reorder pts)."""
        counters = self._counters
        with self._lock:
            counters.arrivals.append((time.monotonic(), size))
            first_of_connection = not self._status.connected
            self._status.connected = True
            self._status.problem = ""
            self._status.frames += 1
            if counters.last_dts is not None and not first_of_connection:
                step = dts - counters.last_dts
                if step == 0:
                    self._status.repeated += 1
                elif counters.frame_ticks and step > counters.frame_ticks * 3 // 2:
                    self._status.dropped += round(step / counters.frame_ticks) - 1
                if step > 0 and (counters.frame_ticks is None or step < counters.frame_ticks):
                    counters.frame_ticks = step
        if first_of_connection:
            self._event("connected", {"connection": self._connection, "first_pts": pts})
        counters.last_dts = dts
        self._next_stamp_ticks = max(self._next_stamp_ticks, pts)

    def _dimensions(self, width: int, height: int) -> None:
        with self._lock:
            changed = (self._status.width, self._status.height) not in ((0, 0), (width, height))
            self._status.width, self._status.height = width, height
        if changed:
            self._event("resolution", {"width": width, "height": height})

    # --- helpers -----------------------------------------------------------------------------

    def _now_ns(self) -> int:
        return time.monotonic_ns() - self._clock_zero_ns

    def _cannot_write(self, name: str, error: OSError) -> None:
        """The disk filled between two checks: stop this angle, keeping what is written."""
        with self._lock:
            self._status.problem = f"cannot write {self.folder / name}: {error.strerror}"
        logger.error("angle %s: %s", self.source.name, self._status.problem)
        self._stopping.set()

    def _event(self, kind: str, details: dict[str, Any]) -> None:
        record = {"event": kind, "capture_ns": self._now_ns(), "wall": time.time(), **details}
        with open(self.folder / EVENTS, "a", encoding="utf-8") as events:
            events.write(json.dumps(record) + "\n")
        if self._on_event is not None:
            self._on_event(self.source.name, record)


class _DurableAppend:
    """A file appended to as data arrives: readable at once, on disk at most a second later."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self._synced = time.monotonic()

    def append(self, data: bytes) -> None:
        self._handle.write(data)
        self._handle.flush()  # readers of the growing file see it at once
        if time.monotonic() - self._synced >= SYNC_EVERY_SECONDS:
            self.sync()

    def sync(self) -> None:
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._synced = time.monotonic()
