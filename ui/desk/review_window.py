"""The review desk window: the angles, the timeline, the transport, the angles panel and the menus."""

from __future__ import annotations

import logging
from collections.abc import Callable
from fractions import Fraction
from functools import partial
from pathlib import Path

from PyQt6.QtCore import QByteArray, Qt, QTimer, pyqtSignal
from PyQt6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent
from PyQt6.QtWidgets import (
    QInputDialog,
    QLabel,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from matchdesk.settings import Settings, save_settings
from ui.common.i18n import FollowsLanguage, set_language, tr
from ui.desk.actions import (
    ACTIONS,
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
from ui.desk.other_windows import athletes_window, training_session_window
from ui.desk.proxies.part import ProxiesPart
from ui.desk.side_docks import SideDocks
from ui.desk.timeline import Timeline
from ui.desk.tools import ToolState
from ui.desk.tracking.overlay import TrackingLayers
from ui.desk.tracking.part import TrackingPart
from ui.desk.transport_bar import TransportBar
from ui.desk.var.incidents_panel import IncidentsPanel
from ui.desk.var.part import VarPart
from var.capture.recording import recording_of
from var.live_edge import LiveEdge
from var.playback import parse_goto
from var.review_recorder import ReviewRecorder
from var.review_session import ReviewSession

logger = logging.getLogger(__name__)


class ReviewWindow(FollowsLanguage, QMainWindow):
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
        # The features, each a part of its own; the window lays them out and wires their actions.
        self.var_part = VarPart(self, recorder)
        self.tracking_part = TrackingPart(self)
        self.proxies_part = ProxiesPart(self)
        for view in self.views:
            view.offside_source = self.var_part.offside_on
        self.athletes_window: QMainWindow | None = None
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
        self._closed = False
        self._restore_window()
        self.var_part.refresh_review()
        self.retranslate()
        self.built = True  # language changes are told from now on (FollowsLanguage)
        self._say_damaged_files()
        if offer_proxies and session.missing_proxies():
            QTimer.singleShot(0, self.proxies_part.offer)

    # --- the parts, as the rest of the desk and its tests reach them -------------------------

    @property
    def recorder(self) -> ReviewRecorder | None:
        return self.var_part.recorder

    @property
    def incidents_panel(self) -> IncidentsPanel:
        return self.var_part.incidents_panel

    @property
    def tracking(self) -> TrackingLayers:
        return self.tracking_part.layers

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
            **self.var_part.handlers(),
            **self.tracking_part.handlers(),
            "new_review": self.new_review_requested.emit,
            "build_proxies": self.proxies_part.offer,
            "athletes": self.open_athletes,
            "training_session": self.open_training_session,
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
                view.offside_source = self.var_part.offside_on
                view.tracking_layers = self.tracking_part.layers
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
        self.transport = TransportBar(self.playback, self.actions_by_id)

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.grid, stretch=1)
        column.addWidget(self.timeline)
        column.addWidget(self.transport)
        self.setCentralWidget(central)

        self.docks = SideDocks(
            self,
            self.angles_panel,
            self.incidents_panel,
            (self.tracking_part.minimap, self.tracking_part.coach),
            self.var_part.requests_panel,
        )
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

    def retranslate(self) -> None:
        self.setWindowTitle(f"matchdesk — {tr('Review')}: " + ", ".join(t.name for t in self.playback.angles))
        for spec in ACTIONS:
            action = self.actions_by_id[spec.id]
            action.setText(tr(spec.label))
            action.setToolTip(f"{tr(spec.label)} ({self.current_shortcuts()[spec.id]})")
        for group, menu in self.menus.items():
            menu.setTitle(tr(group))  # type: ignore[union-attr]
        self.docks.retranslate()
        self.var_part.requests_panel.retranslate()
        self.tracking_part.coach.refresh()
        self.angles_panel.retranslate()
        self.incidents_panel.retranslate()
        self.transport.retranslate()
        proxies = sum(video.uses_proxy for video in self.session.videos)
        self.status.setText(
            tr("Proxies: {ready} of {total} angles").format(ready=proxies, total=len(self.views))
        )
        self.timeline.update()
        for view in self.views:
            view.update()

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
        """The athletes window on the default database, made on the first call."""
        if self.athletes_window is None:
            self.athletes_window = athletes_window(self)
            if self.athletes_window is None:
                return self
        self.athletes_window.show()
        self.athletes_window.raise_()
        return self.athletes_window

    def open_training_session(self, folder: Path | None = None) -> QMainWindow | None:
        """A coach's training session (``matchdesk session new``) in its own window."""
        weights = Path(self.settings.tracking_weights) if self.settings.tracking_weights else None
        return training_session_window(self, weights, folder)

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
        self.proxies_part.close()
        for view in self.views:
            view.detach()
        for reader in self.readers:
            reader.stop()
        self.tracking_part.close()
        self.var_part.close()
        self.session.close()
        super().closeEvent(event)
