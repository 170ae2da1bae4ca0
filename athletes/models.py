"""The athletes' records: SQLAlchemy 2 models. The schema is created and changed only by the Alembic
migrations in ``athletes/migrations``; a test checks that they and these models agree."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from athletes.vocabulary import LEVELS, SESSION_KINDS, SEXES

__all__ = ["LEVELS", "SESSION_KINDS", "SEXES"]


class Base(DeclarativeBase):
    pass


class Team(Base):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    sport: Mapped[str | None] = mapped_column(String(100))


class Athlete(Base):
    __tablename__ = "athletes"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    name_folded: Mapped[str] = mapped_column(String(200), index=True)  # no diacritics, lower case: search
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    id_number: Mapped[str | None] = mapped_column(String(20), index=True)  # CCCD: finds duplicates
    sex: Mapped[str] = mapped_column(String(10))
    sport: Mapped[str | None] = mapped_column(String(100), index=True)
    discipline: Mapped[str | None] = mapped_column(String(100))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    level: Mapped[str | None] = mapped_column(String(20))
    coach: Mapped[str | None] = mapped_column(String(200))
    hr_max: Mapped[float | None] = mapped_column(Float)
    hr_max_source: Mapped[str | None] = mapped_column(String(100))  # "max HR test 2026-03-02", "Tanaka"...
    hr_rest: Mapped[float | None] = mapped_column(Float)
    hr_rest_source: Mapped[str | None] = mapped_column(String(100))
    hsr_kmh: Mapped[float] = mapped_column(Float, default=19.8)
    sprint_kmh: Mapped[float] = mapped_column(Float, default=25.2)
    acceleration_ms2: Mapped[float] = mapped_column(Float, default=3.0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    team: Mapped[Team | None] = relationship()


class TrainingSession(Base):
    """A training session, match, test or HRV reading; summaries here, samples in ``session_series``."""

    __tablename__ = "sessions"
    __table_args__ = (UniqueConstraint("athlete_id", "source_sha256", name="uq_session_source"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="training")
    start_utc: Mapped[datetime] = mapped_column(DateTime(timezone=False), index=True)
    utc_offset_min: Mapped[int] = mapped_column(Integer)
    day: Mapped[date] = mapped_column(Date, index=True)  # the local calendar day, for daily loads
    duration_s: Mapped[float] = mapped_column(Float)
    rpe: Mapped[float | None] = mapped_column(Float)
    source_file: Mapped[str | None] = mapped_column(Text)
    source_format: Mapped[str | None] = mapped_column(String(20))
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    samples: Mapped[int] = mapped_column(Integer, default=0)
    hr_mean: Mapped[float | None] = mapped_column(Float)
    hr_max: Mapped[float | None] = mapped_column(Float)
    distance_m: Mapped[float] = mapped_column(Float, default=0.0)
    top_speed_kmh: Mapped[float] = mapped_column(Float, default=0.0)
    hsr_distance_m: Mapped[float] = mapped_column(Float, default=0.0)
    sprints: Mapped[int] = mapped_column(Integer, default=0)
    accelerations: Mapped[int] = mapped_column(Integer, default=0)
    decelerations: Mapped[int] = mapped_column(Integer, default=0)
    seconds_in_zones: Mapped[list[float] | None] = mapped_column(JSON)
    trimp_banister: Mapped[float | None] = mapped_column(Float)
    trimp_edwards: Mapped[float | None] = mapped_column(Float)
    rmssd_ms: Mapped[float | None] = mapped_column(Float)
    ln_rmssd: Mapped[float | None] = mapped_column(Float)
    sdnn_ms: Mapped[float | None] = mapped_column(Float)
    pnn50: Mapped[float | None] = mapped_column(Float)
    artefacts: Mapped[list[str] | None] = mapped_column(JSON)  # what was filtered out, in words
    notes: Mapped[str | None] = mapped_column(Text)

    @property
    def local_start(self) -> datetime:
        """When the session began, on the clock of where it was recorded."""
        return self.start_utc.replace(tzinfo=UTC).astimezone(timezone(timedelta(minutes=self.utc_offset_min)))


class SessionSeries(Base):
    """A session's raw samples (1 Hz or faster) as Parquet bytes, and RR intervals when there are any."""

    __tablename__ = "session_series"
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True)
    parquet: Mapped[bytes] = mapped_column(LargeBinary)
    rr_parquet: Mapped[bytes | None] = mapped_column(LargeBinary)


class LiveSample(Base):
    """A live strap's samples as they arrive, committed one by one so that a crash loses nothing; folded
    into ``session_series`` when the session is finished."""

    __tablename__ = "live_samples"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    seconds: Mapped[float] = mapped_column(Float)
    hr: Mapped[float] = mapped_column(Float)
    rr_ms: Mapped[list[float] | None] = mapped_column(JSON)


class Wellness(Base):
    """A morning questionnaire (1-5 scales after McLean et al. 2010; 5 = best) and hours slept."""

    __tablename__ = "wellness"
    __table_args__ = (UniqueConstraint("athlete_id", "day", name="uq_wellness_day"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    sleep_hours: Mapped[float | None] = mapped_column(Float)
    sleep_quality: Mapped[int | None] = mapped_column(Integer)
    fatigue: Mapped[int | None] = mapped_column(Integer)
    soreness: Mapped[int | None] = mapped_column(Integer)
    stress: Mapped[int | None] = mapped_column(Integer)
    mood: Mapped[int | None] = mapped_column(Integer)


class TestResult(Base):
    """A test: a max HR test (bpm), a 30 m sprint (s), a Yo-Yo (m)..."""

    __tablename__ = "tests"
    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(50))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))


class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"), index=True)
    written_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    author: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
