"""The proxies part of the desk: intra-frame proxies built in the background for instant scrubbing;
each angle switches to its proxy as soon as it is ready, without a frame lost on screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PyQt6.QtCore import Qt
from PyQt6.QtWidgets import QMessageBox, QProgressDialog

from ui.common.ask import ask_yes_no
from ui.common.i18n import tr
from ui.desk.proxies.job import ProxyJob

if TYPE_CHECKING:
    from ui.desk.review_window import ReviewWindow


class ProxiesPart:
    """Offers and builds the proxies the desk's angles lack."""

    def __init__(self, host: ReviewWindow) -> None:
        self.host = host
        self.job: ProxyJob | None = None

    def close(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.job.wait(10)

    def offer(self) -> None:
        missing = self.host.session.missing_proxies()
        if not missing or self.job is not None:
            return
        question = tr("{count} angle(s) have no proxy. Scrubbing is much faster with one. Build them now?")
        if ask_yes_no(self.host, tr("Build proxies?"), question.format(count=len(missing))):
            self.build(missing)

    def build(self, angles: list[int]) -> ProxyJob:
        """Start building proxies for ``angles`` in the background, with a progress dialog."""
        job = ProxyJob(
            {
                a: (self.host.session.videos[a].path, self.host.session.videos[a].info.frame_count)
                for a in angles
            }
        )
        progress = QProgressDialog(tr("Building proxies…"), tr("Cancel"), 0, job.total_frames, self.host)
        progress.setWindowModality(Qt.WindowModality.NonModal)
        progress.setMinimumDuration(0)
        progress.canceled.connect(job.cancel)
        job.progress.connect(lambda done, total: progress.setValue(done))
        job.angle_done.connect(self._proxy_ready)
        job.failed.connect(lambda message: QMessageBox.warning(self.host, tr("Proxy failed"), message))
        job.finished.connect(progress.close)
        job.finished.connect(self._proxy_job_finished)
        self.job = job
        self.progress = progress
        job.start()
        return job

    def _proxy_ready(self, angle: int) -> None:
        new, old = self.host.session.reopen(angle)
        self.host.readers[angle].replace_video(new, old)
        self.host.retranslate()

    def _proxy_job_finished(self) -> None:
        self.job = None
