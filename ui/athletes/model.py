"""The athletes screens' state: the database, the roster's filters and rows, the squad's flags and the
athlete on show. Widgets read it and follow its signals; database reads run off the GUI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from PyQt6.QtCore import QObject, pyqtSignal

from athletes.access.actor import Actor, local_admin, visible_athlete_ids
from athletes.dashboard import season
from athletes.database import Database
from athletes.flags import Flag
from athletes.overview import (
    AthletePage,
    FilterChoices,
    RosterRow,
    SessionChart,
    athlete_page,
    filter_choices,
    roster,
    session_chart,
)
from ui.common.background import BackgroundCall, BackgroundCalls

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RosterFilters:
    search: str = ""
    sport: str | None = None
    team: str | None = None
    level: str | None = None


@dataclass(frozen=True)
class SquadStatus:
    """Per athlete: the latest ACWR (EWMA) and the flags standing today."""

    acwr: dict[int, float | None]
    flags: dict[int, list[Flag]]


class AthletesModel(QObject):
    roster_changed = pyqtSignal()
    squad_changed = pyqtSignal()
    page_changed = pyqtSignal()
    chart_changed = pyqtSignal()
    failed = pyqtSignal(str)

    def __init__(self, database: Database, today: date | None = None, actor: Actor | None = None) -> None:
        super().__init__()
        self.database = database
        self.actor = actor or local_admin()
        self.today = today
        self.filters = RosterFilters()
        self.measure = "internal"  # what the load (ACWR, flags, the season chart) is counted as
        self.rows: list[RosterRow] = []
        self.choices = FilterChoices([], [], [])
        self.squad = SquadStatus({}, {})
        self.page: AthletePage | None = None
        self.chart: SessionChart | None = None
        self.chart_session_id: int | None = None
        self._calls = BackgroundCalls(self.failed.emit)

    # --- roster -------------------------------------------------------------------------------

    def set_filters(self, **changes: Any) -> None:
        self.filters = replace(self.filters, **changes)
        self._run("roster", self._read_roster, self._roster_read)

    def set_measure(self, measure: str) -> None:
        """Count the load as ``measure`` (internal, distance, hsr): the squad's ACWR and flags and the
        athlete on show are read again."""
        self.measure = measure
        self._run("squad", self._read_squad, self._squad_read)
        if self.page is not None:
            self.show_athlete(self.page.athlete_id)

    def refresh(self) -> None:
        """Read everything again (after an import, a new athlete, a finished live session)."""
        self._run("roster", self._read_roster, self._roster_read)
        self._run("squad", self._read_squad, self._squad_read)
        if self.page is not None:
            self.show_athlete(self.page.athlete_id)

    def _read_roster(self) -> tuple[list[RosterRow], FilterChoices]:
        f = self.filters
        return roster(self.database, f.search or None, f.sport, f.team, f.level, self.actor), filter_choices(
            self.database
        )

    def _roster_read(self, answer: object) -> None:
        self.rows, self.choices = answer  # type: ignore[misc]
        self.roster_changed.emit()

    def _read_squad(self) -> SquadStatus:
        with self.database.session() as session:
            visible = visible_athlete_ids(session, self.actor)
        seasons = season(self.database, today=self.today, athlete_ids=visible, measure=self.measure)
        return SquadStatus(
            {s.athlete_id: s.latest("acwr_ewma") for s in seasons},
            {s.athlete_id: s.flags for s in seasons},
        )

    def _squad_read(self, answer: object) -> None:
        assert isinstance(answer, SquadStatus)
        self.squad = answer
        self.squad_changed.emit()

    # --- one athlete --------------------------------------------------------------------------

    def show_athlete(self, athlete_id: int) -> BackgroundCall:
        return self._run(
            "athlete",
            lambda: athlete_page(self.database, athlete_id, self.today, self.actor, self.measure),
            self._page_read,
        )

    def _page_read(self, answer: object) -> None:
        assert isinstance(answer, AthletePage)
        self.page = answer
        self.page_changed.emit()
        charted = [s for s in answer.sessions if s.has_series]
        if charted:
            self.show_session(charted[0].session_id)
        else:
            self.chart, self.chart_session_id = None, None
            self.chart_changed.emit()

    def show_session(self, session_id: int) -> BackgroundCall:
        def read() -> tuple[int, SessionChart]:
            return session_id, session_chart(self.database, session_id)

        return self._run("session chart", read, self._chart_read)

    def _chart_read(self, answer: object) -> None:
        self.chart_session_id, self.chart = answer  # type: ignore[misc]
        self.chart_changed.emit()

    # --- plumbing -----------------------------------------------------------------------------

    def _run(
        self, name: str, call: Callable[[], object], on_done: Callable[[object], None]
    ) -> BackgroundCall:
        return self._calls.start(name, call, on_done)

    def wait(self, seconds: float = 10.0) -> None:
        """Wait for every read under way (for tests and screenshots)."""
        self._calls.wait(seconds)

    def idle(self) -> bool:
        return self._calls.idle()
