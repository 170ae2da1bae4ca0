"""The athlete page's plots (pyqtgraph): a session's heart rate over its zones and its speed; load and
ACWR over the season; the HRV trend against its normal band; wellness answers."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PyQt6.QtCore import Qt
from PyQt6.QtGui import QColor

from athletes.dashboard import AthleteSeason
from athletes.overview import SessionChart
from ui.common.i18n import current_language, tr

# Zone colours as coaches know them from watch faces: grey, blue, green, orange, red.
ZONE_COLOURS = ("#9e9e9e", "#4a90d9", "#43a047", "#fb8c00", "#e53935")
WELLNESS_ITEMS = ("sleep_quality", "fatigue", "soreness", "stress", "mood")

CHRONIC_DAYS = 28
CLEARANCE = 0.8  # of its spacing: a finer tick this near a coarser one (a day to a month) is left out
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

pg.setConfigOptions(antialias=True, background="w", foreground="#333333")


def zone_colour(zone: int) -> str:
    """Colour of zone 1..5 (below zone 1 is drawn as zone 1)."""
    return ZONE_COLOURS[min(max(zone, 1), 5) - 1]


def _band(x0: float, x1: float, low: float, high: float, brush: QColor) -> pg.FillBetweenItem:
    """A shaded horizontal band from ``x0`` to ``x1`` (a zone, a normal range)."""
    bottom = pg.PlotDataItem([x0, x1], [low, low], pen=pg.mkPen(None))
    top = pg.PlotDataItem([x0, x1], [high, high], pen=pg.mkPen(None))
    return pg.FillBetweenItem(bottom, top, brush=brush)


def _translucent(colour: str, alpha: int) -> QColor:
    shade = QColor(colour)
    shade.setAlpha(alpha)
    return shade


def _timestamps(index: pd.Index) -> np.ndarray:
    """Days as seconds since the epoch, at local noon, for a date axis."""
    days = pd.to_datetime(pd.Index(index))
    return np.array([datetime(d.year, d.month, d.day, 12).timestamp() for d in days], dtype=float)


class DayAxis(pg.DateAxisItem):  # type: ignore[misc]  # pyqtgraph ships no type hints
    """Days along the bottom, the months named in the user's language (pyqtgraph writes the C locale's
    English abbreviations: a Vietnamese page reads Th11, Th12)."""

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        """pyqtgraph's ticks, without a day's tick beside a month's (their labels overlapped: "29Th10 04")."""
        levels: list[tuple[float, list[float]]] = super().tickValues(minVal, maxVal, size)
        coarser: list[float] = []
        kept = []
        for spacing, values in levels:
            shown = float(np.min(np.diff(values))) if len(values) > 1 else spacing  # ticks may skip
            apart = [v for v in values if all(abs(v - c) >= CLEARANCE * shown for c in coarser)]
            kept.append((spacing, apart))
            coarser += list(values)
        return kept

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        strings: list[str] = super().tickStrings(values, scale, spacing)
        if current_language() != "vi":
            return strings
        for number, month in enumerate(MONTHS, start=1):
            strings = [text.replace(month, f"Th{number}") for text in strings]
        return strings


class Chart(pg.PlotWidget):  # type: ignore[misc]  # pyqtgraph ships no type hints
    """A plot of the athlete page: light grid, zoom and pan along x only, a title in the user's language."""

    def __init__(self, minimum_height: int = 150, dates: bool = False) -> None:
        super().__init__(axisItems={"bottom": DayAxis()} if dates else None)
        self.showGrid(x=True, y=True, alpha=0.15)
        self.setMinimumHeight(minimum_height)
        self.setMouseEnabled(x=True, y=False)

    def retranslate(self) -> None:
        raise NotImplementedError


class SessionHeartRatePlot(Chart):
    """Heart rate against minutes, over coloured bands for the athlete's five zones."""

    def __init__(self) -> None:
        super().__init__(170)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(tr("Heart rate and zones"), size="10pt")
        self.setLabel("left", tr("bpm"))
        self.setLabel("bottom", tr("minutes"))

    def show_chart(self, chart: SessionChart | None) -> None:
        self.clear()
        if chart is None:
            return
        minutes = chart.seconds / 60.0
        edges = list(chart.zone_bounds) + [max(chart.hr_max, float(np.nanmax(chart.hr)) + 2)]
        for zone in range(1, 6):
            self.addItem(
                _band(
                    float(minutes[0]),
                    float(minutes[-1]),
                    edges[zone - 1],
                    edges[zone],
                    _translucent(zone_colour(zone), 45),
                )
            )
            label = pg.TextItem(f"Z{zone}", color=zone_colour(zone), anchor=(0, 0.5))
            label.setPos(float(minutes[0]), (edges[zone - 1] + edges[zone]) / 2)
            self.addItem(label)
        self.plot(minutes, chart.hr, pen=pg.mkPen("#b71c1c", width=1.5))
        self.setYRange(min(edges[0] - 15, float(np.nanmin(chart.hr))), edges[-1] + 3)


class SessionSpeedPlot(Chart):
    def __init__(self) -> None:
        super().__init__(140)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(tr("Speed"), size="10pt")
        self.setLabel("left", tr("km/h"))
        self.setLabel("bottom", tr("minutes"))

    def show_chart(self, chart: SessionChart | None) -> None:
        self.clear()
        if chart is None or chart.speed_kmh is None:
            return
        minutes = chart.seconds / 60.0
        self.plot(minutes, chart.speed_kmh, pen=pg.mkPen("#1565c0", width=1))
        for limit, colour in ((chart.hsr_kmh, "#fb8c00"), (chart.sprint_kmh, "#e53935")):
            self.addItem(pg.InfiniteLine(limit, angle=0, pen=pg.mkPen(colour, style=Qt.PenStyle.DashLine)))


class LoadPlot(Chart):
    """Daily load as bars, ACWR (EWMA) as a line on its own axis with the 0.8-1.3 band and the flag line."""

    def __init__(self) -> None:
        super().__init__(170, dates=True)
        self.ratio_view = pg.ViewBox()
        self.showAxis("right")
        self.scene().addItem(self.ratio_view)
        self.getAxis("right").linkToView(self.ratio_view)
        self.ratio_view.setXLink(self)
        self.getViewBox().sigResized.connect(self._sync_views)
        self.retranslate()

    def retranslate(self) -> None:
        measure = getattr(self, "measure", "internal")
        self.setTitle(tr("Training load and ACWR"), size="10pt")
        self.setLabel("left", LOAD_AXES[measure]())
        self.setLabel("right", "ACWR")

    def _sync_views(self) -> None:
        self.ratio_view.setGeometry(self.getViewBox().sceneBoundingRect())

    def show_season(self, season: AthleteSeason | None, acwr_high: float = 1.5) -> None:
        self.measure = season.measure if season is not None else "internal"
        self.retranslate()
        self.clear()
        self.ratio_view.clear()
        if season is None or season.daily.empty:
            return
        x = _timestamps(season.daily.index)
        self.addItem(
            pg.BarGraphItem(x=x, height=season.daily["load"].to_numpy(), width=70_000, brush="#90a4ae")
        )
        ratio = season.daily["acwr_ewma"].to_numpy(float).copy()
        ratio[: CHRONIC_DAYS - 1] = np.nan  # a ratio against less than 28 days of history says little
        self.ratio_view.addItem(_band(float(x[0]), float(x[-1]), 0.8, 1.3, QColor(67, 160, 71, 35)))
        self.ratio_view.addItem(
            pg.InfiniteLine(acwr_high, angle=0, pen=pg.mkPen("#e53935", style=Qt.PenStyle.DashLine))
        )
        finite = np.isfinite(ratio)
        self.ratio_view.addItem(pg.PlotDataItem(x[finite], ratio[finite], pen=pg.mkPen("#6a1b9a", width=2)))
        self.ratio_view.setYRange(0, max(2.0, float(np.nanmax(ratio)) + 0.1 if finite.any() else 2.0))
        self._sync_views()


# The season chart's load axis, by what the load is counted as.
LOAD_AXES = {
    "internal": lambda: tr("load (AU)"),
    "distance": lambda: tr("distance (m; video or GPS)"),
    "hsr": lambda: tr("high-speed running (m; video or GPS)"),
}


class HrvPlot(Chart):
    """Morning lnRMSSD as dots, its 7-day mean as a line, the normal band shaded."""

    def __init__(self) -> None:
        super().__init__(150, dates=True)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(tr("HRV trend (lnRMSSD)"), size="10pt")
        self.setLabel("left", "lnRMSSD")

    def show_season(self, season: AthleteSeason | None) -> None:
        self.clear()
        if season is None or season.hrv.empty:
            return
        band = season.hrv
        x = _timestamps(band.index)
        low, high = band["low"].to_numpy(float), band["high"].to_numpy(float)
        shown = np.isfinite(low) & np.isfinite(high)
        if shown.any():
            lower = pg.PlotDataItem(x[shown], low[shown], pen=pg.mkPen("#81c784"))
            upper = pg.PlotDataItem(x[shown], high[shown], pen=pg.mkPen("#81c784"))
            self.addItem(lower)
            self.addItem(upper)
            self.addItem(pg.FillBetweenItem(lower, upper, brush=QColor(129, 199, 132, 60)))
        self.plot(
            x, band["ln_rmssd"].to_numpy(float), pen=None, symbol="o", symbolSize=5, symbolBrush="#455a64"
        )
        mean = band["baseline"].to_numpy(float)
        finite = np.isfinite(mean)
        self.plot(x[finite], mean[finite], pen=pg.mkPen("#1b5e20", width=2))


class WellnessPlot(Chart):
    """The morning questionnaire's total (five items, 5-25, higher is better) and its 28-day mean."""

    def __init__(self) -> None:
        super().__init__(150, dates=True)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(tr("Wellness score (5-25, higher is better)"), size="10pt")

    def show_wellness(self, wellness: pd.DataFrame | None) -> None:
        self.clear()
        if wellness is None or wellness.empty:
            return
        total = wellness[list(WELLNESS_ITEMS)].sum(axis=1, min_count=5)
        total = total.dropna()
        if total.empty:
            return
        x = _timestamps(total.index)
        self.plot(x, total.to_numpy(float), pen=pg.mkPen("#5c6bc0", width=1.5), symbol="o", symbolSize=4)
        usual = total.rolling(28, min_periods=7).mean().to_numpy(float)
        finite = np.isfinite(usual)
        self.plot(x[finite], usual[finite], pen=pg.mkPen("#37474f", width=1.5, style=Qt.PenStyle.DashLine))
        self.setYRange(5, 25.5)
