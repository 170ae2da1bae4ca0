"""Keeping a desk session and its review file in step.

Drawings are recorded as they are made (and their removal as a new entry). Offsets are recorded
when they matter: before an incident, an offside check, a decision or an export is recorded, so
the log says which sync the evidence was judged with, without an entry for every nudge.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

import platformdirs

from var.drawings import Drawing
from var.review_log import RECEIPTS_VARIABLE
from var.review_record import Review
from var.review_session import ReviewSession
from var.review_state import ReviewState

logger = logging.getLogger(__name__)


def default_review_path(first_angle: Path) -> Path:
    """Where a review file goes when the referee did not name one: the user's data folder."""
    import os

    configured = os.environ.get(RECEIPTS_VARIABLE)
    base = Path(configured) if configured else Path(platformdirs.user_data_dir("matchdesk"))
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return base / "reviews" / f"{stamp}_{first_angle.stem}.review"


class ReviewRecorder:
    """Mirrors a session's drawings and offsets into its review file."""

    def __init__(self, review: Review, session: ReviewSession, author: str) -> None:
        self.review = review
        self.session = session
        self.author = author
        self._stored: list[tuple[Drawing, int]] = []
        for seq, drawing in review.state().drawings.items():
            session.drawings.add(drawing, announce=False)
            self._stored.append((drawing, seq))
        session.drawings.added.connect(self._drawing_added)
        session.drawings.removed.connect(self._drawing_removed)

    def state(self) -> ReviewState:
        return self.review.state()

    def record_offsets(self) -> None:
        """Record every angle whose offset in the desk differs from the file's."""
        stored = self.review.state().offsets
        for angle, track in enumerate(self.session.playback.angles):
            if angle > 0 and angle < len(stored) and stored[angle] != track.offset:
                self.review.set_offset(angle, track.offset, "manual", 1.0, self.author)

    def detach(self) -> None:
        self.session.drawings.added.disconnect(self._drawing_added)
        self.session.drawings.removed.disconnect(self._drawing_removed)

    def _drawing_added(self, drawing: Drawing) -> None:
        self._stored.append((drawing, self.review.add_drawing(drawing, self.author)))

    def _drawing_removed(self, drawing: Drawing) -> None:
        for position, (stored, seq) in enumerate(self._stored):
            if stored == drawing:
                self.review.remove_drawing(seq, self.author)
                del self._stored[position]
                return
