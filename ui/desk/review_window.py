"""The review desk window: the angles, the timeline, the transport, the angles panel and the menus."""

from __future__ import annotations

import getpass
import logging
import threading
from collections.abc import Callable
from fractions import Fraction
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from PyQt6.QtCore import QByteArray, QEvent, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent
from PyQt6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from matchdesk.errors import MatchdeskError
from matchdesk.sample.match import default_sample_dir
from matchdesk.settings import Settings, save_settings
from tracking.pipeline import TrackingSettings, track_video
from tracking.tracks import Tracks
from ui.common.background import BackgroundCall, ProgressJob
from ui.common.i18n import set_language, tr
from ui.desk.actions import (
    ACTIONS,
    ACTIONS_BY_ID,
    ANGLES,
    DRAW,
    LIVE,
    PLAYBACK,
    REVIEW,
    SPEED_ACTIONS,
    TOOL_ACTIONS,
    VAR,
    VIEW,
)
from ui.desk.angle_grid import AngleGrid
from ui.desk.angle_view import AngleView, wait_until_up_to_date
from ui.desk.angles_panel import AnglesPanel
from ui.desk.dialogs import SettingsDialog
from ui.desk.frame_reader import FrameReader
from ui.desk.help_overlay import HelpOverlay
from ui.desk.live.part import LivePart
from ui.desk.live.referee_monitor import RefereeMonitor
from ui.desk.proxies.job import ProxyJob
from ui.desk.timeline import Timeline, TimelineMark
from ui.desk.tools import ToolState
from ui.desk.tracking.overlay import CoachView, PitchMinimap, TrackingLayers
from ui.desk.var.dialogs import DecisionDialog, IncidentDialog
from ui.desk.var.incidents_panel import IncidentsPanel
from ui.desk.var.offside_dialog import OffsideDialog
from var.capture.recording import recording_of
from var.export import ExportOptions, export_incident
from var.live_edge import LiveEdge
from var.playback import SLOW_MOTION, parse_goto
from var.report import write_incident_report
from var.review_record import IncidentId, IncidentType, Review
from var.review_recorder import ReviewRecorder, default_review_path
from var.review_session import ReviewSession
from var.sync import AngleOffset, sync_angles

DEMO_DETECTOR = "demo_detector.pt"  # trained on the sample match by `matchdesk tracking train`

logger = logging.getLogger(__name__)

_TRANSPORT = (
    "first_frame",
    "back_5s",
    "back_1s",
    "step_back",
    "play_backwards",
    "play_pause",
    "step_forward",
    "forward_1s",
    "forward_5s",
    "last_frame",
)


class ReviewWindow(QMainWindow):
    """One incident review. The playback model leads; every widget here follows it."""

    new_review_requested = pyqtSignal()

    def __init__(
        self,
        session: ReviewSession,
        settings: Settings,
        offer_proxies: bool = True,
        recorder: ReviewRecorder | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.recorder = recorder
        self.settings = settings
        self.playback = session.playback
        self.tools = ToolState()
        self.readers = [FrameReader(video) for video in session.videos]
        self.views = [
            AngleView(index, self.playback, session.drawings, reader, self.tools, track.name)
            for index, (reader, track) in enumerate(zip(self.readers, self.playback.angles, strict=True))
        ]
        self.grid = AngleGrid(self.playback, self.views)
        self.timeline = Timeline(self.playback)
        self.angles_panel = AnglesPanel(session)
        self.incidents_panel = IncidentsPanel()
        self.incidents_panel.jump_requested.connect(
            lambda incident: self.go_to_incident(IncidentId(incident))
        )
        self.tracking = TrackingLayers()
        for view in self.views:
            view.offside_source = self._offside_on
            view.tracking_layers = self.tracking
        self.tracking.changed.connect(lambda: [view.update() for view in self.views])
        self.minimap = PitchMinimap(self.tracking, self._main_angle_frame)
        self.coach = CoachView(self.tracking, float(self.playback.frame_rate))
        self.playback.frame_changed.connect(lambda frame: self.minimap.update())
        self.tracking_job: ProgressJob | None = None
        self.athletes_window: QMainWindow | None = None
        self.tracking_settings = TrackingSettings()
        self._jobs: list[BackgroundCall] = []
        recording = recording_of([Path(video.path) for video in session.videos])
        self.live: LivePart | None = (
            LivePart(LiveEdge(self.playback, session.videos, recording)) if recording is not None else None
        )
        self.referee_monitor: RefereeMonitor | None = None
        self.actions_by_id: dict[str, QAction] = {}
        self._build_actions()
        self._build_layout()
        self.help_overlay = HelpOverlay(self, self.current_shortcuts())
        self.clock = QTimer(self)
        self.clock.setTimerType(Qt.TimerType.PreciseTimer)
        self.clock.timeout.connect(self.playback.tick)
        self.playback.playing_changed.connect(self._playing_changed)
        self.playback.speed_changed.connect(lambda speed, direction: self._restart_clock())
        self.proxy_job: ProxyJob | None = None
        self._closed = False
        self._restore_window()
        self.refresh_review()
        self.retranslate()
        self._say_damaged_files()
        if offer_proxies and session.missing_proxies():
            QTimer.singleShot(0, self.offer_proxies)

    def _say_damaged_files(self) -> None:
        """Angles that opened although their file is damaged (a copy cut off) say so at once."""
        damaged = [
            tr("{file} ends early (a copy cut off?): its {frames} frames open, the rest is missing").format(
                file=Path(video.path).name, frames=video.info.frame_count
            )
            for video in self.session.videos
            if video.info.warning
        ]
        if damaged:
            self.statusBar().showMessage("; ".join(damaged))  # type: ignore[union-attr]

    # --- actions ----------------------------------------------------------------------------

    def _handlers(self) -> dict[str, Callable[[], object]]:
        p = self.playback
        handlers: dict[str, Callable[[], object]] = {
            "play_pause": p.toggle_play,
            "play_backwards": lambda: p.pause() if p.playing and p.direction < 0 else p.play(-1),
            "step_forward": lambda: p.step(1),
            "step_back": lambda: p.step(-1),
            "forward_1s": lambda: p.jump_seconds(Fraction(1)),
            "back_1s": lambda: p.jump_seconds(Fraction(-1)),
            "forward_5s": lambda: p.jump_seconds(Fraction(5)),
            "back_5s": lambda: p.jump_seconds(Fraction(-5)),
            "first_frame": lambda: p.seek(p.first_frame),
            "last_frame": lambda: p.seek(p.last_frame),
            "shuttle_back": lambda: p.shuttle(-1),
            "shuttle_stop": p.pause,
            "shuttle_forward": lambda: p.shuttle(1),
            "slower": p.slower,
            "faster": p.faster,
            "go_to": self.ask_go_to,
            "swap_main": p.swap_main,
            "toggle_layout": p.toggle_layout,
            "offset_minus": lambda: self._nudge_main_offset(-1),
            "offset_plus": lambda: self._nudge_main_offset(1),
            "reset_zoom": lambda: p.reset_zoom(),
            "loupe": self.tools.toggle_loupe,
            "help": self.toggle_help,
            "undo_drawing": self.session.drawings.undo,
            "clear_drawings": self._clear_drawings_here,
            "mark_incident": self.open_incident_dialog,
            "decide": self.open_decision_dialog,
            "offside_tool": self.open_offside_tool,
            "export_incident": self.export_selected_incident,
            "sync_angles": self.sync_angles,
            "track_players": self.track_main_angle,
            "track_all_angles": self.track_all_angles,
            "toggle_angle_tracking": lambda: self.tracking.toggle_angle(self.playback.main_angle),
            "toggle_boxes": partial(self.tracking.toggle, "boxes"),
            "toggle_ball": partial(self.tracking.toggle, "ball"),
            "toggle_skeletons": partial(self.tracking.toggle, "skeletons"),
            "new_review": self.new_review_requested.emit,
            "build_proxies": self.offer_proxies,
            "athletes": self.open_athletes,
            "settings": self.open_settings,
            "quit": self.close,
        }
        for angle in range(4):
            handlers[f"main_{angle + 1}"] = partial(p.make_main, angle)
        for action_id, speed in SPEED_ACTIONS.items():
            handlers[action_id] = partial(p.set_speed, speed)
        for action_id, tool in TOOL_ACTIONS.items():
            handlers[action_id] = partial(self.tools.set_tool, tool)
        handlers["referee_monitor"] = self.toggle_referee_monitor
        handlers["monitor_layout"] = self._toggle_monitor_layout
        # Live recordings: End returns to the live edge; replays start from it (files: from the end).
        handlers["replay_5s"] = handlers["replay_10s"] = lambda: None
        if self.live is not None:
            handlers.update(self.live.handlers())  # type: ignore[arg-type]
        return handlers

    def _toggle_monitor_layout(self) -> None:
        if self.referee_monitor is not None:
            self.referee_monitor.toggle_layout()

    def toggle_referee_monitor(self) -> RefereeMonitor:
        """Show the clean monitor for the referee beside the pitch, or hide it."""
        if self.referee_monitor is not None and self.referee_monitor.isVisible():
            self.referee_monitor.close()
            return self.referee_monitor
        if self.referee_monitor is None:
            self.referee_monitor = RefereeMonitor(self.playback, self.session.videos, self.session.drawings)
            for view in self.referee_monitor.views:
                view.offside_source = self._offside_on
                view.tracking_layers = self.tracking
        self.referee_monitor.show_on_pitch_side_screen()
        return self.referee_monitor

    def _build_actions(self) -> None:
        handlers = self._handlers()
        for spec in ACTIONS:
            action = QAction(self)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda checked=False, handler=handlers[spec.id]: handler())
            self.addAction(action)
            self.actions_by_id[spec.id] = action
        self.apply_shortcuts()

    def current_shortcuts(self) -> dict[str, str]:
        return {spec.id: self.settings.shortcuts.get(spec.id, spec.shortcut) for spec in ACTIONS}

    def apply_shortcuts(self) -> None:
        for action_id, shortcut in self.current_shortcuts().items():
            self.actions_by_id[action_id].setShortcut(QKeySequence(shortcut))

    def trigger(self, action_id: str) -> None:
        """Do what the action does (as its shortcut or menu entry would)."""
        self.actions_by_id[action_id].trigger()

    def _nudge_main_offset(self, frames: int) -> None:
        angle = self.playback.main_angle
        if angle != 0:
            self.playback.nudge_offset(angle, frames)

    def _clear_drawings_here(self) -> None:
        angle = self.playback.main_angle
        frame = self.playback.angle_frame(angle)
        if frame is not None:
            self.session.drawings.clear(angle, frame)

    # --- layout -----------------------------------------------------------------------------

    def _build_layout(self) -> None:
        self.transport_buttons: dict[str, QToolButton] = {}
        bar = QHBoxLayout()
        for action_id in _TRANSPORT:
            button = QToolButton()
            button.setDefaultAction(self.actions_by_id[action_id])
            button.setMinimumWidth(30)
            self.transport_buttons[action_id] = button
            bar.addWidget(button)
        bar.addSpacing(16)
        self.speed_label = QLabel()
        bar.addWidget(self.speed_label)
        self.speed_box = QComboBox()
        for speed in SLOW_MOTION:
            self.speed_box.addItem(f"×{speed}", speed)
        self.speed_box.setCurrentIndex(len(SLOW_MOTION) - 1)
        self.speed_box.activated.connect(
            lambda index: self.playback.set_speed(self.speed_box.itemData(index))
        )
        self.speed_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.playback.speed_changed.connect(self._speed_changed)
        bar.addWidget(self.speed_box)
        self.hint = QLabel()
        self.hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # first to give way
        bar.addWidget(self.hint, stretch=1)

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.grid, stretch=1)
        column.addWidget(self.timeline)
        column.addLayout(bar)
        self.setCentralWidget(central)

        self.angles_dock = QDockWidget(self)
        self.angles_dock.setObjectName("angles")
        self.angles_dock.setWidget(self.angles_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.angles_dock)
        self.incidents_dock = QDockWidget(self)
        self.incidents_dock.setObjectName("incidents")
        self.incidents_dock.setWidget(self.incidents_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.incidents_dock)
        self.tracking_dock = QDockWidget(self)
        self.tracking_dock.setObjectName("tracking")
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.minimap)
        column.addWidget(self.coach, stretch=1)
        self.tracking_dock.setWidget(holder)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.tracking_dock)
        self.tabifyDockWidget(self.incidents_dock, self.tracking_dock)
        self.incidents_dock.raise_()
        menu_bar = self.menuBar()
        assert menu_bar is not None
        self.menus = {
            group: menu_bar.addMenu("") for group in (REVIEW, PLAYBACK, ANGLES, VAR, LIVE, VIEW, DRAW)
        }
        for spec in ACTIONS:
            self.menus[spec.group].addAction(self.actions_by_id[spec.id])  # type: ignore[union-attr]
        self.status = QLabel()
        self.statusBar().addPermanentWidget(self.status)  # type: ignore[union-attr]
        if self.live is not None:
            self.statusBar().addPermanentWidget(self.live.sign)  # type: ignore[union-attr]

    def _speed_changed(self, speed: Fraction, direction: int) -> None:
        if speed in SLOW_MOTION:
            self.speed_box.setCurrentIndex(SLOW_MOTION.index(speed))
        self.timeline.update()

    def retranslate(self) -> None:
        self.setWindowTitle(f"matchdesk — {tr('Review')}: " + ", ".join(t.name for t in self.playback.angles))
        for spec in ACTIONS:
            action = self.actions_by_id[spec.id]
            action.setText(tr(spec.label))
            action.setToolTip(f"{tr(spec.label)} ({self.current_shortcuts()[spec.id]})")
        for action_id, button in self.transport_buttons.items():
            button.setText(ACTIONS_BY_ID[action_id].symbol)
        for group, menu in self.menus.items():
            menu.setTitle(tr(group))  # type: ignore[union-attr]
        self.angles_dock.setWindowTitle(tr("Angles"))
        self.incidents_dock.setWindowTitle(tr("Incidents"))
        self.tracking_dock.setWindowTitle(tr("Tracking"))
        self.coach.refresh()
        self.angles_panel.retranslate()
        self.incidents_panel.retranslate()
        self.speed_label.setText(tr("Speed"))
        self.hint.setText(tr("? shows every shortcut"))
        proxies = len(self.session.videos) - len(self.session.missing_proxies())
        self.status.setText(
            tr("Proxies: {ready} of {total} angles").format(ready=proxies, total=len(self.views))
        )
        self.timeline.update()
        for view in self.views:
            view.update()

    def changeEvent(self, event: QEvent | None) -> None:
        if event is not None and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent | None) -> None:
        super().resizeEvent(event)
        if self.help_overlay.isVisible():
            self.help_overlay.setGeometry(self.rect())

    # --- playing ----------------------------------------------------------------------------

    def _playing_changed(self, playing: bool) -> None:
        if playing:
            self._restart_clock()
        else:
            self.clock.stop()
        self.transport_buttons["play_pause"].setText("❚❚" if playing else "▶")

    def _restart_clock(self) -> None:
        if self.playback.playing:
            self.clock.start(max(1, round(float(self.playback.tick_interval()) * 1000)))
        self.timeline.update()

    # --- dialogs ----------------------------------------------------------------------------

    def ask_go_to(self) -> None:
        text, accepted = QInputDialog.getText(
            self,
            tr("Go to"),
            tr("Frame number, or match time such as 1:05.2 or 65.2s:"),
            text=str(self.playback.frame),
        )
        if accepted:
            self.go_to(text)

    def go_to(self, text: str) -> bool:
        """Seek to what the referee typed; says so in the status bar when it cannot be read."""
        try:
            self.playback.seek(parse_goto(text, self.playback.frame_rate))
        except ValueError:
            self.statusBar().showMessage(tr("Not a frame number or a time: {text}").format(text=text), 5000)  # type: ignore[union-attr]
            return False
        return True

    def toggle_help(self) -> None:
        if self.help_overlay.isVisible():
            self.help_overlay.hide()
        else:
            self.help_overlay.show_over_parent(self.current_shortcuts())

    def open_athletes(self) -> QMainWindow:
        """The athletes window on the default database (``MATCHDESK_DB`` or the data folder's SQLite)."""
        from athletes.database import Database
        from ui.athletes.model import AthletesModel
        from ui.athletes.window import AthletesWindow

        if self.athletes_window is None:
            try:
                database = Database()
            except MatchdeskError as error:
                QMessageBox.warning(self, "matchdesk", str(error))
                return self
            self.athletes_window = AthletesWindow(AthletesModel(database))
            self.athletes_window.resize(1400, 900)
        self.athletes_window.show()
        self.athletes_window.raise_()
        return self.athletes_window

    def open_settings(self) -> None:
        dialog = SettingsDialog(self, self.settings)
        if dialog.exec():
            self.apply_settings_from(dialog)

    def apply_settings_from(self, dialog: SettingsDialog) -> None:
        dialog.apply_to(self.settings)
        save_settings(self.settings)
        set_language(self.settings.language)
        self.apply_shortcuts()
        self.retranslate()

    def offer_proxies(self) -> None:
        missing = self.session.missing_proxies()
        if not missing or self.proxy_job is not None:
            return
        answer = QMessageBox.question(
            self,
            tr("Build proxies?"),
            tr("{count} angle(s) have no proxy. Scrubbing is much faster with one. Build them now?").format(
                count=len(missing)
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.build_proxies(missing)

    def build_proxies(self, angles: list[int]) -> ProxyJob:
        """Start building proxies for ``angles`` in the background, with a progress dialog."""
        job = ProxyJob(
            {a: (self.session.videos[a].path, self.session.videos[a].info.frame_count) for a in angles}
        )
        progress = QProgressDialog(tr("Building proxies…"), tr("Cancel"), 0, job.total_frames, self)
        progress.setWindowModality(Qt.WindowModality.NonModal)
        progress.setMinimumDuration(0)
        progress.canceled.connect(job.cancel)
        job.progress.connect(lambda done, total: progress.setValue(done))
        job.angle_done.connect(self._proxy_ready)
        job.failed.connect(lambda message: QMessageBox.warning(self, tr("Proxy failed"), message))
        job.finished.connect(progress.close)
        job.finished.connect(self._proxy_job_finished)
        self.proxy_job = job
        self.proxy_progress = progress
        job.start()
        return job

    def _proxy_ready(self, angle: int) -> None:
        new, old = self.session.reopen(angle)
        self.readers[angle].replace_video(new, old)
        self.retranslate()

    def _proxy_job_finished(self) -> None:
        self.proxy_job = None

    # --- the VAR workflow -------------------------------------------------------------------

    def reviewer(self) -> str:
        return self.settings.reviewer_name or getpass.getuser()

    def ensure_recorder(self) -> ReviewRecorder:
        """The review file, created in the user's data folder on the first record if none was given."""
        if self.recorder is None:
            paths = [video.path for video in self.session.videos]
            path = default_review_path(paths[0])
            review = Review.create(path, " / ".join(p.stem for p in paths), paths, self.reviewer())
            self.recorder = ReviewRecorder(review, self.session, self.reviewer())
            self.statusBar().showMessage(tr("Review file: {path}").format(path=path), 8000)  # type: ignore[union-attr]
        self.recorder.author = self.reviewer()
        return self.recorder

    def refresh_review(self) -> None:
        """Show what the review file holds now: incidents, marks on the timeline, offside lines."""
        if self.recorder is None:
            self.incidents_panel.show_state(
                None, tr("No review file yet: it is created with the first incident")
            )
            return
        state = self.recorder.state()
        self._review_state = state
        self.incidents_panel.show_state(
            state, tr("Review file: {path}").format(path=self.recorder.review.path)
        )
        self.timeline.set_marks(
            [TimelineMark(i.first_frame, i.last_frame, str(i.id)) for i in state.incidents.values()]
        )
        for view in self.views:
            view.update()

    def _offside_on(self, angle: int, frame: int) -> list[dict[str, Any]]:
        state = getattr(self, "_review_state", None)
        if state is None:
            return []
        return [a for a in state.offside.values() if a["angle"] == angle and a["frame"] == frame]

    def selected_incident(self) -> IncidentId | None:
        return self.incidents_panel.selected()

    def go_to_incident(self, incident: IncidentId) -> None:
        state = getattr(self, "_review_state", None)
        if state is not None and incident in state.incidents:
            self.playback.pause()
            self.playback.seek(state.incidents[incident].first_frame)
            self.incidents_panel.select(incident)

    def open_incident_dialog(self) -> None:
        p = self.playback
        half = int(p.frame_rate * 2)
        dialog = IncidentDialog(
            self,
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
            QMessageBox.warning(self, tr("Could not record"), str(error))
            return None
        self.refresh_review()
        self.incidents_panel.select(incident)
        return incident

    def open_decision_dialog(self) -> None:
        incident = self.selected_incident()
        if incident is None:
            self.statusBar().showMessage(tr("Mark an incident first (Ctrl+M)"), 5000)  # type: ignore[union-attr]
            return
        dialog = DecisionDialog(self, f"{tr('Incident')} {incident}", self.reviewer())
        if dialog.exec():
            if (
                dialog.reviewer.text().strip()
                and dialog.reviewer.text().strip() != self.settings.reviewer_name
            ):
                self.settings.reviewer_name = dialog.reviewer.text().strip()
                save_settings(self.settings)
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
            QMessageBox.warning(self, tr("Could not record"), str(error))
            return False
        self.refresh_review()
        self.statusBar().showMessage(tr("Decision recorded and signed"), 5000)  # type: ignore[union-attr]
        return True

    def open_offside_tool(self) -> OffsideDialog | None:
        incident = self.selected_incident()
        if incident is None:
            self.statusBar().showMessage(tr("Mark an incident first (Ctrl+M)"), 5000)  # type: ignore[union-attr]
            return None
        angle = self.playback.main_angle
        frame = self.playback.angle_frame(angle)
        if frame is None:
            self.statusBar().showMessage(tr("No picture at this moment"), 5000)  # type: ignore[union-attr]
            return None
        picture = np.asarray(self.session.videos[angle].frame(frame))
        weights = Path(self.settings.pose_weights) if self.settings.pose_weights else None
        dialog = OffsideDialog(self, picture, angle, frame, self.playback.frame, weights)
        if dialog.exec():
            self.record_offside(incident, dialog)
        return dialog

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
            self.statusBar().showMessage(tr("Mark an incident first (Ctrl+M)"), 5000)  # type: ignore[union-attr]
            return None
        if out_dir is None:
            start = self.settings.export_folder or str(Path.home())
            chosen = QFileDialog.getExistingDirectory(self, tr("Export to folder"), start)
            if not chosen:
                return None
            out_dir = Path(chosen)
            self.settings.export_folder = chosen
        self.recorder.record_offsets()
        review_path, language = self.recorder.review.path, self.settings.language
        rate = self.playback.frame_rate

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
            lambda files: self.statusBar().showMessage(  # type: ignore[union-attr]
                tr("Exported {count} files to {folder}").format(count=len(files), folder=out_dir), 10000
            ),
        )

    def sync_angles(self) -> BackgroundCall | None:
        if len(self.session.videos) < 2:
            return None
        paths = [video.path for video in self.session.videos]
        return self._start(tr("Syncing angles…"), lambda: sync_angles(paths), self._apply_sync)

    def _apply_sync(self, offsets: list[AngleOffset]) -> None:
        found, missing = [], []
        for angle, offset in enumerate(offsets[1:], start=1):
            if offset.offset_frames is None:
                missing.append(f"{angle + 1}")
                continue
            self.playback.set_offset(angle, offset.offset_frames)
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
        self.statusBar().showMessage(message, 15000)  # type: ignore[union-attr]
        self.refresh_review()

    def _start(self, label: str, call: Callable[[], Any], on_done: Callable[[Any], None]) -> BackgroundCall:
        job = BackgroundCall(label, call)
        job.done.connect(on_done)
        job.failed.connect(lambda message: QMessageBox.warning(self, label, message))
        self._jobs.append(job)
        self.statusBar().showMessage(label)  # type: ignore[union-attr]
        return job.start()

    # --- tracking ---------------------------------------------------------------------------

    def _main_angle_frame(self) -> tuple[int, int] | None:
        angle = self.playback.main_angle
        frame = self.playback.angle_frame(angle)
        return None if frame is None else (angle, frame)

    def tracking_weights(self) -> Path | None:
        if self.settings.tracking_weights:
            return Path(self.settings.tracking_weights)
        demo = default_sample_dir() / DEMO_DETECTOR
        return demo if demo.exists() else None

    def track_main_angle(self) -> ProgressJob | None:
        """Track the main angle in the background, with progress and cancel."""
        return self.track_angles([self.playback.main_angle])

    def track_all_angles(self) -> ProgressJob | None:
        """Track every angle, one after another, in one background job."""
        return self.track_angles(list(range(len(self.session.videos))))

    def track_angles(self, angles: list[int]) -> ProgressJob | None:
        """Track ``angles`` off the GUI thread; each angle's overlays appear when the job is done."""
        weights = self.tracking_weights()
        if weights is None:
            QMessageBox.information(
                self, tr("Tracking"), tr("Choose the YOLO weights for tracking in Settings")
            )
            return None
        if self.tracking_job is not None and not self.tracking_job.wait(0):
            self.statusBar().showMessage(tr("Tracking is already running"))  # type: ignore[union-attr]
            return None
        work = [(angle, self.session.videos[angle].path, self._calibration_of(angle)) for angle in angles]
        settings = self.tracking_settings

        def run(report: Callable[[int, int], None], cancel: threading.Event) -> list[tuple[int, Tracks]]:
            results = []
            for step, (angle, path, homography) in enumerate(work):

                def report_angle(done: int, total: int, step: int = step) -> None:
                    report(step * 1000 + int(1000 * done / max(1, total)), 1000 * len(work))

                tracks, _ = track_video(path, weights, settings, homography, report_angle, cancel)
                results.append((angle, tracks))
            return results

        job = ProgressJob("tracking", run)
        progress = QProgressDialog(tr("Tracking players and ball…"), tr("Cancel"), 0, 100, self)
        progress.setWindowModality(Qt.WindowModality.NonModal)
        progress.setMinimumDuration(0)
        progress.canceled.connect(job.cancel)
        job.progress.connect(lambda done, total: progress.setValue(int(100 * done / max(1, total))))
        job.done.connect(self._show_tracks)
        job.failed.connect(lambda message: QMessageBox.warning(self, tr("Tracking"), message))
        for signal in (job.done, job.failed):
            signal.connect(progress.close)
        self.tracking_job = job
        return job.start()

    def _show_tracks(self, results: list[tuple[int, Tracks]]) -> None:
        for angle, tracks in results:
            self.tracking.set_tracks(angle, tracks)

    def _calibration_of(self, angle: int) -> np.ndarray | None:
        """The homography of the latest offside calibration on ``angle`` (for pitch positions)."""
        state = getattr(self, "_review_state", None)
        if state is None:
            return None
        found = [a for a in state.offside.values() if a["angle"] == angle]
        return np.array(found[-1]["calibration"]["homography"]) if found else None

    # --- for the screenshot command and tests -----------------------------------------------

    def wait_until_shown(self, seconds: float = 15.0) -> bool:
        """Process events until every visible angle shows the frame the playhead asks for."""
        return wait_until_up_to_date(self.views, seconds)

    # --- window state -----------------------------------------------------------------------

    def _restore_window(self) -> None:
        if self.settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(self.settings.window_geometry.encode()))
        else:
            self.resize(1500, 950)
        if self.settings.window_state:
            self.restoreState(QByteArray.fromBase64(self.settings.window_state.encode()))

    def closeEvent(self, event: QCloseEvent | None) -> None:
        if self._closed:
            super().closeEvent(event)
            return
        self._closed = True
        if self.live is not None:
            self.live.stop()
        if self.referee_monitor is not None:
            self.referee_monitor.close()
        self.settings.window_geometry = bytes(self.saveGeometry().toBase64().data()).decode()
        self.settings.window_state = bytes(self.saveState().toBase64().data()).decode()
        save_settings(self.settings)
        self.clock.stop()
        if self.proxy_job is not None:
            self.proxy_job.cancel()
            self.proxy_job.wait(10)
        for view in self.views:
            view.detach()
        for reader in self.readers:
            reader.stop()
        for job in self._jobs:
            job.wait(30)
        if self.tracking_job is not None:
            self.tracking_job.cancel()
            self.tracking_job.wait(30)
        if self.recorder is not None:
            self.recorder.record_offsets()
            self.recorder.detach()
            self.recorder.review.close()
        self.session.close()
        super().closeEvent(event)
