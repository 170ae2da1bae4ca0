"""Consent per athlete and purpose (monitoring, live, video, statistics, research): given or
withdrawn, when, by whom, and a guardian's name for an athlete under 16. The newest entry per
purpose is the one in force, so withdrawing stops new processing at once."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from athletes.access.access_log import log_access
from athletes.access.actor import Actor
from athletes.access.tables import PURPOSES, Consent
from athletes.models import Athlete
from athletes.records import age_on
from matchdesk.errors import MatchdeskError

GUARDIAN_BELOW_AGE = 16


class ConsentMissing(MatchdeskError):
    """Data refused: no consent in force for its purpose."""


def record_consent(
    session: Session,
    actor: Actor,
    athlete: Athlete,
    purpose: str,
    given: bool,
    guardian: str | None = None,
) -> Consent:
    """Store a consent given or withdrawn (committed, and logged)."""
    if purpose not in PURPOSES:
        raise MatchdeskError(f"purpose is one of {', '.join(PURPOSES)}", purpose)
    actor.require_change(athlete, "consent")
    under_age = athlete.date_of_birth is not None and age_on(athlete.date_of_birth) < GUARDIAN_BELOW_AGE
    if given and under_age and not (guardian and guardian.strip()):
        raise MatchdeskError(
            f"{athlete.name} is under {GUARDIAN_BELOW_AGE}: "
            "a parent's or guardian's consent is needed (--guardian NAME)"
        )
    consent = Consent(
        athlete_id=athlete.id,
        purpose=purpose,
        given=given,
        recorded_at=datetime.now(UTC),
        recorded_by=actor.login,
        guardian=guardian.strip() if guardian else None,
    )
    session.add(consent)
    log_access(
        session,
        actor,
        "consent",
        [athlete.id],
        {"purpose": purpose, "given": given, "guardian": bool(guardian)},
    )
    session.commit()
    return consent


def consent_to(
    session: Session, actor: Actor, athlete: Athlete, purposes: tuple[str, ...], guardian: str | None = None
) -> None:
    """Consent given for each of ``purposes`` (the demo squad's, a form signed for several)."""
    for purpose in purposes:
        record_consent(session, actor, athlete, purpose, True, guardian)


def consent_in_force(session: Session, athlete_id: int, purpose: str) -> bool:
    newest = session.scalar(
        select(Consent.given)
        .where(Consent.athlete_id == athlete_id, Consent.purpose == purpose)
        .order_by(Consent.recorded_at.desc(), Consent.id.desc())
        .limit(1)
    )
    return bool(newest)


def require_consent(session: Session, athlete: Athlete, purpose: str) -> None:
    """ConsentMissing, in one line, when ``athlete`` has no ``purpose`` consent in force."""
    if not consent_in_force(session, athlete.id, purpose):
        raise ConsentMissing(
            f"refused: no {purpose} consent in force for {athlete.name} "
            f'(record it: matchdesk athletes consent "{athlete.name}" --purpose {purpose})'
        )


def consents_of(session: Session, athlete_id: int) -> list[dict[str, object]]:
    rows = session.scalars(
        select(Consent).where(Consent.athlete_id == athlete_id).order_by(Consent.recorded_at, Consent.id)
    ).all()
    return [
        {
            "purpose": c.purpose,
            "given": c.given,
            "recorded_at": c.recorded_at.isoformat(),
            "recorded_by": c.recorded_by,
            "guardian": c.guardian,
        }
        for c in rows
    ]
