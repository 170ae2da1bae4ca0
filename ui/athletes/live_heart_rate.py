"""Live heart rate in training: a tile per athlete (HR, % of max, zone colour, time in zone), logged to
the database as it arrives by ``athletes.live.LiveLogger`` on a worker thread."""

from __future__ import annotations

import asyncio
import logging
import time

from PyQt6.QtCore import QObject, Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from athletes.live import BleakStrap, LiveLogger, SimulatedStrap, Strap, ZoneClock
from athletes.models import Athlete
from athletes.records import thresholds
from matchdesk.errors import MatchdeskError
from ui.athletes.charts import zone_colour
from ui.athletes.model import AthletesModel
from ui.common.background import BackgroundCall
from ui.common.error_text import error_text
from ui.common.i18n import tr

logger = logging.getLogger(__name__)
SIMULATED = "simulated"


class LiveSamples(QObject):
    """Carries each notification from the logging thread to the GUI thread."""

    sample = pyqtSignal(int, int)  # athlete id, HR


class LiveTile(QFrame):
    def __init__(self, name: str, clock: ZoneClock) -> None:
        super().__init__()
        self.clock = clock
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumSize(210, 150)
        self.name = QLabel(name)
        self.name.setStyleSheet("font-size: 12pt; font-weight: 600; color: white;")
        self.hr = QLabel("--")
        self.hr.setStyleSheet("font-size: 34pt; font-weight: 700; color: white;")
        self.detail = QLabel()
        self.detail.setStyleSheet("font-size: 10pt; color: white;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.name)
        layout.addWidget(self.hr, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.detail)
        self.show_clock()

    def show_clock(self) -> None:
        clock = self.clock
        colour = zone_colour(clock.zone) if clock.hr is not None else "#607d8b"
        self.setStyleSheet(f"LiveTile {{ background: {colour}; border-radius: 8px; }}")
        if clock.hr is None:
            self.hr.setText("--")
            self.detail.setText(tr("waiting for the strap…"))
            return
        self.hr.setText(f"{clock.hr}")
        minutes, seconds = divmod(int(clock.seconds_in_current_zone), 60)
        self.detail.setText(
            tr("{percent:.0f}% of max · zone {zone} · {minutes}:{seconds:02d} in zone").format(
                percent=clock.percent_of_max or 0.0, zone=max(clock.zone, 1), minutes=minutes, seconds=seconds
            )
        )


class LiveHeartRateView(QWidget):
    """Choose athletes, start (a BLE strap address per athlete, or simulated straps), watch, stop."""

    def __init__(self, model: AthletesModel) -> None:
        super().__init__()
        self.model = model
        self.run: BackgroundCall | None = None
        self.logger: LiveLogger | None = None
        self.samples = LiveSamples()
        self.samples.sample.connect(self._sample)
        self.tiles: dict[int, LiveTile] = {}
        self.athletes = QListWidget()
        self.athletes.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.athletes.setMaximumWidth(280)
        self.start_button, self.stop_button = QPushButton(), QPushButton()
        self.start_button.clicked.connect(lambda: self.start())
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.setEnabled(False)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.grid = QGridLayout()
        side = QVBoxLayout()
        side.addWidget(self.hint)
        side.addWidget(self.athletes, stretch=1)
        side.addWidget(self.start_button)
        side.addWidget(self.stop_button)
        tiles = QWidget()
        tiles_layout = QVBoxLayout(tiles)
        tiles_layout.addLayout(self.grid)
        tiles_layout.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(side)
        layout.addWidget(tiles, stretch=1)
        model.roster_changed.connect(self._list_athletes)
        self.retranslate()

    def retranslate(self) -> None:
        self.start_button.setText(tr("Start logging"))
        self.stop_button.setText(tr("Stop and save"))
        self.hint.setText(
            tr(
                "Tick the athletes wearing a strap. Each athlete's strap is the Bluetooth address in"
                " the line's text after '@' (e.g. '@ C8:3F:...'); without one a simulated strap is used."
            )
        )
        for tile in self.tiles.values():
            tile.show_clock()

    def _list_athletes(self) -> None:
        if self.run is not None:
            return
        ticked = {a for a, _ in self.chosen()}
        self.athletes.clear()
        for row in self.model.rows:
            item = QListWidgetItem(row.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable)
            item.setCheckState(Qt.CheckState.Checked if row.athlete_id in ticked else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, row.athlete_id)
            self.athletes.addItem(item)

    def tick(self, athlete_ids: list[int]) -> None:
        for index in range(self.athletes.count()):
            item = self.athletes.item(index)
            assert item is not None
            wanted = item.data(Qt.ItemDataRole.UserRole) in athlete_ids
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    def chosen(self) -> list[tuple[int, str]]:
        """(athlete id, strap) of the ticked athletes; strap is a BLE address or ``simulated``."""
        found = []
        for index in range(self.athletes.count()):
            item = self.athletes.item(index)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                _, _, address = item.text().partition("@")
                found.append((int(item.data(Qt.ItemDataRole.UserRole)), address.strip() or SIMULATED))
        return found

    def start(self, simulated_speed: float = 1.0) -> BackgroundCall | None:
        chosen = self.chosen()
        if not chosen:
            QMessageBox.information(self, "matchdesk", tr("Tick at least one athlete."))
            return None
        straps: list[Strap] = [
            SimulatedStrap(seed=athlete_id, speed=simulated_speed)
            if strap == SIMULATED
            else BleakStrap(strap)
            for athlete_id, strap in chosen
        ]
        ids = [athlete_id for athlete_id, _ in chosen]
        live = LiveLogger(self.model.database, ids, straps, actor=self.model.actor)
        try:
            athlete_of_session = dict(zip(live.start(), ids, strict=True))
        except MatchdeskError as refused:  # no live consent, or not this user's athletes
            QMessageBox.warning(self, "matchdesk", error_text(refused))
            return None
        live.on_sample = lambda session_id, measurement: self.samples.sample.emit(
            athlete_of_session[session_id], measurement.hr
        )
        self._make_tiles(ids)
        self.logger = live
        self.run = BackgroundCall("live logging", lambda: asyncio.run(live.run()))
        self.run.done.connect(self._finished)
        self.run.failed.connect(self._failed)
        self.start_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.athletes.setEnabled(False)
        return self.run.start()

    def _make_tiles(self, athlete_ids: list[int]) -> None:
        for tile in self.tiles.values():
            tile.deleteLater()
        self.tiles.clear()
        with self.model.database.session() as session:
            for number, athlete_id in enumerate(athlete_ids):
                athlete = session.get(Athlete, athlete_id)
                assert athlete is not None
                limits = thresholds(athlete)
                clock = ZoneClock(limits.zone_bounds(), limits.hr_max)
                tile = LiveTile(athlete.name, clock)
                self.tiles[athlete_id] = tile
                self.grid.addWidget(tile, number // 4, number % 4)

    def _sample(self, athlete_id: int, hr: int) -> None:
        tile = self.tiles.get(athlete_id)
        if tile is not None:
            tile.clock.add(time.monotonic(), hr)
            tile.show_clock()

    def stop(self) -> None:
        if self.logger is not None:
            self.logger.stop()

    def _finished(self, stored: object) -> None:
        self._reset()
        logger.info("live sessions stored: %s", stored)
        self.model.refresh()

    def _failed(self, message: str) -> None:
        self._reset()
        QMessageBox.warning(self, "matchdesk", tr("Live logging stopped: {message}").format(message=message))
        self.model.refresh()

    def _reset(self) -> None:
        self.run, self.logger = None, None
        self.start_button.setEnabled(True)
        self.stop_button.setEnabled(False)
        self.athletes.setEnabled(True)
