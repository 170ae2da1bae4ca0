"""Review requests: a side asks, the officials review, the outcome is signed.

Who may ask, how often and about what is the sport's profile (:mod:`var.sports`); football's Football
Video Support (two requests a team, one more in extra time, kept when the decision changes) is the
profile a review file without one runs under. Requests, refusals and outcomes are entries of the
match's append-only review log; an outcome is signed like a decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import NewType

RequestId = NewType("RequestId", int)


class RequestCategory(Enum):
    """The reviewable match-changing situations of FVS."""

    GOAL = "goal_no_goal"
    PENALTY = "penalty_no_penalty"
    RED_CARD = "direct_red_card"
    MISTAKEN_IDENTITY = "mistaken_identity"


class RequestOutcome(Enum):
    STANDS = "decision_stands"
    CHANGED = "decision_changed"


class Team(Enum):
    HOME = "home"
    AWAY = "away"


@dataclass(frozen=True)
class ReviewRequest:
    """One side's request, and its outcome once the officials have reviewed."""

    id: RequestId
    side: str  # home/away, red/blue, or a badminton player or pair
    match_time: str  # the clock as the officials read it, e.g. "63:12"
    category: str  # one of the sport profile's categories
    frame: int | None  # reference frame of the situation, when known
    notes: str
    requested_by: str
    created_at: str
    period: int = 1  # the set, game, quarter, bout or half, from 1
    by: str = "coach"  # who asked: coach, athlete, captain or official
    action_time: str = ""  # the clock at the action under review, when known
    outcome: RequestOutcome | None = None
    outcome_reason: str = ""
    decided_by: str = ""
    decided_at: str = ""
    public_key: str = ""  # the decider's key, whose signature verify checks

    @property
    def team(self) -> Team | None:
        """The football team that asked (None in other sports)."""
        return next((team for team in Team if team.value == self.side), None)

    @property
    def status(self) -> str:
        """``pending``, ``stands`` (the request failed) or ``changed`` (it succeeded)."""
        if self.outcome is None:
            return "pending"
        return "stands" if self.outcome is RequestOutcome.STANDS else "changed"
