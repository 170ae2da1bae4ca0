"""The desk on a recording still being made: the timeline grows, a LIVE sign, replays from live.

The files are re-read twice a second on a worker thread (:meth:`var.live_edge.LiveEdge.refresh`);
the model is changed on the GUI thread, and the views follow it as always.
"""

from __future__ import annotations

import logging

from PyQt6.QtCore import QObject, QTimer, pyqtSignal
from PyQt6.QtWidgets import QLabel

from ui.common.i18n import tr
from var.latest_job import LatestJobThread
from var.live_edge import LiveEdge, LiveSnapshot

logger = logging.getLogger(__name__)

REFRESH_MILLISECONDS = 500


class LivePart(QObject):
    """Owns the live edge of one desk: its refresh loop, its sign in the status bar, its actions."""

    refreshed = pyqtSignal(object)  # LiveSnapshot, from the worker thread

    def __init__(self, live: LiveEdge) -> None:
        super().__init__()
        self.live = live
        self.sign = QLabel()
        self.sign.setObjectName("live_sign")
        self.refreshed.connect(self._apply)
        live.live_changed.connect(lambda following: self._show_sign())
        live.playback.frame_changed.connect(lambda frame: self._show_sign())
        self._worker: LatestJobThread[bool] = LatestJobThread("live-refresh", self._refresh)
        self.timer = QTimer(self)
        self.timer.timeout.connect(lambda: self._worker.submit(True))
        self.timer.start(REFRESH_MILLISECONDS)
        self._show_sign()

    def handlers(self) -> dict[str, object]:
        return {
            "last_frame": self.live.go_live,  # on a recording, the last frame is the live edge
            "replay_5s": lambda: self.live.replay(5),
            "replay_10s": lambda: self.live.replay(10),
        }

    def stop(self) -> None:
        self.timer.stop()
        self._worker.stop()

    def _refresh(self, _: bool) -> None:
        try:
            self.refreshed.emit(self.live.refresh())
        except Exception as error:  # a damaged tail must not stop the desk; the next refresh retries
            logger.warning("could not re-read the recording: %s", error)

    def _apply(self, snapshot: LiveSnapshot) -> None:
        self.live.apply(snapshot)
        self._show_sign()

    def _show_sign(self) -> None:
        live = self.live
        if live.following:
            text, colour = tr("● LIVE"), "#e02424"
        else:
            text, colour = (
                tr("{seconds:.1f} s behind live (End: back to live)").format(
                    seconds=float(live.seconds_behind)
                ),
                "#b26b00",
            )
        problems = [
            f"{angle['name']}: {angle['problem'] or tr('no signal')}"
            for angle in live.snapshot.status.get("angles", [])
            if not angle.get("connected", True)
        ]
        if live.recording is not None and not live.snapshot.recording_live and live.snapshot.status:
            text, colour = tr("Recording finished"), "#555555"
        angles = live.snapshot.status.get("angles", [])
        if angles:
            text += "  ·  " + tr("{dropped} dropped, {reconnects} reconnects").format(
                dropped=sum(a.get("dropped", 0) for a in angles),
                reconnects=sum(a.get("reconnects", 0) for a in angles),
            )
        if problems:
            text += "  ·  " + "; ".join(problems)
        self.sign.setText(text)
        self.sign.setToolTip("\n".join(_angle_line(angle) for angle in angles))
        self.sign.setStyleSheet(f"color: {colour}; font-weight: bold; padding: 0 8px;")


def _angle_line(angle: dict[str, object]) -> str:
    """One angle's capture, as the operator reads it: rate, bitrate, losses, delay."""
    return tr(
        "{name}: {frames} frames, {fps:.1f} fps, {mbps:.1f} Mb/s, {dropped} dropped, {repeated} repeated, "
        "{reconnects} reconnects, last frame {behind:.1f} s ago"
    ).format(
        name=angle.get("name", ""),
        frames=angle.get("frames", 0),
        fps=float(str(angle.get("fps", 0.0))),
        mbps=float(str(angle.get("bitrate_kbps", 0.0))) / 1000,
        dropped=angle.get("dropped", 0),
        repeated=angle.get("repeated", 0),
        reconnects=angle.get("reconnects", 0),
        behind=float(str(angle.get("seconds_since_last_frame") or 0.0)),
    )
