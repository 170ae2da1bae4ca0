"""Errors of the media engine, each naming the file and what is wrong with it."""

from __future__ import annotations

from matchdesk.errors import MatchdeskError


class MediaError(MatchdeskError):
    """A video file that cannot be opened, indexed or decoded as asked."""


class FrameOutOfRange(MediaError):
    """A frame index outside ``0 .. frame_count - 1``."""
