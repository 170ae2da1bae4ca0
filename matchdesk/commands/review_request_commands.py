"""``matchdesk var request ...``: Football Video Support review requests, from the shell."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from var.review_record import Review
from var.review_requests import RequestCategory, RequestId, RequestOutcome, Team

_OUTCOMES = {"stands": RequestOutcome.STANDS, "changed": RequestOutcome.CHANGED}


def register_actions(actions: Any, reviewer_name: Any) -> None:
    """Add the review-request actions to ``matchdesk var``."""
    request = actions.add_parser("request", help="log a team's review request (Football Video Support)")
    request.add_argument("review", type=Path, metavar="REVIEW_DB")
    request.add_argument("--team", required=True, choices=[t.value for t in Team])
    request.add_argument("--time", required=True, metavar="MM:SS", help="match time of the request")
    request.add_argument("--category", required=True, choices=[c.value for c in RequestCategory])
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

    extra = actions.add_parser("extra-time", help="extra time starts: one more request per team")
    extra.add_argument("review", type=Path, metavar="REVIEW_DB")
    extra.add_argument("--reviewer")
    extra.set_defaults(handler=lambda arguments: run_extra_time(arguments, reviewer_name))

    listing = actions.add_parser("requests", help="list the review requests and what each team has left")
    listing.add_argument("review", type=Path, metavar="REVIEW_DB")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)


def run_request(arguments: argparse.Namespace, reviewer_name: Any) -> int:
    with Review.open(arguments.review) as review:
        request = review.request_review(
            Team(arguments.team),
            arguments.time,
            RequestCategory(arguments.category),
            reviewer_name(arguments.reviewer),
            frame=arguments.frame,
            notes=arguments.notes,
        )
        left = review.state().remaining_requests(Team(arguments.team))
    sys.stdout.write(f"review request {request} logged; the {arguments.team} team has {left} left\n")
    return 0


def run_outcome(arguments: argparse.Namespace, reviewer_name: Any) -> int:
    with Review.open(arguments.review) as review:
        decided = review.record_request_outcome(
            RequestId(arguments.request),
            _OUTCOMES[arguments.outcome],
            arguments.reason,
            reviewer_name(arguments.reviewer),
        )
        left = review.state().remaining_requests(decided.team)
    sys.stdout.write(
        f"review request {decided.id}: {decided.outcome.value if decided.outcome else ''}, signed; "
        f"the {decided.team.value} team has {left} left\n"
    )
    return 0


def run_extra_time(arguments: argparse.Namespace, reviewer_name: Any) -> int:
    with Review.open(arguments.review) as review:
        review.start_extra_time(reviewer_name(arguments.reviewer))
    sys.stdout.write("extra time: each team has one more review request\n")
    return 0


def run_list(arguments: argparse.Namespace) -> int:
    with Review.open(arguments.review) as review:
        state = review.state()
    remaining = {team.value: state.remaining_requests(team) for team in Team}
    if arguments.json:
        document = {
            "extra_time": state.extra_time,
            "remaining": remaining,
            "requests": [
                {
                    "id": r.id,
                    "team": r.team.value,
                    "match_time": r.match_time,
                    "category": r.category.value,
                    "frame": r.frame,
                    "notes": r.notes,
                    "requested_by": r.requested_by,
                    "outcome": r.outcome.value if r.outcome else None,
                    "reason": r.outcome_reason,
                    "decided_by": r.decided_by,
                    "signed": bool(r.public_key),
                }
                for r in state.requests.values()
            ],
        }
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return 0
    for r in state.requests.values():
        outcome = r.outcome.value if r.outcome else "pending"
        sys.stdout.write(f"{r.id}: {r.team.value} at {r.match_time}, {r.category.value}: {outcome}\n")
    sys.stdout.write(f"left: home {remaining['home']}, away {remaining['away']}\n")
    return 0
