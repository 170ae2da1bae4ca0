"""Cameras for rehearsals and tests: ffmpeg encoders sending H.264 live, every frame stamped.

Every camera films the same match clock: the frame it sends at match time ``n / fps`` carries ``n``
burned into its picture (``read_frame_number``), whichever moment the camera joined at. So after a
recording, the stamps say exactly which frames of two angles show the same moment. Each camera is
its own ffmpeg process, fed raw pictures at real time by a thread, sending MPEG-TS over UDP or SRT
(as the listener a recorder calls), with a 1-second GOP like broadcast contribution encoders.
"""

from __future__ import annotations

import logging
import subprocess
import threading
import time
from fractions import Fraction

import cv2
import numpy as np

from matchdesk.sample.framestamp import stamp_frame_number
from var.media.ffmpeg_tool import ffmpeg_executable, raw_rgb_input

logger = logging.getLogger(__name__)


class LiveCamera:
    """One simulated camera sending to ``url`` from match frame ``first_frame`` on.

    Args:
        url: where to send: ``udp://127.0.0.1:PORT`` (MPEG-TS), ``srt://127.0.0.1:PORT`` (it listens
            there) or ``rtp://127.0.0.1:PORT`` (H.264 over RTP, e.g. to an RTSP server).
        match_clock_zero: ``time.monotonic()`` of match frame 0, shared by every camera.
        first_frame: the match frame the camera starts filming at (it waits for that moment).
        label: drawn on the picture.
        size: picture width and height.
        frame_rate: frames per second.
        bitrate_kbps: the encoder's average bitrate; None leaves x264's constant quality.
        udp_packet_size: bytes per UDP datagram (1316: seven TS packets, as contribution encoders
            send); None leaves ffmpeg's default (1472), as a camera set up by hand may.
    """

    def __init__(
        self,
        url: str,
        match_clock_zero: float,
        first_frame: int,
        label: str = "CAM",
        size: tuple[int, int] = (320, 180),
        frame_rate: Fraction = Fraction(25),
        bitrate_kbps: int | None = None,
        udp_packet_size: int | None = 1316,
    ) -> None:
        self.url = url
        self.bitrate_kbps = bitrate_kbps
        self.udp_packet_size = udp_packet_size
        self.first_frame = first_frame
        self.frame_rate = frame_rate
        self.frames_sent = 0
        self._zero = match_clock_zero
        self._size = size
        self._label = label
        self._stop = threading.Event()
        self._process: subprocess.Popen[bytes] | None = None
        self._thread = threading.Thread(target=self._film, name=f"camera-{label}", daemon=True)

    def start(self) -> LiveCamera:
        self._process = subprocess.Popen(
            self._command(), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop filming and close the stream cleanly."""
        self._stop.set()
        self._thread.join(5)
        if self._process is not None:
            if self._process.stdin is not None:
                self._process.stdin.close()
            try:
                self._process.wait(5)
            except subprocess.TimeoutExpired:
                self._process.kill()

    def pull_the_cable(self) -> None:
        """The camera vanishes at once (power or cable): its encoder is killed mid-stream."""
        self._stop.set()
        if self._process is not None:
            self._process.kill()
            self._process.wait()
        self._thread.join(5)

    @property
    def last_frame(self) -> int:
        """The match frame of the last picture handed to the encoder."""
        return self.first_frame + self.frames_sent - 1

    def _command(self) -> list[str]:
        width, height = self._size
        gop = str(round(self.frame_rate))
        output = self.url
        if output.startswith("udp://") and "pkt_size" not in output and self.udp_packet_size:
            output += ("&" if "?" in output else "?") + f"pkt_size={self.udp_packet_size}"
        if output.startswith("srt://") and "mode=" not in output:
            output += ("&" if "?" in output else "?") + "mode=listener"
        return [
            ffmpeg_executable(),
            "-hide_banner",
            "-loglevel",
            "error",
            *raw_rgb_input(width, height, self.frame_rate),
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-tune",
            "zerolatency",
            "-g",
            gop,
            "-keyint_min",
            gop,
            "-pix_fmt",
            "yuv420p",
            *(["-b:v", f"{self.bitrate_kbps}k"] if self.bitrate_kbps else []),
            "-f",
            "rtp" if output.startswith("rtp://") else "mpegts",
            output,
        ]

    def _film(self) -> None:
        width, height = self._size
        background = np.zeros((height, width, 3), dtype=np.uint8)
        background[:] = (40, 120, 50)
        cv2.putText(
            background, self._label, (8, height - 10), cv2.FONT_HERSHEY_SIMPLEX, 0.5, (255, 255, 255), 1
        )
        process = self._process
        assert process is not None and process.stdin is not None
        number = self.first_frame
        while not self._stop.is_set():
            due = self._zero + float(number / self.frame_rate)
            wait = due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            picture = background.copy()
            stamp_frame_number(picture, number)
            cv2.putText(
                picture,
                str(number),
                (width - 70, height - 10),
                cv2.FONT_HERSHEY_SIMPLEX,
                0.5,
                (255, 255, 0),
                1,
            )
            try:
                process.stdin.write(picture.tobytes())
                process.stdin.flush()
            except (BrokenPipeError, OSError, ValueError):
                return
            self.frames_sent += 1
            number += 1
