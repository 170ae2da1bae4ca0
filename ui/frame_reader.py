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
        self._pending: FrameRequest | None = None
        self._condition = threading.Condition()
        self._stopped = False
        self._retired: list[Video] = []
        self._thread = threading.Thread(target=self._run, name=f"reader-{video.path.name}", daemon=True)
        self._thread.start()

    def request(self, request: FrameRequest) -> None:
        with self._condition:
            self._pending = request
            self._condition.notify()

    def replace_video(self, video: Video, old: Video) -> None:
        """Read from ``video`` from now on; ``old`` is closed on this thread once no decode uses it."""
        with self._condition:
            self._video = video
            self._retired.append(old)
            self._condition.notify()

    def stop(self) -> None:
        with self._condition:
            self._stopped = True
            self._condition.notify()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            with self._condition:
                while self._pending is None and not self._stopped and not self._retired:
                    self._condition.wait()
                retired, self._retired = self._retired, []
                if self._stopped:
                    return
                request, self._pending = self._pending, None
                video = self._video
            for old in retired:
                old.close()
            if request is None:
                continue
            try:
                picture = video.frame(request.frame)
                display, source_rect = display_picture(picture, request)
            except MediaError as error:
                self.failed.emit(str(error))
                continue
            self.frame_ready.emit(ReadyFrame(request, picture, display, source_rect))
