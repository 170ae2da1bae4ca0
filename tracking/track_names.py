"""Tracks named as athletes: the coach clicks a player once, the tracker carries the name, and where a
track breaks the name is proposed for the track that takes over.

A track breaks when its player is hidden or leaves the picture; the tracker then starts a new one. For
each named track that ends before the video does, the unnamed tracks that start within
``TAKE_OVER_SECONDS`` are candidates, judged by where they start (against where the named player was
heading, in player heights, a track of the other team counted a height further). One clear candidate
takes the name; more than one close, or none near enough, is asked of the coach
(:attr:`TrackNames.questions`).

Where the squad's shirt numbers are known and a track's number was read
(:mod:`tracking.shirt_numbers`), a candidate wearing another number is not the athlete, and the one
candidate wearing his takes over however near the others start. A track of his team that wears his
number later on, once he left the picture, is named too, provided it is never seen beside one of his.
Nothing here writes to an athlete's record: the session's names are confirmed first.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matchdesk.errors import MatchdeskError
from tracking.shirt_numbers import NumberReading
from tracking.tracks import CLASS_CODES, Tracks

logger = logging.getLogger(__name__)

TAKE_OVER_SECONDS = 3.0
NEAR_HEIGHTS = 1.5  # a track starting this many player heights from where the named one was heading
FAR_HEIGHTS = 4.0  # further than this, a track starting is someone else: the player has left the picture
CLEARLY_NEARER = 2.0  # the nearest candidate is this many times nearer than the next: it takes over
CLICK_REACH = 0.5  # of a box's height: a click this far outside a box is still on that player
OTHER_TEAM_HEIGHTS = 1.0  # a track of the other team weighs as if it started this much further away


@dataclass(frozen=True)
class Question:
    """A break the coach is asked about: which of ``candidates`` (track ids) is ``athlete``."""

    athlete: str
    ended_track: int
    ended_frame: int
    candidates: tuple[int, ...]


class TrackNames:
    """Which athlete each track of one video is."""

    def __init__(
        self,
        tracks: Tracks,
        frame_rate: float,
        numbers: Mapping[int, NumberReading] | None = None,
        shirt_numbers: Mapping[str, str] | None = None,
    ) -> None:
        """``numbers``: each track's shirt number as read; ``shirt_numbers``: athlete -> the number he
        wears."""
        people = tracks[(tracks.cls != CLASS_CODES["ball"]) & (tracks.track_id > 0)]
        self._tracks = people
        self._rate = frame_rate
        self._numbers = dict(numbers or {})
        self._shirt_numbers = dict(shirt_numbers or {})
        self._named: dict[int, str] = {}
        self.questions: list[Question] = []
        ids = np.unique(people.track_id)
        self._first = {int(i): int(people.frame[people.track_id == i].min()) for i in ids}
        # A track ends where its player was last seen: boxes after that are the motion model's guesses
        # while he is hidden, and the track that takes over may start among them.
        seen = people.seen()
        self._last = {
            int(i): int(seen.frame[seen.track_id == i].max())
            if (seen.track_id == i).any()
            else int(people.frame[people.track_id == i].max())
            for i in ids
        }
        self._team = {int(i): _most_common(people.team[people.track_id == i]) for i in ids}

    @property
    def named(self) -> dict[int, str]:
        """Track id -> athlete."""
        return dict(self._named)

    def tracks_of(self, athlete: str) -> list[int]:
        return sorted(t for t, name in self._named.items() if name == athlete)

    def rows_of(self, athlete: str) -> Tracks:
        """Every row of the tracks named as ``athlete``; a guessed box of a track that ended is left out
        where the track that took over sees him."""
        rows = self._tracks[np.isin(self._tracks.track_id, self.tracks_of(athlete))]
        seen_at = rows.frame[~rows.hidden]
        return rows[~(rows.hidden & np.isin(rows.frame, seen_at))]

    def track_at(self, frame: int, at: tuple[float, float]) -> int:
        """The track whose player is under the click ``at`` on ``frame``."""
        here = self._tracks[self._tracks.frame == frame]
        if len(here) == 0:
            raise MatchdeskError(f"no player tracked on frame {frame}")
        x, y = at
        boxes = here.xyxy.astype(np.float64)
        outside = np.hypot(
            np.maximum.reduce([boxes[:, 0] - x, np.zeros(len(boxes)), x - boxes[:, 2]]),
            np.maximum.reduce([boxes[:, 1] - y, np.zeros(len(boxes)), y - boxes[:, 3]]),
        )
        nearest = int(np.argmin(outside))
        if outside[nearest] > CLICK_REACH * (boxes[nearest, 3] - boxes[nearest, 1]):
            raise MatchdeskError(f"no player tracked at {x:.0f},{y:.0f} on frame {frame}")
        return int(here.track_id[nearest])

    def assign(self, frame: int, at: tuple[float, float], athlete: str) -> int:
        """Names the player clicked ``at`` on ``frame`` as ``athlete``, and carries the name across the
        breaks of his track that are clear; returns the track id."""
        track = self.track_at(frame, at)
        for other in self.tracks_of(athlete):
            if other != track and self._overlap(other, track):
                raise MatchdeskError(
                    f"{athlete} is named on another player seen at the same time (track {other}): "
                    "one athlete cannot be two players"
                )
        previous = self._named.get(track)
        if previous is not None and previous != athlete:
            logger.info("track %d was %s; now %s", track, previous, athlete)
        self._named[track] = athlete
        # A click on one of the players a question offered answers it.
        self.questions = [q for q in self.questions if not (q.athlete == athlete and track in q.candidates)]
        self._carry(track, athlete)
        self._find_by_number(athlete)
        return track

    def answer(self, question: Question, track: int | None) -> None:
        """The coach's answer: ``track`` is the athlete (None: none of them is)."""
        self.questions.remove(question)
        if track is not None:
            self._named[track] = question.athlete
            self._carry(track, question.athlete)
            self._find_by_number(question.athlete)

    def _other_team(self, a: int, b: int) -> bool:
        """Whether tracks ``a`` and ``b`` are of the two teams (both teams known and not the same)."""
        return self._team[a] >= 0 and self._team[b] >= 0 and self._team[a] != self._team[b]

    def _overlap(self, a: int, b: int) -> bool:
        return self._first[a] <= self._last[b] and self._first[b] <= self._last[a]

    def _carry(self, track: int, athlete: str) -> None:
        """From ``track``'s end, the track that takes over (when one is clear), and on from there."""
        number = self._shirt_numbers.get(athlete)
        while True:
            end = self._last[track]
            reach = int(TAKE_OVER_SECONDS * self._rate)
            candidates = [
                t
                for t, first in self._first.items()
                if end < first <= end + reach and t not in self._named and not self._reads_other(t, number)
            ]
            if not candidates:
                return
            distances = {t: self._distance(track, t) for t in candidates}
            ranked = sorted(
                (t for t in candidates if distances[t] <= FAR_HEIGHTS), key=lambda t: distances[t]
            )
            if not ranked:
                return
            wearing = [t for t in ranked if self._wears(t, number)]
            best = wearing[0] if len(wearing) == 1 else ranked[0]
            clear = len(wearing) == 1 or (
                distances[best] <= NEAR_HEIGHTS
                and (len(ranked) == 1 or distances[ranked[1]] >= CLEARLY_NEARER * distances[best])
            )
            if not clear:
                self.questions.append(Question(athlete, track, end, tuple(ranked)))
                return
            logger.info("track %d takes over from %d as %s", best, track, athlete)
            self._named[best] = athlete
            track = best

    def _find_by_number(self, athlete: str) -> None:
        """Tracks of the athlete's team wearing his number, never seen beside one of his: him again,
        after he left the picture; each carried on from in turn."""
        number = self._shirt_numbers.get(athlete)
        mine = self.tracks_of(athlete)
        teams = {self._team[t] for t in mine} - {-1}
        if number is None or len(teams) != 1:
            return
        for track in sorted(self._first, key=lambda t: self._first[t]):
            if (
                track not in self._named
                and self._wears(track, number)
                and self._team[track] in teams
                and not any(self._overlap(track, other) for other in self.tracks_of(athlete))
            ):
                logger.info("track %d wears %s's number %s", track, athlete, number)
                self._named[track] = athlete
                self._carry(track, athlete)

    def _wears(self, track: int, number: str | None) -> bool:
        reading = self._numbers.get(track)
        return reading is not None and reading.wears(number)

    def _reads_other(self, track: int, number: str | None) -> bool:
        reading = self._numbers.get(track)
        return reading is not None and reading.contradicts(number)

    def _distance(self, ended: int, started: int) -> float:
        """Where ``started`` begins from where ``ended``'s player was heading, in his heights, and one
        height more when it is a track of the other team. A weight, not a bar: a track's team is told by
        its shirt colours and can be wrong (on the sample match, leaving the other team's tracks out
        altogether lost 2.5 of Home #9's 10.6 s tracked after his fall)."""
        before = self._tracks[self._tracks.track_id == ended]
        before = before.seen() if (~before.hidden).any() else before  # where he was seen, not guessed
        after = self._tracks[self._tracks.track_id == started]
        last = before[np.argsort(before.frame)][-min(len(before), int(self._rate)) :]
        first = after[after.frame == after.frame.min()]
        feet, at = last.feet.astype(np.float64), float(last.frame[-1])
        velocity = (feet[-1] - feet[0]) / max(1.0, float(last.frame[-1] - last.frame[0]))
        heading = feet[-1] + velocity * (float(first.frame[0]) - at)
        height = float(np.median(last.xyxy[:, 3] - last.xyxy[:, 1]))
        apart = float(np.linalg.norm(first.feet[0].astype(np.float64) - heading)) / max(height, 1.0)
        return apart + (OTHER_TEAM_HEIGHTS if self._other_team(ended, started) else 0.0)


def _most_common(values: npt.NDArray[np.int8]) -> int:
    """The team most of a track's rows give (-1: not known)."""
    known = values[values >= 0]
    return int(np.bincount(known).argmax()) if len(known) else -1
