"""The tracking part of the desk: players and ball tracked off the GUI thread, their overlays on
every angle, the pitch minimap and the coach's view (distances, speeds, heatmaps)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QMessageBox, QProgressDialog

from matchdesk.sample.match import default_sample_dir
from tracking.pipeline import track_video
from tracking.settings import TrackingSettings
from tracking.tracks import Tracks
from ui.common.background import ProgressJob
from ui.common.i18n import tr
from ui.desk.tracking.overlay import CoachView, PitchMinimap, TrackingLayers

if TYPE_CHECKING:
    from ui.desk.review_window import ReviewWindow

DEMO_DETECTOR = "demo_detector.pt"  # trained on the sample match by `matchdesk tracking train`


logger = logging.getLogger(__name__)


class TrackingPart:
    """Tracking jobs and what they show."""

    def __init__(self, host: ReviewWindow) -> None:
        self.host = host
        self.layers = TrackingLayers()
        self.settings = TrackingSettings(every=_every(host.settings.tracking_every))
        self.job: ProgressJob | None = None
        for view in host.views:
            view.tracking_layers = self.layers
        self.layers.changed.connect(lambda: [view.update() for view in host.views])
        self.minimap = PitchMinimap(self.layers, self.main_angle_frame)
        self.coach = CoachView(self.layers, float(host.playback.frame_rate))
        host.playback.frame_changed.connect(lambda frame: self.minimap.update())

    def handlers(self) -> dict[str, Callable[[], object]]:
        return {
            "track_players": self.track_main_angle,
            "track_all_angles": self.track_all_angles,
            "toggle_angle_tracking": lambda: self.layers.toggle_angle(self.host.playback.main_angle),
            "toggle_boxes": partial(self.layers.toggle, "boxes"),
            "toggle_ball": partial(self.layers.toggle, "ball"),
            "toggle_skeletons": partial(self.layers.toggle, "skeletons"),
        }

    def close(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.job.wait(30)

    def main_angle_frame(self) -> tuple[int, int] | None:
        angle = self.host.playback.main_angle
        frame = self.host.playback.angle_frame(angle)
        return None if frame is None else (angle, frame)

    def tracking_weights(self) -> Path | None:
        if self.host.settings.tracking_weights:
            return Path(self.host.settings.tracking_weights)
        demo = default_sample_dir() / DEMO_DETECTOR
        return demo if demo.exists() else None

    def track_main_angle(self) -> ProgressJob | None:
        """Track the main angle in the background, with progress and cancel."""
        return self.track_angles([self.host.playback.main_angle])

    def track_all_angles(self) -> ProgressJob | None:
        """Track every angle, one after another, in one background job."""
        return self.track_angles(list(range(len(self.host.session.videos))))

    def track_angles(self, angles: list[int]) -> ProgressJob | None:
        """Track ``angles`` off the GUI thread; each angle's overlays appear when the job is done."""
        weights = self.tracking_weights()
        if weights is None:
            QMessageBox.information(
                self.host, tr("Tracking"), tr("Choose the YOLO weights for tracking in Settings")
            )
            return None
        if self.job is not None and not self.job.wait(0):
            self.host.statusBar().showMessage(tr("Tracking is already running"))  # type: ignore[union-attr]
            return None
        work = [(angle, self.host.session.videos[angle].path, self.calibration_of(angle)) for angle in angles]
        settings = self.settings

        def run(report: Callable[[int, int], None], cancel: threading.Event) -> list[tuple[int, Tracks]]:
            results = []
            for step, (angle, path, homography) in enumerate(work):

                def report_angle(done: int, total: int, step: int = step) -> None:
                    report(step * 1000 + int(1000 * done / max(1, total)), 1000 * len(work))

                tracks, _ = track_video(path, weights, settings, homography, report_angle, cancel)
                results.append((angle, tracks))
            return results

        job = ProgressJob("tracking", run)
        progress = QProgressDialog(tr("Tracking players and ball…"), tr("Cancel"), 0, 100, self.host)
        progress.setWindowModality(Qt.WindowModality.NonModal)
        progress.setMinimumDuration(0)
        progress.canceled.connect(job.cancel)
        job.progress.connect(lambda done, total: progress.setValue(int(100 * done / max(1, total))))
        job.done.connect(self._show_tracks)
        job.failed.connect(lambda message: QMessageBox.warning(self.host, tr("Tracking"), message))
        for signal in (job.done, job.failed):
            signal.connect(progress.close)
        self.job = job
        return job.start()

    def _show_tracks(self, results: list[tuple[int, Tracks]]) -> None:
        for angle, tracks in results:
            self.layers.set_tracks(angle, tracks)

    def calibration_of(self, angle: int) -> np.ndarray | None:
        """The homography of the latest offside calibration on ``angle`` (for pitch positions)."""
        state = self.host.var_part.review_state
        if state is None:
            return None
        found = [a for a in state.offside.values() if a["angle"] == angle]
        return np.array(found[-1]["calibration"]["homography"]) if found else None


def _every(value: object) -> int:
    """The saved "detect every k-th frame", or the default when the settings file holds nonsense."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 30:
        return value
    logger.warning(
        "tracking_every %r in the settings is not 1-30: detecting every %d frames",
        value,
        TrackingSettings.every,
    )
    return TrackingSettings.every
