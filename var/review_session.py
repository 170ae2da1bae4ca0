"""One incident review: its camera angles, the shared playhead, and the drawings made on them."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from var.drawings import DrawingStore
from var.media import Video, open_video
from var.media.errors import MediaError
from var.playback import AngleTrack, Playback

logger = logging.getLogger(__name__)

MAX_ANGLES = 4


@dataclass
class ReviewSession:
    """Everything the desk shows; closing it releases every decoder."""

    videos: list[Video]
    playback: Playback
    drawings: DrawingStore = field(default_factory=DrawingStore)

    @classmethod
    def open(cls, paths: Sequence[Path], offsets: Sequence[int] | None = None) -> ReviewSession:
        """Open 1 to 4 angles of one match; the first is the reference for the playhead.

        Raises:
            MediaError: an angle cannot be opened (the ones already opened are closed again).
        """
        if not 1 <= len(paths) <= MAX_ANGLES:
            raise MediaError(f"a review takes 1 to {MAX_ANGLES} angles, {len(paths)} were given")
        videos: list[Video] = []
        try:
            for path in paths:
                videos.append(open_video(path))
        except MediaError:
            for video in videos:
                video.close()
            raise
        given = list(offsets or [])
        tracks = [
            AngleTrack(
                name=video.path.stem,
                frame_count=video.info.frame_count,
                frame_rate=video.info.frame_rate,
                offset=given[i] if i < len(given) and i > 0 else 0,
                gaps=video.info.gaps,  # a recorded camera's drop-outs: no picture there, never shifted
            )
            for i, video in enumerate(videos)
        ]
        return cls(videos=videos, playback=Playback(tracks))

    def reopen(self, angle: int) -> tuple[Video, Video]:
        """Open ``angle`` again (e.g. after its proxy was built).

        Returns the new video and the old one, which the caller closes once nothing reads from it.
        """
        old = self.videos[angle]
        self.videos[angle] = open_video(old.path)
        return self.videos[angle], old

    def missing_proxies(self) -> list[int]:
        """Angles a proxy would speed up: files without one (a recording's angle is proxied by the
        capture, behind the recording)."""
        return [
            i for i, video in enumerate(self.videos) if not video.uses_proxy and Path(video.path).is_file()
        ]

    def close(self) -> None:
        for video in self.videos:
            video.close()
