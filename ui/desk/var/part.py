"""The VAR part of the desk: the review file, incidents, decisions, the offside tool, export, sync.

It keeps the review file (created on the first record when none was given) in step with the desk,
and shows what the file holds: the incidents panel, the marks on the timeline, the offside lines.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PyQt6.QtWidgets import QFileDialog, QMessageBox

from matchdesk.errors import MatchdeskError
from matchdesk.settings import save_settings
from tracking.offside.kick import Kick
from ui.common.background import BackgroundCall
from ui.common.error_text import error_text
from ui.common.i18n import tr
from ui.desk.requests.panel import RequestsPanel
from ui.desk.timeline import TimelineMark
from ui.desk.var.dialogs import DecisionDialog, IncidentDialog
from ui.desk.var.incidents_panel import IncidentsPanel
from ui.desk.var.offside_auto import SharedChecker
from ui.desk.var.offside_dialog import OffsideDialog
from var.export import ExportOptions, export_incident
from var.media import open_video
from var.report import write_incident_report
from var.review_record import Review
from var.review_recorder import ReviewRecorder, default_review_path
from var.review_requests import RequestId, RequestOutcome
from var.review_state import IncidentId, IncidentType, ReviewState
from var.sports.rules import NewRequest
from var.sync import AngleOffset, sync_angles

if TYPE_CHECKING:
    from ui.desk.review_window import ReviewWindow


class VarPart:
    """Everything the desk does with the review file."""

    def __init__(self, host: ReviewWindow, recorder: ReviewRecorder | None) -> None:
        self.host = host
        self.recorder = recorder
        self.review_state: ReviewState | None = None
        self.jobs: list[BackgroundCall] = []
        self.auto_checker: SharedChecker | None = None  # the offside tool's Auto, kept between uses
        self.incidents_panel = IncidentsPanel()
        self.incidents_panel.jump_requested.connect(
            lambda incident: self.go_to_incident(IncidentId(incident))
        )
        self.requests_panel = RequestsPanel(self.ask_for_review, self.decide_request)

    def handlers(self) -> dict[str, Callable[[], object]]:
        return {
            "mark_incident": self.open_incident_dialog,
            "decide": self.open_decision_dialog,
            "offside_tool": self.open_offside_tool,
            "find_pass": self.find_pass,
            "export_incident": self.export_selected_incident,
            "sync_angles": self.sync_angles,
        }

    def close(self) -> None:
        for job in self.jobs:
            job.wait(30)
        if self.recorder is not None:
            self.recorder.record_offsets()
            self.recorder.detach()
            self.recorder.review.close()

    def reviewer(self) -> str:
        return self.host.settings.reviewer_name or getpass.getuser()

    def ensure_recorder(self) -> ReviewRecorder:
        """The review file, created in the user's data folder on the first record if none was given."""
        if self.recorder is None:
            paths = [video.path for video in self.host.session.videos]
            path = default_review_path(paths[0])
            review = Review.create(path, " / ".join(p.stem for p in paths), paths, self.reviewer())
            self.recorder = ReviewRecorder(review, self.host.session, self.reviewer())
            self.host.statusBar().showMessage(tr("Review file: {path}").format(path=path), 8000)  # type: ignore[union-attr]
        self.recorder.author = self.reviewer()
        return self.recorder

    def refresh_review(self) -> None:
        """Show what the review file holds now: incidents, marks on the timeline, offside lines."""
        if self.recorder is None:
            self.incidents_panel.show_state(
                None, tr("No review file yet: it is created with the first incident")
            )
            self.requests_panel.show_state(None)
            return
        state = self.recorder.state()
        self.review_state = state
        self.requests_panel.show_state(state)
        self.incidents_panel.show_state(
            state, tr("Review file: {path}").format(path=self.recorder.review.path)
        )
        self.host.timeline.set_marks(
            [TimelineMark(i.first_frame, i.last_frame, str(i.id)) for i in state.incidents.values()]
        )
        for view in self.host.views:
            view.update()

    def ask_for_review(self, new: NewRequest) -> None:
        """Log a side's review request (a refusal is logged too, and raised with the rule)."""
        recorder = self.ensure_recorder()
        try:
            recorder.review.ask(new, self.reviewer(), frame=self.host.playback.frame)
        finally:
            self.refresh_review()

    def decide_request(self, request: RequestId, outcome: RequestOutcome) -> None:
        self.ensure_recorder().review.record_request_outcome(request, outcome, "", self.reviewer())
        self.refresh_review()

    def offside_on(self, angle: int, frame: int) -> list[dict[str, Any]]:
        state = self.review_state
        if state is None:
            return []
        return [a for a in state.offside.values() if a["angle"] == angle and a["frame"] == frame]

    def selected_incident(self) -> IncidentId | None:
        return self.incidents_panel.selected()

    def go_to_incident(self, incident: IncidentId) -> None:
        state = self.review_state
        if state is not None and incident in state.incidents:
            self.host.playback.pause()
            self.host.playback.seek(state.incidents[incident].first_frame)
            self.incidents_panel.select(incident)

    def open_incident_dialog(self) -> None:
        p = self.host.playback
        half = int(p.frame_rate * 2)
        dialog = IncidentDialog(
            self.host,
            max(p.first_frame, p.frame - half),
            min(p.last_frame, p.frame + half),
            p.first_frame,
            p.last_frame,
        )
        if dialog.exec():
            self.record_incident(
                dialog.incident_type(),
                dialog.first.value(),
                dialog.last.value(),
                dialog.player_list(),
                dialog.notes.text(),
            )

    def record_incident(
        self, kind: IncidentType, first: int, last: int, players: list[str], notes: str
    ) -> IncidentId | None:
        recorder = self.ensure_recorder()
        try:
            recorder.record_offsets()
            incident = recorder.review.add_incident(kind, first, last, players, notes, self.reviewer())
        except MatchdeskError as error:
            QMessageBox.warning(self.host, tr("Could not record"), error_text(error))
            return None
        self.refresh_review()
        self.incidents_panel.select(incident)
        return incident

    def open_decision_dialog(self) -> None:
        incident = self.selected_incident()
        if incident is None:
            self.host.statusBar().showMessage(tr("Mark an incident first (Ctrl+M)"), 5000)  # type: ignore[union-attr]
            return
        dialog = DecisionDialog(self.host, f"{tr('Incident')} {incident}", self.reviewer())
        if dialog.exec():
            if (
                dialog.reviewer.text().strip()
                and dialog.reviewer.text().strip() != self.host.settings.reviewer_name
            ):
                self.host.settings.reviewer_name = dialog.reviewer.text().strip()
                save_settings(self.host.settings)
            self.record_decision(
                incident,
                dialog.on_field.currentText(),
                dialog.recommendation.currentText(),
                dialog.final.currentText(),
                dialog.reason.text(),
            )

    def record_decision(
        self, incident: IncidentId, on_field: str, recommendation: str, final: str, reason: str
    ) -> bool:
        recorder = self.ensure_recorder()
        try:
            recorder.record_offsets()
            recorder.review.record_decision(
                incident, on_field, recommendation, final, reason, self.reviewer()
            )
        except MatchdeskError as error:
            QMessageBox.warning(self.host, tr("Could not record"), error_text(error))
            return False
        self.refresh_review()
        self.host.statusBar().showMessage(tr("Decision recorded and signed"), 5000)  # type: ignore[union-attr]
        return True

    def open_offside_tool(self) -> OffsideDialog | None:
        incident = self.selected_incident()
        if incident is None:
            self.host.statusBar().showMessage(tr("Mark an incident first (Ctrl+M)"), 5000)  # type: ignore[union-attr]
            return None
        angle = self.host.playback.main_angle
        frame = self.host.playback.angle_frame(angle)
        if frame is None:
            self.host.statusBar().showMessage(tr("No picture at this moment"), 5000)  # type: ignore[union-attr]
            return None
        picture = np.asarray(self.host.session.videos[angle].frame(frame))
        weights = Path(self.host.settings.pose_weights) if self.host.settings.pose_weights else None
        if self.auto_checker is None or self.auto_checker.pose_weights != weights:
            self.auto_checker = SharedChecker(weights)
        dialog = OffsideDialog(
            self.host,
            picture,
            angle,
            frame,
            self.host.playback.frame,
            weights,
            frame_rate=self.host.session.videos[angle].info.frame_rate,
            auto_checker=self.auto_checker,
            footage=str(self.host.session.videos[angle].path),
        )
        if dialog.exec():
            self.record_offside(incident, dialog)
        return dialog

    def find_pass(self) -> BackgroundCall | None:
        """Find the frame the pass is played on, within a second of the playhead on the main angle
        (from the ball's track), and go there: the offside check opens on it."""
        angle = self.host.playback.main_angle
        frame = self.host.playback.angle_frame(angle)
        weights = self.host.tracking_part.tracking_weights()
        if frame is None or weights is None:
            self.host.statusBar().showMessage(  # type: ignore[union-attr]
                tr("No picture at this moment")
                if frame is None
                else tr("Set the tracking weights in Settings"),
                5000,
            )
            return None
        video = self.host.session.videos[angle]
        second = round(float(video.info.frame_rate))
        first, last = max(0, frame - second), min(video.info.frame_count - 1, frame + second)
        playhead = self.host.playback.frame

        def look() -> Kick:
            from tracking.detector import Detector
            from tracking.offside.kick import find_kick

            with open_video(video.path, read_ahead=0) as own:  # the desk's readers keep theirs
                return find_kick(own, first, last, Detector(weights))

        def go(kick: Kick) -> None:
            if kick.frame is None:
                self.host.statusBar().showMessage(kick.problem, 8000)  # type: ignore[union-attr]
                return
            self.host.playback.pause()
            self.host.playback.seek(playhead + kick.frame - frame)
            self.host.statusBar().showMessage(  # type: ignore[union-attr]
                tr("The pass is played on frame {frame}").format(frame=kick.frame), 8000
            )

        return self._start(tr("Finding the pass…"), look, go)

    def record_offside(self, incident: IncidentId, dialog: OffsideDialog) -> bool:
        analysis = dialog.analysis()
        if analysis is None:
            return False
        recorder = self.ensure_recorder()
        recorder.record_offsets()
        recorder.review.record_offside(incident, analysis, self.reviewer())
        self.refresh_review()
        return True

    def export_selected_incident(self, out_dir: Path | None = None) -> BackgroundCall | None:
        incident = self.selected_incident()
        if incident is None or self.recorder is None:
            self.host.statusBar().showMessage(tr("Mark an incident first (Ctrl+M)"), 5000)  # type: ignore[union-attr]
            return None
        if out_dir is None:
            start = self.host.settings.export_folder or str(Path.home())
            chosen = QFileDialog.getExistingDirectory(self.host, tr("Export to folder"), start)
            if not chosen:
                return None
            out_dir = Path(chosen)
            self.host.settings.export_folder = chosen
        self.recorder.record_offsets()
        review_path, language = self.recorder.review.path, self.host.settings.language
        rate = self.host.playback.frame_rate

        def export() -> list[Path]:
            result = export_incident(review_path, incident, out_dir, ExportOptions(language=language))
            report = write_incident_report(
                review_path,
                incident,
                result.stills,
                out_dir / f"incident_{incident}_report_{language}.pdf",
                language,
                rate,
            )
            return [*result.clips, *(p for p in [result.split_screen] if p), *result.stills, report]

        return self._start(
            tr("Exporting…"),
            export,
            lambda files: self.host.statusBar().showMessage(  # type: ignore[union-attr]
                tr("Exported {count} files to {folder}").format(count=len(files), folder=out_dir), 10000
            ),
        )

    def sync_angles(self) -> BackgroundCall | None:
        if len(self.host.session.videos) < 2:
            return None
        paths = [video.path for video in self.host.session.videos]
        return self._start(tr("Syncing angles…"), lambda: sync_angles(paths), self._apply_sync)

    def _apply_sync(self, offsets: list[AngleOffset]) -> None:
        found, missing = [], []
        for angle, offset in enumerate(offsets[1:], start=1):
            if offset.offset_frames is None:
                missing.append(f"{angle + 1}")
                continue
            self.host.playback.set_offset(angle, offset.offset_frames)
            found.append(f"{angle + 1}: {offset.offset_frames:+d} ({offset.method})")
            recorder = self.ensure_recorder()
            if recorder.review.state().offsets[angle] != offset.offset_frames:
                recorder.review.set_offset(
                    angle, offset.offset_frames, offset.method, offset.confidence, self.reviewer()
                )
        message = tr("Synced: {found}").format(found=", ".join(found) or "—")
        if missing:
            message += "; " + tr("no reliable offset for angle {angles}: set it by hand").format(
                angles=", ".join(missing)
            )
        self.host.statusBar().showMessage(message, 15000)  # type: ignore[union-attr]
        self.refresh_review()

    def _start(self, label: str, call: Callable[[], Any], on_done: Callable[[Any], None]) -> BackgroundCall:
        job = BackgroundCall(label, call)
        job.done.connect(on_done)
        job.failed.connect(lambda message: QMessageBox.warning(self.host, label, message))
        self.jobs.append(job)
        self.host.statusBar().showMessage(label)  # type: ignore[union-attr]
        return job.start()
