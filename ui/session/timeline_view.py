"""Under the video: each chosen athlete's heart rate over his zones (shaded), their speed from the video,
and the coded events as rows. A click on any of them moves the video there; a line follows the playhead."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from itertools import pairwise

import numpy as np
import pyqtgraph as pg
from PyQt6.QtCore import QRectF
from PyQt6.QtGui import QColor

from athletes.coding.events import CodedEvent
from athletes.video_session.curves import AthleteCurves
from ui.common.i18n import tr
from ui.session.playhead import SessionPlayhead
from ui.session.video_view import athlete_colour

ZONE_COLOURS = ("#3b82f633", "#22c55e33", "#eab30833", "#f9731633", "#ef444433")  # zones 1-5, translucent
EVENT_COLOURS = ("#60a5fa", "#f472b6", "#34d399", "#fbbf24", "#a78bfa", "#f87171")


class SessionTimeline(pg.GraphicsLayoutWidget):  # type: ignore[misc]  # pyqtgraph ships no type hints
    """The curves and the events of one session, on the video's time (seconds)."""

    def __init__(self, playhead: SessionPlayhead, curves: Sequence[AthleteCurves]) -> None:
        super().__init__()
        self.setBackground("#1b1b1b")
        self._playhead = playhead
        self._rate = float(playhead.frame_rate)
        seconds = np.arange(playhead.frame_count) / self._rate
        self._lines: list[pg.InfiniteLine] = []
        self._plots: list[pg.PlotItem] = []
        self._titles: list[Callable[[], str]] = []
        self._seconds = seconds
        self._hr_items: list[pg.PlotDataItem] = []  # per athlete, in the order of the curves
        self._speed_items: list[pg.PlotDataItem] = []
        for index, athlete in enumerate(curves):
            plot = self._add_plot(partial(_heart_rate_title, athlete.athlete))
            bounds = athlete.zone_bounds
            for zone, (low, high) in enumerate(pairwise(bounds)):
                band = pg.LinearRegionItem((low, high), orientation="horizontal", movable=False)
                band.setBrush(pg.mkBrush(ZONE_COLOURS[zone % len(ZONE_COLOURS)]))
                band.setZValue(-10)
                for edge in band.lines:
                    edge.setPen(pg.mkPen(None))
                plot.addItem(band)
            pen = pg.mkPen(athlete_colour(index), width=2)
            self._hr_items.append(plot.plot(seconds, athlete.hr, pen=pen, connect="finite"))
            plot.setYRange(bounds[0] - 10, bounds[-1] + 5)
        speed = self._add_plot(lambda: f"{tr('speed from the video')} (km/h)")
        for index, athlete in enumerate(curves):
            pen = pg.mkPen(athlete_colour(index), width=2)
            self._speed_items.append(speed.plot(seconds, athlete.speed_kmh, pen=pen, connect="finite"))
        self._events = self._add_plot(lambda: tr("coded events"))
        self._events.getAxis("left").setStyle(showValues=False)
        self._event_items: list[pg.GraphicsObject] = []
        for plot in self._plots[1:]:
            plot.setXLink(self._plots[0])
        self._plots[0].setXRange(0, seconds[-1] if len(seconds) else 1, padding=0)
        playhead.frame_changed.connect(self._follow)

    def set_curves(self, curves: Sequence[AthleteCurves]) -> None:
        """The same athletes' curves again, drawn in place (after a nudge moved the straps against the
        video): the plots stay, so nothing of pyqtgraph's is torn down while the window lives."""
        for item, athlete in zip(self._hr_items, curves, strict=True):
            item.setData(self._seconds, athlete.hr, connect="finite")
        for item, athlete in zip(self._speed_items, curves, strict=True):
            item.setData(self._seconds, athlete.speed_kmh, connect="finite")

    def show_events(self, events: Sequence[CodedEvent]) -> None:
        """One row per code, a bar per event."""
        for item in self._event_items:
            self._events.removeItem(item)
        self._event_items = []
        rows = {
            code: row
            for row, code in enumerate(dict.fromkeys(e.code for e in sorted(events, key=lambda e: e.start)))
        }
        for event in events:
            row = rows[event.code]
            colour = QColor(EVENT_COLOURS[row % len(EVENT_COLOURS)])
            bar = pg.QtWidgets.QGraphicsRectItem(
                QRectF(float(event.start), row + 0.1, float(event.duration) or 0.05, 0.8)
            )
            bar.setBrush(pg.mkBrush(colour))
            bar.setPen(pg.mkPen(None))
            self._events.addItem(bar)
            label = pg.TextItem(event.code, color="#ffffff", anchor=(0, 0.5))
            label.setPos(float(event.start), row + 0.5)
            self._events.addItem(label)
            self._event_items += [bar, label]
        self._events.setYRange(0, max(1, len(rows)), padding=0.05)

    def retranslate(self) -> None:
        for plot, title in zip(self._plots, self._titles, strict=True):
            plot.setTitle(title(), size="9pt", color="#dddddd")

    def _add_plot(self, title: Callable[[], str]) -> pg.PlotItem:
        """A plot under the others, titled in the interface's language (``title`` is asked again on a
        language change)."""
        plot = self.addPlot(row=len(self._plots), col=0)
        plot.setTitle(title(), size="9pt", color="#dddddd")
        self._titles.append(title)
        plot.showGrid(x=True, y=False, alpha=0.2)
        plot.setMouseEnabled(x=True, y=False)
        line = pg.InfiniteLine(0, angle=90, pen=pg.mkPen("#ffffff", width=1))
        plot.addItem(line)
        plot.scene().sigMouseClicked.connect(self._clicked) if not self._plots else None
        self._lines.append(line)
        self._plots.append(plot)
        return plot

    def _clicked(self, event: object) -> None:
        """A click on a curve or a row moves the video there."""
        position = event.scenePos()  # type: ignore[attr-defined]
        for plot in self._plots:
            if plot.sceneBoundingRect().contains(position):
                seconds = plot.vb.mapSceneToView(position).x()
                self._playhead.seek_seconds(float(seconds))
                return

    def _follow(self, frame: int) -> None:
        at = frame / self._rate
        for line in self._lines:
            line.setValue(at)


def _heart_rate_title(athlete: str) -> str:
    return f"{athlete} · {tr('heart rate')} (bpm)"
