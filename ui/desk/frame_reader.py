"""One decoding thread per angle: the GUI asks for a frame and gets it back, never decoding itself.

Requests are collapsed: while a frame decodes, newer requests replace older ones, so scrubbing
fast never queues up work for frames the referee has already left. The thread also prepares the
picture for display (crop to the zoom, scale to the view), so the GUI thread only paints.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

import cv2
import numpy as np
from PyQt6.QtCore import QObject, pyqtSignal

from ui.common.error_text import error_text
from var.latest_job import LatestJobThread
from var.media import MediaError, Video
from var.playback import Zoom

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FrameRequest:
    frame: int
    width: int  # the view's size in device pixels
    height: int
    zoom: Zoom


@dataclass(frozen=True)
class ReadyFrame:
    """A decoded frame and the display-ready picture made from it."""

    request: FrameRequest
    picture: np.ndarray  # the full-resolution frame (read-only)
    display: np.ndarray  # RGB, cropped to the zoom and scaled to fit the view
    source_rect: tuple[float, float, float, float]  # the picture region shown: x, y, width, height


def display_picture(
    picture: np.ndarray, request: FrameRequest
) -> tuple[np.ndarray, tuple[float, float, float, float]]:
    """Crop ``picture`` to the zoom and scale it to fit ``request``'s view, keeping its aspect."""
    height, width = picture.shape[:2]
    zoom = request.zoom
    crop_w, crop_h = width / zoom.scale, height / zoom.scale
    x0 = min(max(zoom.centre_x * width - crop_w / 2, 0.0), width - crop_w)
    y0 = min(max(zoom.centre_y * height - crop_h / 2, 0.0), height - crop_h)
    region = picture[int(y0) : int(np.ceil(y0 + crop_h)), int(x0) : int(np.ceil(x0 + crop_w))]
    fit = min(request.width / crop_w, request.height / crop_h)
    out_w, out_h = max(1, int(crop_w * fit)), max(1, int(crop_h * fit))
    interpolation = cv2.INTER_AREA if fit < 1 else cv2.INTER_LINEAR
    display = cv2.resize(region, (out_w, out_h), interpolation=interpolation)
    return np.ascontiguousarray(display), (x0, y0, crop_w, crop_h)


class FrameReader(QObject):
    """Decodes frames of one angle on its own thread; results arrive through ``frame_ready``."""

    frame_ready = pyqtSignal(object)  # ReadyFrame
    failed = pyqtSignal(str)

    def __init__(self, video: Video) -> None:
        super().__init__()
        self._video = video
        self._retired: list[Video] = []
        self._lock = threading.Lock()
        self._worker: LatestJobThread[FrameRequest] = LatestJobThread(
            f"reader-{video.path.name}", self._read, on_exit=self._close_retired
        )

    def request(self, request: FrameRequest) -> None:
        self._worker.submit(request)

    def replace_video(self, video: Video, old: Video) -> None:
        """Read from ``video`` from now on; ``old`` is closed on the reading thread, never mid-decode."""
        with self._lock:
            self._video = video
            self._retired.append(old)

    def stop(self) -> None:
        self._worker.stop()

    def _close_retired(self) -> None:
        with self._lock:
            retired, self._retired = self._retired, []
        for old in retired:
            old.close()

    def _read(self, request: FrameRequest) -> None:
        self._close_retired()
        with self._lock:
            video = self._video
        try:
            picture = video.frame(request.frame)
            display, source_rect = display_picture(picture, request)
        except MediaError as error:
            self.failed.emit(error_text(error))
            return
        self.frame_ready.emit(ReadyFrame(request, picture, display, source_rect))
