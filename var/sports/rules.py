"""What a sport's profile says of a review request: allowed or refused (and why), what is left, what
outcomes gave. Pure functions of the profile and the requests made so far."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from var.review_requests import RequestOutcome, ReviewRequest
from var.sports.profile import SportProfile, Words

_CLOCK = re.compile(r"^\s*(?:(\d+):)?(\d+(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class NewRequest:
    """A request as it is made: who asks, for which side, about what, when."""

    side: str
    category: str
    period: int
    by: str  # coach, athlete, captain or official
    match_time: str = ""  # the clock when the request is made ("63:12"; basketball: time left)
    action_time: str = ""  # the clock at the action to review, when the desk or the operator knows it


@dataclass(frozen=True)
class Refusal:
    """Why a request is refused, with the rule that says so (in both languages)."""

    reason: str
    rule: Words

    def line(self, profile: SportProfile) -> str:
        return f"refused: {self.reason} ({profile.title.en}: “{self.rule.en}”)"


def clock_seconds(text: str) -> float | None:
    """``63:12``, ``1:05.2`` or ``42`` as seconds; None when it is none of those."""
    match = _CLOCK.match(text)
    if not match:
        return None
    minutes, seconds = match.groups()
    return int(minutes or 0) * 60 + float(seconds)


def sides_in_play(
    profile: SportProfile, named: Iterable[str], requests: Iterable[ReviewRequest]
) -> tuple[str, ...]:
    """The match's two sides: the profile's, else those named for the match, else the first asking."""
    if profile.sides:
        return profile.sides
    sides = list(dict.fromkeys(named))
    for request in requests:
        if request.side not in sides:
            sides.append(request.side)
    return tuple(sides[:2])


def counts_against(profile: SportProfile, request: ReviewRequest) -> bool:
    """Whether ``request`` uses up one of its side's requests (a pending one does, until decided)."""
    return profile.quota.spent == "always" or request.outcome is not RequestOutcome.CHANGED


def remaining(
    profile: SportProfile, requests: Iterable[ReviewRequest], side: str, period: int, extra_time: bool
) -> int:
    """The requests ``side`` may still make in ``period``."""
    used = sum(
        1
        for request in requests
        if request.side == side
        and request.by in profile.quota_applies_to
        and (not profile.quota.per_period or request.period == period)
        and counts_against(profile, request)
    )
    return max(profile.quota_in(period, extra_time) - used, 0)


def points(
    profile: SportProfile, requests: Iterable[ReviewRequest], sides: tuple[str, ...]
) -> dict[str, int]:
    """What outcomes gave each side (wrestling: a lost challenge gives the opponent a point)."""
    given = dict.fromkeys(sides, 0)
    if profile.failure_gives_opponent_points and len(sides) == 2:
        for request in requests:
            if request.outcome is RequestOutcome.STANDS and request.side in sides:
                opponent = sides[1 - sides.index(request.side)]
                given[opponent] += profile.failure_gives_opponent_points
    return given


def decided_late(profile: SportProfile, request: ReviewRequest) -> bool:
    """Whether the outcome came after the deciding official's deadline (by the log's own clock)."""
    if profile.deadline_seconds is None or not request.decided_at:
        return False
    taken = datetime.fromisoformat(request.decided_at) - datetime.fromisoformat(request.created_at)
    return taken.total_seconds() > profile.deadline_seconds


def refusal(
    profile: SportProfile,
    requests: list[ReviewRequest],
    new: NewRequest,
    sides: tuple[str, ...],
    extra_time: bool,
) -> Refusal | None:
    """Why ``new`` may not be made under ``profile``, or None when it may."""
    if not profile.requesters:
        return Refusal(f"in {profile.name} no one may ask for a review", profile.requester_rule)
    if new.by not in profile.requesters:
        allowed = ", ".join(profile.requesters)
        return Refusal(f"a {new.by} may not ask for a review (only: {allowed})", profile.requester_rule)
    if profile.sides and new.side not in profile.sides:
        return Refusal(
            f"no side {new.side!r} (the sides are {', '.join(profile.sides)})", profile.requester_rule
        )
    if not profile.sides and len(sides) == 2 and new.side not in sides:
        return Refusal(f"{new.side!r} does not play this match ({' v '.join(sides)})", profile.requester_rule)
    category = profile.category(new.category)
    if category is None:
        names = ", ".join(c.name for c in profile.categories)
        return Refusal(f"{new.category!r} may not be reviewed (only: {names})", profile.category_rule)
    if new.period < 1:
        return Refusal(f"period {new.period}: periods are numbered from 1", profile.quota_rule)
    windows_bind = new.by in profile.category_windows_bind
    if windows_bind and category.from_period is not None and new.period < category.from_period:
        return Refusal(
            f"{category.title.en} is reviewed only from {profile.period_word.en} {category.from_period} on",
            profile.category_rule,
        )
    if windows_bind and category.last_seconds is not None:
        left = clock_seconds(new.match_time)
        if left is None or left > category.last_seconds:
            return Refusal(
                f"{category.title.en} is reviewed only in the last {category.last_seconds} s of the "
                f"{profile.period_word.en} (the clock says {new.match_time or 'nothing'})",
                profile.category_rule,
            )
    if (
        new.by in profile.quota_applies_to
        and remaining(profile, requests, new.side, new.period, extra_time) == 0
    ):
        return Refusal(f"{new.side} has no review request left", profile.quota_rule)
    late = _seconds_since_action(profile, new)
    if profile.window_seconds is not None and late is not None and not 0 <= late <= profile.window_seconds:
        return Refusal(
            f"the action was {late:.1f} s before the request (the window is {profile.window_seconds} s)",
            profile.window_rule,
        )
    return None


def _seconds_since_action(profile: SportProfile, new: NewRequest) -> float | None:
    asked, action = clock_seconds(new.match_time), clock_seconds(new.action_time)
    if asked is None or action is None:
        return None
    return action - asked if profile.clock == "remaining" else asked - action
