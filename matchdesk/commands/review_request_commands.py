"""``matchdesk var request ...``: review requests under the sport's rules, from the shell.

The football form (``--team home --time 63:12 --category goal_no_goal``) works as it always has.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from matchdesk.errors import MatchdeskError
from var.review_record import Review
from var.review_requests import RequestId, RequestOutcome
from var.review_state import ReviewState
from var.sports import rules
from var.sports.profile import REQUESTERS

_OUTCOMES = {"stands": RequestOutcome.STANDS, "changed": RequestOutcome.CHANGED}


def register_actions(actions: Any, reviewer_name: Any) -> None:
    """Add the review-request actions to ``matchdesk var``."""
    request = actions.add_parser("request", help="log a side's review request (under the sport's rules)")
    request.add_argument("review", type=Path, metavar="REVIEW_DB")
    asking = request.add_mutually_exclusive_group(required=True)
    asking.add_argument("--side", help="home/away, red/blue, or a badminton player or pair")
    asking.add_argument("--team", help="football's name for --side (home or away)")
    request.add_argument("--category", required=True, help="one of the sport's categories (matchdesk sports)")
    request.add_argument("--period", type=int, help="the set, game, quarter, bout or half, from 1")
    request.add_argument("--time", default="", metavar="CLOCK", help="the clock when asked, e.g. 63:12")
    request.add_argument(
        "--action-time", default="", metavar="CLOCK", help="the clock at the action to review"
    )
    request.add_argument("--by", choices=REQUESTERS, help="who asks (default: the sport's first who may)")
    request.add_argument("--frame", type=int, help="reference frame of the situation")
    request.add_argument("--notes", default="")
    request.add_argument("--reviewer")
    request.set_defaults(handler=lambda arguments: run_request(arguments, reviewer_name))

    outcome = actions.add_parser("request-outcome", help="record (and sign) what a review request decided")
    outcome.add_argument("review", type=Path, metavar="REVIEW_DB")
    outcome.add_argument("request", type=int, metavar="REQUEST")
    outcome.add_argument("--outcome", required=True, choices=sorted(_OUTCOMES))
    outcome.add_argument("--reason", default="")
    outcome.add_argument("--reviewer")
    outcome.set_defaults(handler=lambda arguments: run_outcome(arguments, reviewer_name))

    extra = actions.add_parser("extra-time", help="extra time or overtime starts: what the sport adds")
    extra.add_argument("review", type=Path, metavar="REVIEW_DB")
    extra.add_argument("--reviewer")
    extra.set_defaults(handler=lambda arguments: run_extra_time(arguments, reviewer_name))

    listing = actions.add_parser("requests", help="list the review requests and what each side has left")
    listing.add_argument("review", type=Path, metavar="REVIEW_DB")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)


def run_request(arguments: argparse.Namespace, reviewer_name: Any) -> int:
    with Review.open(arguments.review) as review:
        state = review.state()
        profile = state.rules
        if not arguments.time.strip():
            raise MatchdeskError("a review request needs the clock when it was made: --time, e.g. 63:12")
        by = arguments.by or (profile.requesters[0] if profile.requesters else "coach")
        new = rules.NewRequest(
            side=arguments.side or arguments.team,
            category=arguments.category,
            period=arguments.period or state.current_period,
            by=by,
            match_time=arguments.time,
            action_time=arguments.action_time,
        )
        request = review.ask(
            new, reviewer_name(arguments.reviewer), frame=arguments.frame, notes=arguments.notes
        )
        left = review.state().remaining_requests(new.side, new.period)
    sys.stdout.write(f"review request {request} logged; {_has_left(new.side, left)}\n")
    return 0


def run_outcome(arguments: argparse.Namespace, reviewer_name: Any) -> int:
    with Review.open(arguments.review) as review:
        decided = review.record_request_outcome(
            RequestId(arguments.request),
            _OUTCOMES[arguments.outcome],
            arguments.reason,
            reviewer_name(arguments.reviewer),
        )
        state = review.state()
        left = state.remaining_requests(decided.side, decided.period)
    sys.stdout.write(
        f"review request {decided.id}: {decided.outcome.value if decided.outcome else ''}, signed; "
        f"{_has_left(decided.side, left)}\n"
    )
    return 0


def _has_left(side: str, left: int) -> str:
    named = f"the {side} team" if side in ("home", "away") else side  # as football's scripts read it
    return f"{named} has {left} left"


def run_extra_time(arguments: argparse.Namespace, reviewer_name: Any) -> int:
    with Review.open(arguments.review) as review:
        review.start_extra_time(reviewer_name(arguments.reviewer))
        adds = review.state().rules.quota.extra_adds
    sys.stdout.write(f"extra time: each side has {adds} more review request{'s' if adds != 1 else ''}\n")
    return 0


def requests_document(state: ReviewState) -> dict[str, Any]:
    """What ``matchdesk var requests --json`` prints (football's older keys included)."""
    profile = state.rules
    return {
        "sport": profile.name,
        "profile": {"name": profile.name, "version": profile.version, "sha256": profile.sha256},
        "period": state.current_period,
        "extra_time": state.extra_time,
        "remaining": {side: state.remaining_requests(side) for side in state.sides},
        "points": state.points(),
        "requests": [
            {
                "id": r.id,
                "side": r.side,
                **({"team": r.side} if r.team is not None else {}),
                "category": r.category,
                "period": r.period,
                "status": r.status,
                "by": r.by,
                "match_time": r.match_time,
                "action_time": r.action_time,
                "frame": r.frame,
                "notes": r.notes,
                "requested_by": r.requested_by,
                "outcome": r.outcome.value if r.outcome else None,
                "reason": r.outcome_reason,
                "decided_by": r.decided_by,
                "decided_late": rules.decided_late(profile, r),
                "signed": bool(r.public_key),
            }
            for r in state.requests.values()
        ],
        "refused": [
            {
                "side": r.get("side"),
                "category": r.get("category"),
                "period": r.get("period"),
                "reason": r["reason"],
            }
            for r in state.refusals
        ],
    }


def run_list(arguments: argparse.Namespace) -> int:
    with Review.open(arguments.review) as review:
        state = review.state()
    document = requests_document(state)
    if arguments.json:
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return 0
    for r in state.requests.values():
        where = f"{state.rules.period_word.en} {r.period}, " if state.rules.quota.per_period else ""
        outcome = r.outcome.value if r.outcome else "pending"
        sys.stdout.write(f"{r.id}: {r.side} at {where}{r.match_time}, {r.category}: {outcome}\n")
    left = ", ".join(f"{side} {count}" for side, count in document["remaining"].items())
    sys.stdout.write(f"left: {left}\n")
    return 0
