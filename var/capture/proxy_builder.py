"""Proxies built behind a recording, so that its older parts scrub at proxy speed while it grows.

One ffmpeg per angle follows the growing ``video.ts`` (``-follow``), decodes every frame and writes
it as a JPEG on a pipe; each is appended to the angle's growing proxy (see
:mod:`var.media.growing_proxy`). ffmpeg runs at the lowest CPU priority: the recording's own
processes (stream copies) always come first, so the proxy falls behind on a busy machine and catches
up later, and never costs the capture a frame. A stopped builder resumes after the last frame it
proxied.
"""

from __future__ import annotations

import logging
import os
import queue
import signal
import subprocess
import sys
import threading
from collections import deque
from pathlib import Path
from typing import IO

import av
import numpy as np

from var.capture.child_process import keep_lines, live_ffmpeg, lowest_priority_dying_with_parent
from var.media.growing_proxy import (
    GROWING_PROXY_INDEX,
    GROWING_PROXY_VIDEO,
    PROXY_TIME_BASE,
    read_records,
)
from var.media.index import RECORDED_VIDEO
from var.media.proxy import JPEG_ENCODING, JPEG_FILTER

logger = logging.getLogger(__name__)

# With the recording silent this long (a camera that dropped out), ffmpeg stops following; the
# builder starts it again from a little before its last frame (the decoder needs the keyframe before it).
_FOLLOW_TIMEOUT_MICROSECONDS = 2_000_000
_RESUME_SEEK_MARGIN_SECONDS = 3.0
_SIZE_WAIT_SECONDS = 30.0
_SAME_FRAME_TICKS = 180  # 2 ms: the pipe's timestamps may be a tick off the recording's
_RESTART_WAIT_SECONDS = 1.0
_GIVE_UP_AFTER_FAILURES = 3  # in a row at the same frame: that part stays decoded from the recording


class ProxyBuilder:
    """Keeps one recorded angle's proxy following its recording until :meth:`stop`."""

    def __init__(self, angle_folder: Path) -> None:
        self.folder = angle_folder
        self._stopping = threading.Event()
        self._stopped = False
        self.resolution_changed_at: int | None = None  # a timestamp, once the camera changed resolution
        self._process: subprocess.Popen[bytes] | None = None
        self._thread = threading.Thread(target=self._run, name=f"proxy-{angle_folder.name}", daemon=True)

    def start(self) -> ProxyBuilder:
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0, catch_up: bool = True) -> None:
        """Stop following at once; with ``catch_up`` (the recording has stopped), then proxy the last
        frames (one short ffmpeg from a little before them to the end of the file)."""
        if self._stopped:
            return
        self._stopped = True
        self._stopping.set()
        self._kill_follower()  # what it wrote is indexed; a JPEG cut short is not
        if self._thread.is_alive():
            self._thread.join(timeout)
        if catch_up and self.resolution_changed_at is None:
            self._proxy_what_is_left(follow=False)

    def _kill_follower(self) -> None:
        process = self._process
        if process is not None and process.poll() is None:
            process.kill()

    def _run(self) -> None:
        failures, failed_after = 0, None
        while not self._stopping.is_set():
            after, ok = self._proxy_what_is_left(follow=True)
            if self._stopping.is_set() or self.resolution_changed_at is not None:
                return
            if ok or after != failed_after:
                failures, failed_after = (0, None) if ok else (1, after)
            else:
                failures += 1
                if failures >= _GIVE_UP_AFTER_FAILURES:
                    logger.warning(
                        "%s: stopped proxying (ffmpeg fails there); the rest decodes from the recording",
                        self.folder,
                    )
                    return
            self._stopping.wait(_RESTART_WAIT_SECONDS)

    def _proxy_what_is_left(self, follow: bool) -> tuple[int | None, bool]:
        """Proxy the frames after the last one proxied: to the end of the file, or following it as it
        grows until it stops growing or we stop.

        Returns:
            the timestamp of the last frame proxied before, and whether ffmpeg ended well.
        """
        records = read_records(self.folder / GROWING_PROXY_INDEX)
        after = int(records[:, 0].max()) if records.shape[0] else None
        first = int(records[0, 0]) if records.shape[0] else None
        video = self.folder / RECORDED_VIDEO
        if not video.is_file() or video.stat().st_size == 0:
            return after, True  # nothing recorded yet
        read_sizes, write_sizes = os.pipe()
        try:
            process = subprocess.Popen(
                _command(video, after, first, follow, write_sizes),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                pass_fds=(write_sizes,),
                preexec_fn=lowest_priority_dying_with_parent if sys.platform.startswith("linux") else None,
            )
        finally:
            os.close(write_sizes)
        self._process = process
        assert process.stdout is not None and process.stderr is not None
        errors: deque[str] = deque(maxlen=3)
        sizes: queue.Queue[int | None] = queue.Queue()
        readers = [
            threading.Thread(target=keep_lines, args=(process.stderr, errors), daemon=True),
            threading.Thread(target=_read_frame_sizes, args=(read_sizes, sizes), daemon=True),
        ]
        for reader in readers:
            reader.start()
        try:
            self._append_jpegs(process.stdout, after, sizes)
        except (av.error.FFmpegError, OSError) as error:
            errors.append(str(error))
        finally:
            process.stdout.close()
            self._kill_follower()  # when it stopped early (a new resolution), else already ended
        process.wait()
        for reader in readers:
            reader.join(5)
        if process.returncode not in (0, -signal.SIGINT, 255) and not self._stopping.is_set():
            logger.info("%s: proxy ffmpeg ended (%s): %s", self.folder, process.returncode, "; ".join(errors))
            return after, False
        return after, True

    def _append_jpegs(self, stream: IO[bytes], after_pts: int | None, sizes: queue.Queue[int | None]) -> None:
        """Append each JPEG ffmpeg sends (those after ``after_pts``) until a frame of another size.

        ``sizes``: the size of each decoded frame, in the JPEGs' order. ffmpeg would scale a camera's
        new resolution to the first one's: those frames are left to decode from the recording."""
        first_size: int | None = None
        with (
            av.open(stream, mode="r", format="nut") as jpegs,
            open(self.folder / GROWING_PROXY_VIDEO, "ab") as video,
            open(self.folder / GROWING_PROXY_INDEX, "ab") as index,
        ):
            video.seek(0, os.SEEK_END)
            for packet in jpegs.demux(video=0):
                if not packet.size or packet.pts is None or packet.time_base is None:
                    continue
                pts = round(packet.pts * packet.time_base / PROXY_TIME_BASE)
                frame_size = sizes.get(timeout=_SIZE_WAIT_SECONDS)
                if frame_size is None:
                    return  # ffmpeg ended
                first_size = first_size or frame_size
                if frame_size != first_size:
                    self.resolution_changed_at = pts
                    logger.warning(
                        "%s: the camera changed resolution; from there on frames decode from the recording",
                        self.folder,
                    )
                    return
                if after_pts is not None and pts <= after_pts + _SAME_FRAME_TICKS:
                    continue  # proxied before
                offset = video.tell()
                video.write(bytes(packet))
                video.flush()  # the JPEG is there before the record that points at it
                index.write(np.array([pts, offset, packet.size], dtype="<i8").tobytes())
                index.flush()


def _command(
    video: Path, after_pts: int | None, first_pts: int | None, follow: bool, sizes_fd: int
) -> list[str]:
    seek: list[str] = []
    if after_pts is not None and first_pts is not None:
        # -ss counts from the file's start (also with -copyts); the frames before ``after_pts`` it
        # gives again are left out as they come.
        into_file = float((after_pts - first_pts) * PROXY_TIME_BASE)
        seek = ["-ss", f"{max(0.0, into_file - _RESUME_SEEK_MARGIN_SECONDS):.3f}"]
    return live_ffmpeg(
        *(["-follow", "1", "-rw_timeout", str(_FOLLOW_TIMEOUT_MICROSECONDS)] if follow else []),
        "-copyts",  # the recording's own timestamps, to place each JPEG on its frame
        *seek,
        "-i",
        f"file:{video}",
        "-map",
        "0:v:0",
        "-fps_mode",
        "passthrough",
        "-enc_time_base:v",
        "demux",  # each JPEG keeps its frame's own timestamp (not rounded to the frame rate)
        "-vf",
        JPEG_FILTER,
        *JPEG_ENCODING,
        "-f",
        "nut",
        "-flush_packets",
        "1",
        "pipe:1",
        # Each decoded frame's size in bytes, in the same order: a new resolution shows in it.
        "-map",
        "0:v:0",
        "-fps_mode",
        "passthrough",
        "-noautoscale",  # the frame's own size, not scaled to the first's
        "-c:v",
        "rawvideo",
        "-f",
        "framecrc",
        "-flush_packets",
        "1",
        f"pipe:{sizes_fd}",
    )


def _read_frame_sizes(read_fd: int, sizes: queue.Queue[int | None]) -> None:
    with os.fdopen(read_fd, "r", encoding="ascii", errors="replace") as lines:
        for line in lines:
            fields = line.split(",")
            if not line.startswith("#") and len(fields) >= 5:
                sizes.put(int(fields[4]))
    sizes.put(None)
