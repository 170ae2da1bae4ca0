"""The tables that protect the records: accounts, consents, the access log, corrections, and the
anonymous counts an erasure leaves behind."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from athletes.models import Base
from athletes.vocabulary import ACCESS_ACTIONS as ACTIONS
from athletes.vocabulary import PURPOSES, ROLES

__all__ = ["ACTIONS", "PURPOSES", "ROLES"]


class User(Base):
    """A signed-in person. On PostgreSQL ``login`` is also their database login role (the server
    checks the password); on SQLite the password's scrypt hash is kept here."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(63), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    athlete_id: Mapped[int | None] = mapped_column(ForeignKey("athletes.id", ondelete="SET NULL"))
    password_hash: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class UserTeam(Base):
    """The teams a coach trains, or a medical user looks after."""

    __tablename__ = "user_teams"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True)


class Consent(Base):
    """Consent given or withdrawn for one purpose; the newest entry per purpose is the one in force."""

    __tablename__ = "consents"
    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    given: Mapped[bool] = mapped_column(Boolean)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(String(63))
    guardian: Mapped[str | None] = mapped_column(String(200))  # for athletes under 16


class AccessLogEntry(Base):
    """One read, change, export, import or erasure: append-only and hash-chained.

    ``athletes`` and ``detail`` are stored as the JSON text that was hashed, so that the chain can be
    checked from the stored bytes alone. On PostgreSQL a trigger fills ``seq``, ``prev_hash`` and
    ``hash`` itself, so that no login can forge them."""

    __tablename__ = "access_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    user_login: Mapped[str] = mapped_column(String(63))
    action: Mapped[str] = mapped_column(String(20))
    athletes: Mapped[str] = mapped_column(Text)  # JSON list of athlete ids
    detail: Mapped[str] = mapped_column(Text)  # JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class RecordChange(Base):
    """A correction of an athlete's record, with the old value (erased with the athlete)."""

    __tablename__ = "record_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"), index=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    changed_by: Mapped[str] = mapped_column(String(63))
    field: Mapped[str] = mapped_column(String(50))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)


class ErasedCounts(Base):
    """What the department's statistics keep of erased athletes: anonymous counts only."""

    __tablename__ = "erased_counts"
    id: Mapped[int] = mapped_column(primary_key=True)
    erased_on: Mapped[date] = mapped_column(Date)
    sport: Mapped[str | None] = mapped_column(String(100))
    level: Mapped[str | None] = mapped_column(String(20))
    athletes: Mapped[int] = mapped_column(Integer)
    sessions: Mapped[int] = mapped_column(Integer)
    minutes: Mapped[float] = mapped_column(Float)
