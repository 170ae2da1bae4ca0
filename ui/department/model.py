"""The department window's state: the records on show, the month and the year chosen, the import
being previewed. Widgets follow its signals; every database read and every report runs off the GUI
thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QObject, pyqtSignal

from athletes.access.actor import Actor
from athletes.database import Database
from athletes.department.forms import Form, fill_forms
from athletes.department.keeping import KEEPERS
from athletes.department.listing import competitions, results, squads_on
from athletes.department.pay import PayTable, pay_table
from athletes.department.periods import Period
from athletes.department.record_import import ImportRefused, ImportReport, import_records
from athletes.signing.keys import KeySource
from ui.common.background import BackgroundCall, BackgroundCalls

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Signing:
    """How a written report is signed: the signer's key, then the seal's (optional), a TSA."""

    signer: KeySource
    seal: KeySource | None = None
    tsa_url: str | None = None


@dataclass(frozen=True)
class Preview:
    """A spreadsheet checked and not stored: what it would do, or every problem in it."""

    path: Path
    kind: str
    report: ImportReport | None
    problems: list[str]


class DepartmentModel(QObject):
    records_changed = pyqtSignal()
    pay_changed = pyqtSignal()
    forms_changed = pyqtSignal()
    preview_changed = pyqtSignal()
    written = pyqtSignal(str)  # a line for the status bar
    failed = pyqtSignal(str)

    def __init__(self, database: Database, actor: Actor, today: date | None = None) -> None:
        super().__init__()
        self.database, self.actor = database, actor
        self.today = today or date.today()
        self.squads: list[dict[str, Any]] = []
        self.competitions: list[dict[str, Any]] = []
        self.results: list[dict[str, Any]] = []
        self.month = self.today.replace(day=1)
        self.pay: PayTable | None = None
        self.period = Period(self.today.year)
        self.forms: list[Form] = []
        self.preview: Preview | None = None
        self.language = "vi"
        self._calls = BackgroundCalls(self.failed.emit)

    @property
    def keeps_records(self) -> bool:
        """Admins and the department: the records with names, the pay and camp tables. Analysts see
        the indicators only (no names)."""
        return self.actor.role in KEEPERS

    # --- reading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.set_period(self.period)
        if self.keeps_records:
            self._run("records", self._read_records, self._records_read)
            self.set_month(self.month)

    def _read_records(self) -> tuple[list[dict[str, Any]], ...]:
        with self.database.session() as session:
            return squads_on(session, self.today), competitions(session, None), results(session, None)

    def _records_read(self, answer: object) -> None:
        self.squads, self.competitions, self.results = answer  # type: ignore[misc]
        self.records_changed.emit()

    def set_month(self, month: date) -> BackgroundCall:
        self.month = month.replace(day=1)

        def read() -> PayTable:
            with self.database.session() as session:
                return pay_table(session, self.month)

        return self._run("pay", read, self._pay_read)

    def _pay_read(self, answer: object) -> None:
        assert isinstance(answer, PayTable)
        self.pay = answer
        self.pay_changed.emit()

    def set_period(self, period: Period) -> BackgroundCall:
        self.period = period

        def read() -> list[Form]:
            with self.database.session() as session:
                return fill_forms(session, period, self.language)

        return self._run("indicators", read, self._forms_read)

    def _forms_read(self, answer: object) -> None:
        self.forms = answer  # type: ignore[assignment]
        self.forms_changed.emit()

    # --- importing ----------------------------------------------------------------------------

    def preview_import(self, path: Path, kind: str) -> BackgroundCall:
        def check() -> Preview:
            try:
                return Preview(
                    path, kind, import_records(self.database, self.actor, path, kind, dry_run=True), []
                )
            except ImportRefused as refused:
                return Preview(path, kind, None, refused.errors)

        return self._run("import preview", check, self._previewed)

    def _previewed(self, answer: object) -> None:
        assert isinstance(answer, Preview)
        self.preview = answer
        self.preview_changed.emit()

    def import_previewed(self) -> BackgroundCall | None:
        """Store the previewed file (it is checked again: it may have changed since)."""
        preview = self.preview
        if preview is None or preview.problems:
            return None

        def store() -> ImportReport:
            return import_records(self.database, self.actor, preview.path, preview.kind)

        return self._run("import", store, self._imported)

    def _imported(self, answer: object) -> None:
        assert isinstance(answer, ImportReport)
        self.preview = None
        self.preview_changed.emit()
        self.written.emit(f"{Path(answer.file).name}: +{answer.added} ~{answer.changed} ={answer.skipped}")
        self.refresh()

    # --- writing ------------------------------------------------------------------------------

    def write_indicators(self, target: Path, signing: Signing | None = None) -> BackgroundCall:
        from athletes.department.statistics_report import write_indicators

        period, language = self.period, self.language
        return self._write(
            target, signing, lambda: write_indicators(self.database, self.actor, period, target, language)
        )

    def write_pay(self, target: Path, signing: Signing | None = None) -> BackgroundCall:
        from athletes.department.pay_output import write_pay_table

        month, language = self.month, self.language
        return self._write(
            target, signing, lambda: write_pay_table(self.database, self.actor, month, target, language)
        )

    def _write(self, target: Path, signing: Signing | None, write: Callable[[], Path]) -> BackgroundCall:
        from athletes.signing.pades import sign_in_turn

        def run() -> str:
            write()
            if signing is None:
                return str(target)
            keys: list[tuple[str, KeySource]] = [("signer", signing.signer)]
            if signing.seal is not None:
                keys.append(("seal", signing.seal))
            done = sign_in_turn(target, keys, self.language, signing.tsa_url)
            notes = "; ".join(d.note for d in done if d.note)
            return f"{target} ✔ {', '.join(d.signer for d in done)}" + (f" ({notes})" if notes else "")

        return self._run("write", run, lambda line: self.written.emit(str(line)))

    # --- plumbing -----------------------------------------------------------------------------

    def _run(
        self, name: str, call: Callable[[], object], on_done: Callable[[object], None]
    ) -> BackgroundCall:
        return self._calls.start(name, call, on_done)

    def wait(self, seconds: float = 20.0) -> None:
        self._calls.wait(seconds)

    def idle(self) -> bool:
        return self._calls.idle()
