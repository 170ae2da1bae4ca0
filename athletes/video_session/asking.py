"""What the session window asks the coach after a break the tracker could not bridge alone: which of
the players who appear there is the athlete. It shows the frame where they first all stand, with
their boxes; the coach's click on one of them answers (it is kept as any naming click is)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tracking.track_names import TrackNames
from tracking.tracks import Tracks


@dataclass(frozen=True)
class Asked:
    athlete: str
    frame: int  # the frame to show: the candidates all in view, or the first of them
    boxes: tuple[npt.NDArray[np.float64], ...]  # the candidates' boxes there (x1, y1, x2, y2)


def first_question(tracks: Tracks, names: TrackNames) -> Asked | None:
    """The first break the coach is asked about, or None when every name was carried on alone."""
    if not names.questions:
        return None
    question = names.questions[0]
    people = tracks[np.isin(tracks.track_id, question.candidates)]
    firsts = [int(people.frame[people.track_id == t].min()) for t in question.candidates]
    frame = max(firsts)  # every candidate has appeared by then (they start within a few seconds)
    here = people[people.frame == frame]
    if len(np.unique(here.track_id)) < len(question.candidates):
        frame = min(firsts)
        here = people[people.frame == frame]
    return Asked(question.athlete, frame, tuple(np.asarray(b, np.float64) for b in here.xyxy))
