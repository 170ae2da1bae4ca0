"""Review requests under FIFA's Football Video Support (FVS): a coach asks, the referee reviews.

Each team has two requests a match, one more once extra time starts; a request after which the
decision is changed is kept (the team may ask again). Requests and their outcomes are entries of
the match's append-only review log; an outcome is signed like a decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import NewType

RequestId = NewType("RequestId", int)

REQUESTS_PER_TEAM = 2
EXTRA_TIME_REQUESTS = 1


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
    """One team's request, and its outcome once the referee has reviewed."""

    id: RequestId
    team: Team
    match_time: str  # as the fourth official read it, e.g. "63:12"
    category: RequestCategory
    frame: int | None  # reference frame of the situation, when known
    notes: str
    requested_by: str
    created_at: str
    outcome: RequestOutcome | None = None
    outcome_reason: str = ""
    decided_by: str = ""
    decided_at: str = ""
    public_key: str = ""  # the decider's key, whose signature verify checks

    @property
    def keeps_the_request(self) -> bool:
        """A request after which the decision is changed is not used up."""
        return self.outcome is RequestOutcome.CHANGED


def remaining_requests(requests: list[ReviewRequest], team: Team, extra_time: bool) -> int:
    """Requests ``team`` may still make (a pending request counts as used until it is decided)."""
    allowance = REQUESTS_PER_TEAM + (EXTRA_TIME_REQUESTS if extra_time else 0)
    used = sum(1 for request in requests if request.team is team and not request.keeps_the_request)
    return max(allowance - used, 0)
