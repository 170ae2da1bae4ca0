"""Frames kept as JPEGs in one file, each found by its offset and size: decoded in milliseconds."""

from __future__ import annotations

import threading
from pathlib import Path

import av

from var.media.errors import MediaError
from var.media.frames import RGBFrame, upright_rgb


class JpegFrames:
    """Reads and decodes the JPEG of a frame from ``path`` (a proxy). One per thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle = path.open("rb")
        self._codec = av.CodecContext.create("mjpeg", "r")
        self._lock = threading.Lock()

    def close(self) -> None:
        self._handle.close()

    def read(self, offset: int, size: int, frame: int) -> RGBFrame:
        """The upright RGB picture whose JPEG sits at ``offset`` (``frame`` names it in errors)."""
        with self._lock:
            self._handle.seek(offset)
            payload = self._handle.read(size)
            if len(payload) != size:
                raise MediaError(f"proxy is damaged at frame {frame}; run ingest again", self.path)
            try:
                pictures = self._codec.decode(av.Packet(payload))
            except av.error.FFmpegError as error:
                raise MediaError(f"proxy frame {frame} cannot be decoded ({error})", self.path) from error
        if not pictures:
            raise MediaError(f"proxy frame {frame} decoded to nothing", self.path)
        return upright_rgb(pictures[0], rotation=0)  # ffmpeg already turned the proxy upright
