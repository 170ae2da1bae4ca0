"""Wearable files into an athlete's record: read, clean, summarise, store, one file at a time.

A file that fails is reported and skipped; it never stops the others and never touches what is
stored. A file already imported (same bytes, or the same activity in another format: same start and
duration) is recognised and not stored twice.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import and_, select
from sqlalchemy.exc import SQLAlchemyError

from athletes.access.access_log import log_access
from athletes.access.actor import Actor, local_admin
from athletes.access.consent import ConsentMissing, require_consent
from athletes.database import Database
from athletes.models import Athlete, SessionSeries, TrainingSession
from athletes.records import thresholds
from athletes.summary import SessionSummary, summarise
from athletes.wearables import read_recording
from athletes.wearables.clean import clean
from athletes.wearables.recording import Recording
from matchdesk.errors import MatchdeskError

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int, Path], None]
SAME_START_S = 2.0
SAME_DURATION_S = 5.0


@dataclass
class ImportResult:
    """What happened to one file; the fields of ``matchdesk athletes import --json``."""

    file: str
    session_id: int | None = None
    start: str | None = None
    duration_s: float | None = None
    samples: int | None = None
    hr_mean: float | None = None
    hr_max: float | None = None
    distance_m: float | None = None
    duplicate: bool = False
    error: str | None = None
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def import_files(
    database: Database,
    athlete_id: int,
    paths: list[Path],
    csv_mapping: Mapping[str, str] | None = None,
    kind: str = "training",
    rpe: float | None = None,
    on_progress: ProgressCallback | None = None,
    should_stop: Callable[[], bool] | None = None,
    start: datetime | None = None,
    actor: Actor | None = None,
) -> list[ImportResult]:
    """Each file in turn, each in its own transaction; ``should_stop`` is asked between files."""
    results = []
    for number, path in enumerate(paths, start=1):
        if should_stop is not None and should_stop():
            break
        results.append(import_file(database, athlete_id, path, csv_mapping, kind, rpe, start, actor))
        if on_progress is not None:
            on_progress(number, len(paths), path)
    return results


def import_file(
    database: Database,
    athlete_id: int,
    path: Path,
    csv_mapping: Mapping[str, str] | None = None,
    kind: str = "training",
    rpe: float | None = None,
    start: datetime | None = None,
    actor: Actor | None = None,
) -> ImportResult:
    """One file stored as a session, when ``actor`` may add sessions for the athlete and the athlete's
    monitoring consent is in force (checked per file: a withdrawal stops the next file); logged."""
    actor = actor or local_admin()
    try:
        with database.session() as session:
            athlete = session.get(Athlete, athlete_id)
            if athlete is None:
                raise MatchdeskError(f"no athlete #{athlete_id}", path)
            actor.require_change(athlete, "session")
            require_consent(session, athlete, "monitoring")
        recording = read_recording(path, csv_mapping, start)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if recording.samples < 2:
            raise MatchdeskError("fewer than two samples: nothing to import", path)
        if not recording.has_hr and not recording.has_gps:
            raise MatchdeskError(f"{recording.format.upper()} file has neither heart rate nor GPS", path)
        result = store_recording(database, athlete_id, recording, digest, kind, rpe)
        if not result.duplicate:
            with database.session() as session:
                log_access(
                    session, actor, "import", [athlete_id], {"file": path.name, "session": result.session_id}
                )
                session.commit()
        return result
    except ConsentMissing as error:
        return ImportResult(file=str(path), error=f"{path}: {error.problem}")
    except MatchdeskError as error:
        return ImportResult(file=str(path), error=str(error))
    except (OSError, ValueError) as error:
        return ImportResult(file=str(path), error=f"{path}: {error}")


def store_recording(
    database: Database,
    athlete_id: int,
    recording: Recording,
    digest: str | None,
    kind: str = "training",
    rpe: float | None = None,
) -> ImportResult:
    """Clean, summarise and store one recording in a single transaction."""
    path = recording.source
    table, cleaned, artefacts = clean(recording)
    warnings = artefacts.messages()
    if not cleaned.has_hr and recording.format != "rr":
        warnings.append("no heart rate in this file: heart-rate load is not computed")
    start_utc = recording.start.astimezone(UTC).replace(tzinfo=None)
    offset = recording.start.utcoffset() or timedelta(0)
    with database.session() as session:
        athlete = session.get(Athlete, athlete_id)
        if athlete is None:
            raise MatchdeskError(f"no athlete #{athlete_id}", path)
        existing = _existing(session, athlete_id, digest, start_utc, float(recording.seconds[-1]))
        summary = summarise(
            table, cleaned, thresholds(athlete, float(np.nanmax(table["hr"])) if cleaned.has_hr else None)
        )
        if existing is not None:
            return _result(path, existing.id, recording.start, summary, duplicate=True, warnings=warnings)
        stored = TrainingSession(
            athlete_id=athlete_id,
            kind="hrv" if recording.format == "rr" else kind,
            start_utc=start_utc,
            utc_offset_min=int(offset.total_seconds() // 60),
            day=recording.start.date(),
            rpe=rpe,
            source_file=str(path.resolve()) if path.exists() else str(path),
            source_format=recording.format,
            source_sha256=digest,
            **summary.columns(),
            artefacts=warnings,
        )
        try:
            session.add(stored)
            session.flush()
            session.add(
                SessionSeries(
                    session_id=stored.id,
                    parquet=to_parquet(table),
                    rr_parquet=to_parquet(pd.DataFrame({"rr_ms": cleaned.rr_ms}))
                    if len(cleaned.rr_ms)
                    else None,
                )
            )
            session.commit()
        except SQLAlchemyError as error:
            session.rollback()
            raise MatchdeskError(f"could not store the session ({error})", path) from error
        logger.info("imported %s as session %d", path, stored.id)
        return _result(path, stored.id, recording.start, summary, duplicate=False, warnings=warnings)


def to_parquet(table: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    table.to_parquet(buffer, index=False, compression="zstd")
    return buffer.getvalue()


def read_series(database: Database, session_id: int) -> pd.DataFrame:
    """A session's samples (seconds, hr, lat, lon, distance_m, speed_kmh)."""
    with database.session() as session:
        series = session.get(SessionSeries, session_id)
        if series is None:
            raise MatchdeskError("no samples stored for this session", f"session {session_id}")
        return pd.read_parquet(io.BytesIO(series.parquet))


def _existing(
    session: Any, athlete_id: int, digest: str | None, start_utc: datetime, duration: float
) -> TrainingSession | None:
    if digest is not None:
        same_bytes = session.scalar(
            select(TrainingSession).where(
                TrainingSession.athlete_id == athlete_id, TrainingSession.source_sha256 == digest
            )
        )
        if same_bytes is not None:
            return same_bytes  # type: ignore[no-any-return]
    near = timedelta(seconds=SAME_START_S)
    candidates = session.scalars(
        select(TrainingSession).where(
            and_(
                TrainingSession.athlete_id == athlete_id,
                TrainingSession.kind != "live",
                TrainingSession.start_utc >= start_utc - near,
                TrainingSession.start_utc <= start_utc + near,
            )
        )
    )
    for candidate in candidates:
        if abs(candidate.duration_s - duration) <= SAME_DURATION_S:
            return candidate  # type: ignore[no-any-return]
    return None


def _result(
    path: Path,
    session_id: int,
    start: datetime,
    summary: SessionSummary,
    duplicate: bool,
    warnings: list[str],
) -> ImportResult:
    return ImportResult(
        file=str(path),
        session_id=session_id,
        start=start.isoformat(),
        duration_s=round(summary.duration_s, 3),
        samples=summary.samples,
        hr_mean=round(summary.hr_mean, 2) if summary.hr_mean is not None else None,
        hr_max=summary.hr_max,
        distance_m=round(summary.distance_m, 1),
        duplicate=duplicate,
        warnings=warnings,
    )
