"""Moving a session's video clock against its straps, as the coach does in the window: a nudge of a
frame or a second, or a sync point (this frame shows that moment of the wearable data: a clap, a
jump, a whistle). Each gives the opened session with every strap placed anew, or raises and nothing
changes; :func:`keep_clock` then keeps the angle's clock in the session's folder. The command line,
which has no opened session, moves a clock with :func:`keep_moved_clock`."""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from pathlib import Path

from athletes.video_session.clocks import SyncPoint
from athletes.video_session.folder import Angle, VideoSession, add_sync_point, load_session, save_session
from athletes.video_session.opened import OpenedSession
from athletes.video_session.wearables import check_straps_meet, place


def on_clock(opened: OpenedSession, angle: Angle) -> OpenedSession:
    """``opened`` on ``angle``'s clock, each athlete's strap placed again.

    Raises:
        MatchdeskError: a strap would no longer overlap the video (moved off it altogether).
    """
    straps = {name: place(name, placed.recording, angle) for name, placed in opened.straps.items()}
    return dataclasses.replace(opened, angle=angle, straps=straps)


def nudged(opened: OpenedSession, seconds: Fraction) -> OpenedSession:
    """The video ``seconds`` later against the straps (earlier when negative)."""
    return on_clock(opened, opened.angle.nudged(seconds))


def synced(opened: OpenedSession, point: SyncPoint) -> OpenedSession:
    """The video's clock set by one more sync point (one far from the file's own time accepted: the
    window has asked)."""
    return on_clock(opened, add_sync_point(opened.angle, point, accept_far=True))


def keep_clock(opened: OpenedSession) -> None:
    """``opened``'s angle (its nudge and sync points) kept in the session's folder."""
    session = load_session(opened.folder)
    save_session(opened.folder, session.with_angle(opened.angle))


def keep_moved_clock(folder: Path, angle: Angle) -> VideoSession:
    """The session in ``folder`` with ``angle``'s new clock kept, once every strap of the session is
    placed on it (as the window places them).

    Raises:
        MatchdeskError: a strap would no longer overlap the video, or cannot be read; the folder is
            left as it was.
    """
    session = load_session(folder)
    check_straps_meet(session.wearables, angle)
    moved = session.with_angle(angle)
    save_session(folder, moved)
    return moved
