"""Opening a training session's window on a session folder: its angle's tracks as the session keeps
them (tracked on first opening with the tracking weights of the settings), each athlete's curves, and
the coded events. The review desk and ``matchdesk session open`` both open it so."""

from __future__ import annotations

from pathlib import Path

from athletes.coding.store import load_timeline
from athletes.video_session.curves import session_curves
from athletes.video_session.opened import kept_tracks, open_session
from athletes.video_session.records import SessionRecords
from ui.session.window import SessionWindow


def session_window(
    folder: Path,
    angle: str | None = None,
    weights: Path | None = None,
    records: SessionRecords | None = None,
) -> SessionWindow:
    """The session in ``folder`` in a window (not shown yet); with ``records``, its load reads and
    writes the athletes' records.

    Raises:
        MatchdeskError: not a session folder, an angle not tracked and no weights to track it with...
    """
    opened = open_session(folder, angle, lambda f, a: kept_tracks(f, a, weights), need_pitch=False)
    return SessionWindow(opened, session_curves(opened), load_timeline(folder), records)
