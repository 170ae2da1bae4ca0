"""The training session's window: it assembles the video with the athletes' tags, the timeline and the
code window around one playhead, and implements none of them."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from fractions import Fraction

from PyQt6.QtCore import Qt
from PyQt6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PyQt6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from athletes.coding.events import CodeTimeline
from athletes.coding.store import save_timeline
from athletes.video_session.asking import Asked, first_question
from athletes.video_session.clocks import SyncPoint, parse_utc
from athletes.video_session.curves import AthleteCurves, session_curves
from athletes.video_session.folder import far_from_own_clock
from athletes.video_session.load import Window, athletes_load
from athletes.video_session.names import Click, add_click
from athletes.video_session.opened import OpenedSession
from athletes.video_session.records import SessionRecords
from athletes.video_session.resync import keep_clock, nudged, synced
from matchdesk.errors import MatchdeskError
from ui.common.ask import ask_yes_no
from ui.common.error_text import error_text
from ui.common.i18n import FollowsLanguage, tr
from ui.session.code_panel import CodePanel
from ui.session.events_panel import EventsPanel
from ui.session.load_dialog import LoadDialog
from ui.session.playhead import SessionPlayhead
from ui.session.session_bar import SessionBar
from ui.session.timeline_view import SessionTimeline
from ui.session.video_view import SessionVideoView
from var.media import Video, open_video


class SessionWindow(FollowsLanguage, QMainWindow):
    """One session on one angle: space plays and pauses, the arrows step a frame (Shift: a second);
    Ctrl with the arrows moves the video's clock against the straps by a frame (Ctrl+Shift: a second)."""

    def __init__(
        self,
        opened: OpenedSession,
        curves: list[AthleteCurves],
        timeline: CodeTimeline,
        records: SessionRecords | None = None,
    ) -> None:
        super().__init__()
        self.records = records  # with them, the load uses the athletes' records and can be stored
        angle = opened.angle
        self.playhead = SessionPlayhead(angle.frames, angle.frame_rate)
        self._video: Video = open_video(angle.video_path)
        self._opened = opened
        self._codes = timeline
        self.choose_athlete: Callable[[list[str]], str | None] = self._athlete_from_dialog
        self.asked: Asked | None = None
        self.tell: Callable[[str], None] = self._warn
        self.confirm: Callable[[str], bool] = self._confirm_from_dialog
        self.ask_time: Callable[[int, str], str | None] = self._time_from_dialog
        self.video = SessionVideoView(self._video, self.playhead, curves)
        self.video.picture_clicked.connect(self._ask_who)
        self.timeline = SessionTimeline(self.playhead, curves)
        self.timeline.show_events(timeline.events)
        self.codes = CodePanel(timeline, self.playhead, lambda t: save_timeline(opened.folder, t))
        self.events = EventsPanel(
            timeline, self.playhead, angle.video_path, lambda t: save_timeline(opened.folder, t)
        )
        self.codes.coded.connect(lambda _event: self._show_events())
        self.events.imported.connect(self._codes_imported)
        self.events.said.connect(lambda text: self.statusBar().showMessage(text))  # type: ignore[union-attr]
        self.events.problem.connect(lambda text: self.tell(text))
        self.codes.tell = lambda text: self.tell(text)

        upright = QSplitter(Qt.Orientation.Vertical)
        upright.addWidget(self.video)
        upright.addWidget(self.timeline)
        upright.setSizes([600, 400])
        self.bar = SessionBar(self.playhead, self.nudge, self._ask_sync)
        self.bar.show_offset(angle.nudge)
        watching = QWidget()
        column = QVBoxLayout(watching)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(upright, 1)
        column.addWidget(self.bar)
        self.load_button = QPushButton()
        self.load_button.clicked.connect(self.show_load)
        self.load: LoadDialog | None = None
        listing = QWidget()
        listed = QVBoxLayout(listing)
        listed.setContentsMargins(0, 0, 0, 0)
        listed.addWidget(self.events, 1)
        listed.addWidget(self.load_button)
        coding = QSplitter(Qt.Orientation.Vertical)
        coding.addWidget(self.codes)
        coding.addWidget(listing)
        coding.setSizes([250, 550])
        coding.setMaximumWidth(360)
        centre = QWidget()
        row = QHBoxLayout(centre)
        row.addWidget(watching, 1)
        row.addWidget(coding)
        self.setCentralWidget(centre)
        for keys, action in (
            ("Space", self.playhead.toggle),
            ("Right", lambda: self.playhead.step(1)),
            ("Left", lambda: self.playhead.step(-1)),
            ("Shift+Right", lambda: self.playhead.step(round(float(angle.frame_rate)))),
            ("Shift+Left", lambda: self.playhead.step(-round(float(angle.frame_rate)))),
            ("Ctrl+Right", lambda: self.nudge(1 / angle.frame_rate)),
            ("Ctrl+Left", lambda: self.nudge(-1 / angle.frame_rate)),
            ("Ctrl+Shift+Right", lambda: self.nudge(Fraction(1))),
            ("Ctrl+Shift+Left", lambda: self.nudge(Fraction(-1))),
            ("Escape", self._dismiss_question),
        ):
            QShortcut(QKeySequence(keys), self).activated.connect(action)
        self.retranslate()
        self.built = True  # language changes are told from now on (FollowsLanguage)
        self.playhead.frame_changed.emit(0)
        self._ask_next()  # a break left from the names given earlier is asked about at once

    def retranslate(self) -> None:
        session, angle = self._opened.session, self._opened.angle
        self.setWindowTitle(
            f"matchdesk — {tr('training session')} {session.team} {session.day.isoformat()} ({angle.name})"
        )
        self.codes.retranslate()
        self.timeline.retranslate()
        self.events.retranslate()
        self.bar.retranslate()
        self.load_button.setText(tr("Load per athlete…"))

    def show_load(self) -> LoadDialog:
        """Each named athlete's load, for the whole session or a code's events, in a window of its own."""
        codes = list(dict.fromkeys(e.code for e in self._codes.events))
        self.load = LoadDialog(self._load_of, codes, self, self._store if self.records else None)
        self.load.show()
        return self.load

    def _load_of(self, code: str | None) -> list[dict[str, object]]:
        """The load rows over the whole session (``code`` None) or ``code``'s events (worker thread)."""
        opened = self._opened
        if opened.pitch is None:
            raise MatchdeskError(
                f"angle {opened.angle.name} has no pitch: give it with session new --calibration"
            )
        angle = opened.angle
        window = (
            Window.whole(angle)
            if code is None
            else Window.of_code(code, self._codes.events, angle.frame_rate)
        )
        members = self.records.squad(list(opened.athletes)) if self.records else None
        return athletes_load(
            opened.athletes, angle, opened.names, opened.pitch, window, opened.straps, members
        )

    def _store(self, rows: list[dict[str, object]]) -> list[int]:
        """The shown load stored in the athletes' records, the names on the video confirmed (worker
        thread)."""
        assert self.records is not None
        angle = self._opened.angle
        label = str(rows[0]["window"]) if rows else "session"
        source = f"{self._opened.folder.resolve()} ({angle.name}, {label})"
        return self.records.store(rows, angle.utc_at(0), source)  # the athletes not named get nothing

    def _show_events(self) -> None:
        self.timeline.show_events(self._codes.events)
        self.events.refresh()

    def _codes_imported(self) -> None:
        self.codes.show_buttons()
        self.timeline.show_events(self._codes.events)

    def name_player(self, frame: int, at: tuple[float, float], athlete: str) -> None:
        """Names the player at ``at`` on ``frame`` as ``athlete`` (kept in the session), and shows him.

        Raises:
            MatchdeskError: no player there, or the athlete is named on another player seen then.
        """
        click = Click(self._opened.angle.name, frame, at, athlete)
        names = add_click(
            self._opened.folder,
            self._opened.tracks,
            float(self._opened.angle.frame_rate),
            click,
            self._opened.shirts,
        )
        self._opened = dataclasses.replace(self._opened, names=names)
        self._show_curves()
        self._ask_next()

    def _ask_next(self) -> None:
        """A break the tracker could not bridge alone: show where, mark who could be the athlete, and
        let the coach's next click on the picture answer."""
        self.asked = first_question(self._opened.tracks, self._opened.names)
        if self.asked is None:
            self.video.set_question(None)
            return
        self.playhead.pause()
        self.playhead.seek(self.asked.frame)
        self.video.set_question(self.asked.frame, self.asked.boxes)
        self.statusBar().showMessage(  # type: ignore[union-attr]
            tr("Which one is {athlete} after the break? Click him (Esc: none of them)").format(
                athlete=self.asked.athlete
            )
        )

    def _dismiss_question(self) -> None:
        if self.asked is not None:
            self._opened.names.answer(self._opened.names.questions[0], None)
            self._ask_next()
            if self.asked is None:
                self.statusBar().clearMessage()

    def nudge(self, seconds: Fraction) -> None:
        """Move the video ``seconds`` later against the straps (earlier when negative), kept in the
        session at once; each athlete's heart rate is placed again."""
        if self._moved(lambda: nudged(self._opened, seconds)):
            self.statusBar().showMessage(  # type: ignore[union-attr]
                tr("Video clock moved {step:+.3f} s (in all {total:+.3f} s) against the straps").format(
                    step=float(seconds), total=float(self._opened.angle.nudge)
                )
            )

    def add_sync_point(self, frame: int, wearable_time: str) -> bool:
        """``frame`` shows the moment ``wearable_time`` (ISO 8601) of the wearable data: the video's
        clock set by it, kept in the session, every strap placed again. A point that puts the video
        more than a minute from its file's own time is asked about (``confirm``) first."""
        try:
            point = SyncPoint(frame, parse_utc(wearable_time, "the wearable's time"))
            apart = far_from_own_clock(self._opened.angle, point)
        except MatchdeskError as error:
            self.tell(error_text(error))
            return False
        if apart is not None:
            question = tr(
                "This sync point puts the video {minutes:+.1f} minutes from what its file says. Keep it?"
            )
            if not self.confirm(question.format(minutes=apart / 60)):
                return False
        if not self._moved(lambda: synced(self._opened, point)):
            return False
        self.statusBar().showMessage(  # type: ignore[union-attr]
            tr("Frame {frame} set to {moment} of the straps ({count} sync points)").format(
                frame=frame, moment=wearable_time, count=len(self._opened.angle.sync_points)
            )
        )
        return True

    def _moved(self, move: Callable[[], OpenedSession]) -> bool:
        """The session on the clock ``move`` gives, kept and shown; a move off the straps is said and
        nothing changes."""
        try:
            moved = move()
        except MatchdeskError as error:
            self.tell(error_text(error))
            return False
        keep_clock(moved)
        self._opened = moved
        self._show_curves()
        self.bar.show_offset(moved.angle.nudge)
        return True

    def _ask_sync(self) -> None:
        """The coach marks the frame shown: at which moment of the wearable data is it?"""
        frame = self.playhead.frame
        try:
            shown = self._opened.angle.utc_at(frame).isoformat(timespec="milliseconds")
        except MatchdeskError:  # no clock yet: the coach types the moment
            shown = ""
        answer = self.ask_time(frame, shown)
        if answer:
            self.add_sync_point(frame, answer)

    def _time_from_dialog(self, frame: int, shown: str) -> str | None:
        text, given = QInputDialog.getText(
            self,
            tr("Sync point"),
            tr(
                "The moment frame {frame} shows in the wearable data (ISO 8601, e.g. a clap or a jump):"
            ).format(frame=frame),
            text=shown,
        )
        return text.strip() if given else None

    def _confirm_from_dialog(self, question: str) -> bool:
        return ask_yes_no(self, tr("Sync point"), question)

    def _show_curves(self) -> None:
        curves = session_curves(self._opened)
        self.video.set_curves(curves)
        self.timeline.set_curves(curves)

    def _warn(self, problem: str) -> None:
        QMessageBox.warning(self, tr("Who is this?"), problem)

    def _athlete_from_dialog(self, squad: list[str]) -> str | None:
        """The squad listed by name, with the shirt number where the session gives it."""
        worn = self._opened.session.shirt_numbers
        shown = [f"{name} ({worn[name]})" if name in worn else name for name in squad]
        item, chosen = QInputDialog.getItem(self, tr("Who is this?"), tr("Athlete:"), shown, 0, False)
        return squad[shown.index(item)] if chosen else None

    def _ask_who(self, frame: int, x: float, y: float) -> None:
        """The coach clicked a player: which athlete of the squad is he? (The one asked about, when a
        question stands.)"""
        squad = self._opened.athletes
        if self.asked is not None:
            athlete: str | None = self.asked.athlete
        else:
            athlete = self.choose_athlete(squad) if squad else None
        if athlete is None:
            return
        try:
            self.name_player(frame, (x, y), athlete)
        except MatchdeskError as error:
            self.tell(error_text(error))

    def closeEvent(self, event: QCloseEvent | None) -> None:
        self.playhead.pause()
        self.video.stop()
        self._video.close()
        super().closeEvent(event)
