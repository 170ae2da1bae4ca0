"""What a match's review log says now: its angles and offsets, incidents, drawings, offside analyses,
decisions and review requests, folded from the append-only log with every correction applied
(:func:`fold`). :mod:`var.review_record` writes the entries; this reads them back."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import Any, NewType

from var.drawings import Drawing, DrawingKind
from var.review_log import Entry
from var.review_requests import RequestId, RequestOutcome, ReviewRequest, Team
from var.sports import rules
from var.sports.catalogue import DEFAULT_SPORT, find_profile
from var.sports.profile import SportProfile, parse_profile, with_overrides

IncidentId = NewType("IncidentId", int)


class IncidentType(Enum):
    OFFSIDE = "offside"
    FOUL = "foul"
    HANDBALL = "handball"
    GOAL_CHECK = "goal_check"
    PENALTY = "penalty"
    RED_CARD = "red_card"
    MISTAKEN_IDENTITY = "mistaken_identity"


@dataclass(frozen=True)
class Incident:
    id: IncidentId
    type: IncidentType
    first_frame: int  # reference frames
    last_frame: int
    players: tuple[str, ...]
    notes: str
    author: str
    created_at: str


@dataclass(frozen=True)
class Decision:
    seq: int
    incident: IncidentId
    on_field_call: str
    var_recommendation: str
    final_decision: str
    reason: str
    reviewer: str
    created_at: str
    public_key: str
    corrects: int | None


@dataclass
class ReviewState:
    """Everything the log says now."""

    match: str = ""
    angle_paths: list[Path] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    offset_methods: list[str] = field(default_factory=list)
    incidents: dict[IncidentId, Incident] = field(default_factory=dict)
    drawings: dict[int, Drawing] = field(default_factory=dict)  # entry seq -> drawing
    offside: dict[IncidentId, dict[str, Any]] = field(
        default_factory=dict
    )  # the latest analysis per incident
    decisions: dict[IncidentId, list[Decision]] = field(default_factory=dict)  # oldest first
    requests: dict[RequestId, ReviewRequest] = field(default_factory=dict)
    refusals: list[dict[str, Any]] = field(default_factory=list)  # requests refused, and why
    extra_time: bool = False
    profile: SportProfile | None = None  # None: a file from before profiles, run as football FVS
    profile_overrides: dict[str, int] = field(default_factory=dict)
    named_sides: tuple[str, ...] = ()  # the sides named for the match (badminton's players or pairs)

    @property
    def rules(self) -> SportProfile:
        """The sport profile the review runs under, with the competition's own counts."""
        if self.profile is None:
            self.profile = find_profile(DEFAULT_SPORT)
        return self.profile

    @property
    def sides(self) -> tuple[str, ...]:
        return rules.sides_in_play(self.rules, self.named_sides, self.requests.values())

    @property
    def current_period(self) -> int:
        """The latest period a request was made in (1 before any)."""
        return max((request.period for request in self.requests.values()), default=1)

    def remaining_requests(self, side: Team | str, period: int | None = None) -> int:
        name = side.value if isinstance(side, Team) else side
        return rules.remaining(
            self.rules, self.requests.values(), name, period or self.current_period, self.extra_time
        )

    def points(self) -> dict[str, int]:
        return rules.points(self.rules, self.requests.values(), self.sides)

    def decision(self, incident: IncidentId) -> Decision | None:
        """The standing decision on ``incident`` (the latest; earlier ones were corrected)."""
        history = self.decisions.get(incident)
        return history[-1] if history else None


def fold(entries: list[Entry]) -> ReviewState:
    state = ReviewState()
    for entry in entries:
        p = entry.payload
        if entry.kind == "review_created":
            state.match = str(p["match"])
            if "sport_profile" in p:  # files from before profiles ran under football FVS
                _take_profile(state, p["sport_profile"])
        elif entry.kind == "angle_added":
            state.angle_paths.append(Path(p["path"]))
            state.offsets.append(0)
            state.offset_methods.append("reference" if not state.offsets[:-1] else "manual")
        elif entry.kind == "offset_set":
            state.offsets[int(p["angle"])] = int(p["offset_frames"])
            state.offset_methods[int(p["angle"])] = str(p["method"])
        elif entry.kind in ("incident", "incident_corrected"):
            incident_id = IncidentId(
                entry.refers_to if entry.kind == "incident_corrected" and entry.refers_to else entry.seq
            )
            state.incidents[incident_id] = Incident(
                incident_id,
                IncidentType(p["type"]),
                int(p["first_frame"]),
                int(p["last_frame"]),
                tuple(p.get("players", ())),
                str(p.get("notes", "")),
                entry.author,
                entry.created_at,
            )
        elif entry.kind == "drawing":
            state.drawings[entry.seq] = Drawing(
                DrawingKind(p["kind"]),
                int(p["angle"]),
                int(p["frame"]),
                tuple(tuple(q) for q in p["points"]),
                str(p.get("text", "")),
                tuple(p.get("colour", (255, 220, 0))),
                float(p.get("width", 3.0)),
            )
        elif entry.kind == "drawing_removed" and entry.refers_to is not None:
            state.drawings.pop(entry.refers_to, None)
        elif entry.kind == "offside_analysis":
            state.offside[IncidentId(int(p["incident"]))] = {**p, "seq": entry.seq}
        elif entry.kind == "decision":
            incident_id = IncidentId(int(p["incident"]))
            state.decisions.setdefault(incident_id, []).append(
                Decision(
                    entry.seq,
                    incident_id,
                    p["on_field_call"],
                    p["var_recommendation"],
                    p["final_decision"],
                    p["reason"],
                    p["reviewer"],
                    entry.created_at,
                    entry.public_key or "",
                    entry.refers_to,
                )
            )
        elif entry.kind == "review_request":
            state.requests[RequestId(entry.seq)] = ReviewRequest(
                RequestId(entry.seq),
                str(p.get("side", p.get("team"))),  # files from before profiles said "team"
                str(p["match_time"]),
                str(p["category"]),
                None if p.get("frame") is None else int(p["frame"]),
                str(p.get("notes", "")),
                entry.author,
                entry.created_at,
                period=int(p.get("period", 1)),
                by=str(p.get("by", "coach")),
                action_time=str(p.get("action_time", "")),
            )
        elif entry.kind == "review_request_refused":
            state.refusals.append({**p, "seq": entry.seq, "author": entry.author, "at": entry.created_at})
        elif entry.kind == "review_request_outcome" and entry.refers_to in state.requests:
            request_id = RequestId(entry.refers_to)
            state.requests[request_id] = replace(
                state.requests[request_id],
                outcome=RequestOutcome(p["outcome"]),
                outcome_reason=str(p.get("reason", "")),
                decided_by=entry.author,
                decided_at=entry.created_at,
                public_key=entry.public_key or "",
            )
        elif entry.kind == "extra_time_started":
            state.extra_time = True
    return state


def _take_profile(state: ReviewState, recorded: dict[str, Any]) -> None:
    overrides = {str(key): int(value) for key, value in recorded.get("overrides", {}).items()}
    origin = Path(f"{recorded['name']}.toml (as the review file keeps it)")
    state.profile = with_overrides(parse_profile(str(recorded["text"]).encode("utf-8"), origin), overrides)
    state.profile_overrides = overrides
    state.named_sides = tuple(recorded.get("sides", ()))
