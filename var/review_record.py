"""A match's VAR review as the referee works with it: angles, offsets, incidents, drawings, offside
analyses and signed decisions, each written as one entry of the append-only log (read back by
:mod:`var.review_state`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from matchdesk.errors import Refused
from var.drawings import Drawing
from var.review_log import ReviewFileError, ReviewLog
from var.review_requests import (
    RequestCategory,
    RequestId,
    RequestOutcome,
    ReviewRequest,
    Team,
)
from var.review_state import Decision, IncidentId, IncidentType, ReviewState, fold
from var.sports import rules
from var.sports.catalogue import DEFAULT_SPORT, find_profile
from var.sports.profile import SportProfile


class RequestRefused(ReviewFileError, Refused):
    """A review request the sport's rules do not allow (it is logged as refused): the message quotes
    the rule; ``refusal`` and ``sport`` let a window say it in its own language."""

    def __init__(self, refusal: rules.Refusal, profile: SportProfile, path: Path) -> None:
        super().__init__(refusal.line(profile), path)
        self.refusal = refusal
        self.sport = profile.title


class Review:
    """Operations on one review file; each is one signed-or-chained log entry."""

    def __init__(self, log: ReviewLog) -> None:
        self.log = log

    @classmethod
    def create(
        cls,
        path: Path,
        match: str,
        angles: list[Path],
        author: str,
        profile: SportProfile | None = None,
        overrides: dict[str, int] | None = None,
        sides: tuple[str, ...] = (),
    ) -> Review:
        """A new review file of ``match``, run under ``profile`` (football FVS when None)."""
        profile = profile or find_profile(DEFAULT_SPORT)
        if profile.sides and sides:
            raise ReviewFileError(f"{profile.name} names its own sides ({', '.join(profile.sides)})", path)
        record = {
            "name": profile.name,
            "version": profile.version,
            "sha256": profile.sha256,
            "text": profile.text,
        }
        rules_of_the_match = {**record, "overrides": overrides or {}, "sides": list(sides)}
        review = cls(ReviewLog.create(path, match, author, {"sport_profile": rules_of_the_match}))
        for index, angle in enumerate(angles):
            review.log.append("angle_added", {"index": index, "path": str(angle.resolve())}, author)
        return review

    @classmethod
    def open(cls, path: Path) -> Review:
        return cls(ReviewLog.open(path))

    def close(self) -> None:
        self.log.close()

    def __enter__(self) -> Review:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self.log.path

    def state(self) -> ReviewState:
        return fold(list(self.log.entries()))

    def set_offset(self, angle: int, offset_frames: int, method: str, confidence: float, author: str) -> None:
        if angle == 0:
            raise ReviewFileError("angle 1 is the reference: its offset is 0", self.path)
        payload = {"angle": angle, "offset_frames": offset_frames, "method": method, "confidence": confidence}
        self.log.append("offset_set", payload, author)

    def add_incident(
        self,
        kind: IncidentType,
        first_frame: int,
        last_frame: int,
        players: list[str],
        notes: str,
        author: str,
    ) -> IncidentId:
        payload = self._incident_payload(kind, first_frame, last_frame, players, notes)
        return IncidentId(self.log.append("incident", payload, author).seq)

    def correct_incident(
        self,
        incident: IncidentId,
        kind: IncidentType,
        first_frame: int,
        last_frame: int,
        players: list[str],
        notes: str,
        author: str,
    ) -> None:
        self._require_incident(incident)
        payload = self._incident_payload(kind, first_frame, last_frame, players, notes)
        self.log.append("incident_corrected", payload, author, refers_to=incident)

    def add_drawing(self, drawing: Drawing, author: str) -> int:
        payload = {
            "angle": drawing.angle,
            "frame": drawing.frame,
            "kind": drawing.kind.value,
            "points": [list(p) for p in drawing.points],
            "text": drawing.text,
            "colour": list(drawing.colour),
            "width": drawing.width,
        }
        return self.log.append("drawing", payload, author).seq

    def remove_drawing(self, seq: int, author: str) -> None:
        self.log.append("drawing_removed", {}, author, refers_to=seq)

    def record_offside(self, incident: IncidentId, analysis: dict[str, Any], author: str) -> None:
        self._require_incident(incident)
        self.log.append("offside_analysis", {**analysis, "incident": incident}, author)

    def record_decision(
        self,
        incident: IncidentId,
        on_field_call: str,
        var_recommendation: str,
        final_decision: str,
        reason: str,
        reviewer: str,
    ) -> Decision:
        """Record (and sign) the decision; a second one on the same incident corrects the first."""
        state = self.state()
        if incident not in state.incidents:
            raise ReviewFileError(f"there is no incident {incident}", self.path)
        if not final_decision.strip():
            raise ReviewFileError("a decision needs a final decision", self.path)
        if not reviewer.strip():
            raise ReviewFileError("a decision needs the reviewer's name", self.path)
        standing = state.decision(incident)
        payload = {
            "incident": incident,
            "on_field_call": on_field_call,
            "var_recommendation": var_recommendation,
            "final_decision": final_decision,
            "reason": reason,
            "reviewer": reviewer,
        }
        entry = self.log.append("decision", payload, reviewer, refers_to=standing.seq if standing else None)
        return Decision(
            entry.seq,
            incident,
            on_field_call,
            var_recommendation,
            final_decision,
            reason,
            reviewer,
            entry.created_at,
            entry.public_key or "",
            entry.refers_to,
        )

    def request_review(
        self,
        team: Team,
        match_time: str,
        category: RequestCategory,
        author: str,
        frame: int | None = None,
        notes: str = "",
    ) -> RequestId:
        """Log a football team's review request (the form football's scripts use)."""
        state = self.state()
        new = rules.NewRequest(team.value, category.value, state.current_period, "coach", match_time)
        return self.ask(new, author, frame=frame, notes=notes)

    def ask(self, new: rules.NewRequest, author: str, frame: int | None = None, notes: str = "") -> RequestId:
        """Log a review request; one the sport's rules refuse is logged as refused, and raised.

        Raises:
            RequestRefused: the profile refuses it (the message quotes the rule).
        """
        state = self.state()
        if not new.match_time.strip():
            raise ReviewFileError("a review request needs the clock time it was made at", self.path)
        refused = rules.refusal(
            state.rules, list(state.requests.values()), new, state.sides, state.extra_time
        )
        payload = {
            "side": new.side,
            "category": new.category,
            "period": new.period,
            "by": new.by,
            "match_time": new.match_time,
            "action_time": new.action_time,
            "frame": frame,
            "notes": notes,
        }
        if new.side in (team.value for team in Team):
            payload["team"] = new.side  # football's readers (and the views) know it by this name
        if refused is not None:
            self.log.append(
                "review_request_refused",
                {**payload, "reason": refused.reason, "rule": refused.rule.en, "rule_vi": refused.rule.vi},
                author,
            )
            raise RequestRefused(refused, state.rules, self.path)
        return RequestId(self.log.append("review_request", payload, author).seq)

    def record_request_outcome(
        self, request: RequestId, outcome: RequestOutcome, reason: str, reviewer: str
    ) -> ReviewRequest:
        """Record (and sign) what the review of ``request`` decided."""
        state = self.state()
        if request not in state.requests:
            raise ReviewFileError(f"there is no review request {request}", self.path)
        if state.requests[request].outcome is not None:
            raise ReviewFileError(f"review request {request} already has its outcome", self.path)
        if not reviewer.strip():
            raise ReviewFileError("an outcome needs the referee's name", self.path)
        self.log.append(
            "review_request_outcome", {"outcome": outcome.value, "reason": reason}, reviewer, request
        )
        return self.state().requests[request]

    def start_extra_time(self, author: str) -> None:
        """Extra time or overtime begins: each side gets what the profile adds for it."""
        if self.state().extra_time:
            raise ReviewFileError("extra time has already started", self.path)
        self.log.append("extra_time_started", {}, author)

    def _incident_payload(
        self, kind: IncidentType, first_frame: int, last_frame: int, players: list[str], notes: str
    ) -> dict[str, Any]:
        if last_frame < first_frame:
            raise ReviewFileError(
                f"the incident ends (frame {last_frame}) before it starts (frame {first_frame})", self.path
            )
        return {
            "type": kind.value,
            "first_frame": first_frame,
            "last_frame": last_frame,
            "players": players,
            "notes": notes,
        }

    def _require_incident(self, incident: IncidentId) -> None:
        if incident not in self.state().incidents:
            raise ReviewFileError(f"there is no incident {incident}", self.path)
