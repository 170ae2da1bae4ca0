"""The athlete's rights: everything held about them in one file, corrections kept with the old
value, and erasure that leaves only anonymous counts and the fact that it happened."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import func, select

from athletes.access.access_log import log_access, log_entries
from athletes.access.actor import AccessRefused, Actor
from athletes.access.consent import consents_of
from athletes.access.tables import ErasedCounts, RecordChange
from athletes.database import Database
from athletes.models import Athlete, Note, SessionSeries, TestResult, TrainingSession, Wellness
from matchdesk.errors import MatchdeskError

CORRECTABLE = ("name", "date_of_birth", "sex", "sport", "discipline", "level", "coach", "hr_max", "hr_rest")


def _rows(objects: list[Any], columns: list[str]) -> list[dict[str, Any]]:
    return [{c: _plain(getattr(o, c)) for c in columns} for o in objects]


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def export_data(
    database: Database, actor: Actor, athlete_id: int, target: Path, language: str = "vi"
) -> Path:
    """One ZIP with the record, sessions (CSV and JSON, each session's samples, the original files
    still on disk), consents, the access log's entries about the athlete, and a PDF summary."""
    from athletes.reports import write_profile_report

    if not (actor.is_admin or actor.athlete_id == athlete_id):
        raise AccessRefused(f"{actor.login} ({actor.role}) may not export another athlete's data")
    with database.session() as session:
        athlete = session.get(Athlete, athlete_id)
        if athlete is None:
            raise MatchdeskError(f"no athlete #{athlete_id}")
        record = {
            c: _plain(getattr(athlete, c))
            for c in ("id", "name", "date_of_birth", "sex", "sport", "discipline", "level", "coach",
                      "hr_max", "hr_max_source", "hr_rest", "hr_rest_source", "hsr_kmh", "sprint_kmh")
        }  # fmt: skip
        record["team"] = athlete.team.name if athlete.team else None
        sessions = session.scalars(
            select(TrainingSession)
            .where(TrainingSession.athlete_id == athlete_id)
            .order_by(TrainingSession.start_utc)
        ).all()
        session_columns = [c.name for c in TrainingSession.__table__.columns]
        session_rows = _rows(list(sessions), session_columns)
        series = {
            s.session_id: s.parquet
            for s in session.scalars(
                select(SessionSeries).where(SessionSeries.session_id.in_([s.id for s in sessions]))
            )
        }
        wellness, tests, notes, corrections = (
            _rows(
                list(session.scalars(select(table).where(table.athlete_id == athlete_id))),
                [c.name for c in table.__table__.columns],
            )
            for table in (Wellness, TestResult, Note, RecordChange)
        )
        consents = consents_of(session, athlete_id)
        log_access(session, actor, "export", [athlete_id], {"file": target.name, "kind": "export-data"})
        session.commit()
        log = log_entries(session, athlete_id)
    summary = target.with_suffix(".summary.pdf")
    write_profile_report(database, athlete_id, summary, language)
    target.parent.mkdir(parents=True, exist_ok=True)
    missing: list[str] = []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("record.json", _json({**record, "wellness": wellness, "tests": tests, "notes": notes,
                                                "corrections": corrections}))  # fmt: skip
        archive.writestr("sessions.json", _json(session_rows))
        archive.writestr(
            "sessions.csv", pd.DataFrame(session_rows, columns=session_columns).to_csv(index=False)
        )
        for session_id, parquet in series.items():
            samples = pd.read_parquet(io.BytesIO(parquet))
            archive.writestr(f"samples/session_{session_id}.csv", samples.to_csv(index=False))
        for row in session_rows:
            original = Path(row["source_file"]) if row["source_file"] else None
            if original is None or row["source_format"] in (None, "ble"):
                continue
            if (
                original.is_file()
                and hashlib.sha256(original.read_bytes()).hexdigest() == row["source_sha256"]
            ):
                archive.write(original, f"original_files/session_{row['id']}_{original.name}")
            else:
                missing.append(str(original))
        archive.writestr("consents.json", _json(consents))
        archive.writestr("access_log.json", _json(log))
        archive.write(summary, "summary.pdf")
        archive.writestr(
            "README.txt",
            "Everything matchdesk holds about this athlete (Law 91/2025/QH15: access and portability).\n"
            f"Exported {datetime.now(UTC).isoformat()} by {actor.login}.\n"
            + (
                "Original files no longer on this computer (their samples are in samples/):\n"
                + "\n".join(f"  {m}" for m in missing)
                + "\n"
                if missing
                else ""
            ),
        )
    summary.unlink(missing_ok=True)
    return target


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, default=str)


def correct_record(database: Database, actor: Actor, athlete_id: int, field: str, value: str) -> None:
    """Change one field of the record, keeping the old value in ``record_changes`` (logged)."""
    if field not in CORRECTABLE:
        raise MatchdeskError(f"a correction is to one of {', '.join(CORRECTABLE)}", field)
    with database.session() as session:
        athlete = session.get(Athlete, athlete_id)
        if athlete is None:
            raise MatchdeskError(f"no athlete #{athlete_id}")
        actor.require_change(athlete, "record")
        old = getattr(athlete, field)
        try:
            new: Any = (
                date.fromisoformat(value) if field == "date_of_birth"
                else float(value) if field in ("hr_max", "hr_rest") else value
            )  # fmt: skip
        except ValueError as error:
            raise MatchdeskError(f"not a value for {field}: {value!r}") from error
        setattr(athlete, field, new)
        if field == "name":
            from athletes.records import fold

            athlete.name_folded = fold(value)
        session.add(
            RecordChange(
                athlete_id=athlete_id, changed_at=datetime.now(UTC), changed_by=actor.login, field=field,
                old_value=None if old is None else str(_plain(old)), new_value=str(_plain(new)),
            )
        )  # fmt: skip
        log_access(session, actor, "change", [athlete_id], {"field": field})
        session.commit()


def erase(database: Database, actor: Actor, athlete_id: int) -> dict[str, Any]:
    """Remove the athlete's personal and health data (record, sessions, samples, wellness, tests,
    notes, consents, corrections). The statistics keep one anonymous count; the log keeps that it
    happened and who did it."""
    actor.require_admin("erase an athlete's data")
    with database.session() as session:
        athlete = session.get(Athlete, athlete_id)
        if athlete is None:
            raise MatchdeskError(f"no athlete #{athlete_id}")
        sessions, seconds = session.execute(
            select(
                func.count(TrainingSession.id), func.coalesce(func.sum(TrainingSession.duration_s), 0.0)
            ).where(TrainingSession.athlete_id == athlete_id)
        ).one()
        session.add(
            ErasedCounts(
                erased_on=date.today(), sport=athlete.sport, level=athlete.level, athletes=1,
                sessions=int(sessions), minutes=float(seconds) / 60.0,
            )
        )  # fmt: skip
        session.delete(athlete)
        log_access(session, actor, "erase", [athlete_id], {"sessions": int(sessions)})
        session.commit()
    return {"athlete": athlete_id, "sessions": int(sessions)}
