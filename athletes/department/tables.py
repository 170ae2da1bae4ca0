"""The department's records as SQLAlchemy tables (created by migration 0003)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from athletes.models import Athlete, Base


class Squad(Base):
    """A squad of one of the decree's five levels, in one sport."""

    __tablename__ = "squads"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    sport: Mapped[str] = mapped_column(String(100), index=True)
    level: Mapped[str] = mapped_column(String(30))


class SquadMember(Base):
    """An athlete's period on a squad, and how they are paid on it (salary, or per day)."""

    __tablename__ = "squad_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    squad_id: Mapped[int] = mapped_column(ForeignKey("squads.id", ondelete="CASCADE"), index=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"), index=True)
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    pay_status: Mapped[str] = mapped_column(String(20))
    squad: Mapped[Squad] = relationship()
    athlete: Mapped[Athlete] = relationship()


class SquadCoach(Base):
    """A coach's period with a squad."""

    __tablename__ = "squad_coaches"
    id: Mapped[int] = mapped_column(primary_key=True)
    squad_id: Mapped[int] = mapped_column(ForeignKey("squads.id", ondelete="CASCADE"), index=True)
    coach: Mapped[str] = mapped_column(String(200))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)


class GradeStandard(Base):
    """The mark an event asks for a grade (kept up to date by the department): a time is met at or
    below it, a distance or score at or above it."""

    __tablename__ = "grade_standards"
    id: Mapped[int] = mapped_column(primary_key=True)
    sport: Mapped[str] = mapped_column(String(100))
    event: Mapped[str] = mapped_column(String(200))
    sex: Mapped[str] = mapped_column(String(10))
    grade: Mapped[str] = mapped_column(String(20))
    mark: Mapped[float] = mapped_column(Float)
    lower_is_better: Mapped[bool] = mapped_column(Boolean)
    effective_from: Mapped[date] = mapped_column(Date)


class Grade(Base):
    """A grade: proposed by matchdesk from a result meeting a standard, or entered; a person confirms
    it with the decision's date and number."""

    __tablename__ = "grades"
    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"), index=True)
    sport: Mapped[str] = mapped_column(String(100))
    grade: Mapped[str] = mapped_column(String(20))
    awarded_on: Mapped[date | None] = mapped_column(Date)
    decision_number: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20))  # "proposed" or "confirmed"
    result_id: Mapped[int | None] = mapped_column(ForeignKey("results.id", ondelete="SET NULL"))
    confirmed_by: Mapped[str | None] = mapped_column(String(63))
    athlete: Mapped[Athlete] = relationship()


class Competition(Base):
    __tablename__ = "competitions"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    sport: Mapped[str] = mapped_column(String(100), index=True)
    level: Mapped[str] = mapped_column(String(40))
    start: Mapped[date] = mapped_column(Date, index=True)
    end: Mapped[date] = mapped_column(Date)
    official: Mapped[bool] = mapped_column(Boolean)  # invitational ones count in no medal indicator
    place: Mapped[str | None] = mapped_column(String(200))
    in_province: Mapped[bool] = mapped_column(Boolean, default=False)  # held in the province
    __table_args__ = (UniqueConstraint("name", "sport", "start", name="uq_competition"),)


class Result(Base):
    """One result: an athlete's, or a team's (``team``, with its athletes in ``result_athletes``)."""

    __tablename__ = "results"
    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"), index=True)
    event: Mapped[str] = mapped_column(String(200))
    athlete_id: Mapped[int | None] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"), index=True)
    team: Mapped[str | None] = mapped_column(String(200))
    rank: Mapped[int | None] = mapped_column(Integer)
    medal: Mapped[str | None] = mapped_column(String(10))
    mark: Mapped[float | None] = mapped_column(Float)  # seconds, metres or points
    mark_text: Mapped[str | None] = mapped_column(String(50))  # as the judges wrote it
    records: Mapped[str | None] = mapped_column(String(50))  # "national", "provincial", or both
    source_file: Mapped[str | None] = mapped_column(Text)  # a photo finish or review file of ours
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    competition: Mapped[Competition] = relationship()
    athlete: Mapped[Athlete | None] = relationship()


class ResultAthlete(Base):
    """The athletes of a team's result (each counts as a medallist; the medal counts once)."""

    __tablename__ = "result_athletes"
    result_id: Mapped[int] = mapped_column(ForeignKey("results.id", ondelete="CASCADE"), primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"), primary_key=True)


class CampMonth(Base):
    """An athlete's days in a month: training at a camp, and competing (the pay table's basis)."""

    __tablename__ = "camp_months"
    __table_args__ = (UniqueConstraint("athlete_id", "month", name="uq_camp_month"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"), index=True)
    month: Mapped[date] = mapped_column(Date, index=True)  # its first day
    training_days: Mapped[int] = mapped_column(Integer)
    competition_days: Mapped[int] = mapped_column(Integer)
    place: Mapped[str | None] = mapped_column(String(200))


class Rate(Base):
    """A rate per day, per squad level, in force from a date (Decree 349/2025; the Ministry of
    Finance's nutrition circular)."""

    __tablename__ = "rates"
    __table_args__ = (UniqueConstraint("kind", "squad_level", "effective_from", name="uq_rate"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    squad_level: Mapped[str] = mapped_column(String(30))
    amount_vnd: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200))


class RecordImport(Base):
    """A spreadsheet imported: what it added, changed and skipped, and who imported it."""

    __tablename__ = "record_imports"
    id: Mapped[int] = mapped_column(primary_key=True)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    imported_by: Mapped[str] = mapped_column(String(63))
    kind: Mapped[str] = mapped_column(String(20))
    file_name: Mapped[str] = mapped_column(Text)
    file_sha256: Mapped[str] = mapped_column(String(64))
    added: Mapped[int] = mapped_column(Integer)
    changed: Mapped[int] = mapped_column(Integer)
    skipped: Mapped[int] = mapped_column(Integer)
