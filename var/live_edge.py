"""Reviewing while recording: the timeline grows with the recording, the playhead can stay at the
live edge, and the operator steps back for a replay and returns to live with one key.

Headless: the desk calls :meth:`LiveEdge.refresh` off the GUI thread (it re-reads the growing files)
and :meth:`LiveEdge.apply` on it (it changes the playback model, which the widgets follow).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from var.capture.recording import Recording, clock_gaps
from var.events import Event
from var.media import Video
from var.playback import Playback

REPLAY_SPEED = Fraction(1, 2)
# An angle whose last frame is further behind than this has dropped out: it does not hold the live
# edge back (its gap stays a gap).
DROPPED_OUT_SECONDS = 2


@dataclass(frozen=True)
class LiveSnapshot:
    """What one refresh found: each angle's frame count and the capture's status (``status.json``)."""

    frame_counts: list[int]
    gaps: list[tuple[tuple[int, int], ...]] = field(default_factory=list)
    status: dict[str, Any] = field(default_factory=dict)
    recording_live: bool = False


class LiveEdge:
    """Keeps ``playback`` in step with ``videos`` that are still being recorded."""

    def __init__(self, playback: Playback, videos: list[Video], recording: Recording | None) -> None:
        self.playback = playback
        self.videos = videos
        self.recording = recording
        self.following = True  # the playhead sits at the live edge and moves with it
        self.snapshot = LiveSnapshot([video.info.frame_count for video in videos])
        self.live_changed: Event[bool] = Event()  # following or not
        self._moving = False
        self._gaps: dict[int, tuple[tuple[int, int], ...]] = {}  # per angle, from the last refresh
        playback.frame_changed.connect(self._playhead_moved)

    # --- off the GUI thread ------------------------------------------------------------------

    def refresh(self) -> LiveSnapshot:
        """Re-read the growing files (slow: run it off the GUI thread)."""
        for angle, video in enumerate(self.videos):
            if video.refresh() or angle not in self._gaps:  # the clock file only when the file grew
                self._gaps[angle] = self._gaps_of(video)
        recording = self.recording
        return LiveSnapshot(
            [video.info.frame_count for video in self.videos],
            [self._gaps[angle] for angle in range(len(self.videos))],
            recording.status() if recording is not None else {},
            recording.is_live if recording is not None else False,
        )

    def _gaps_of(self, video: Video) -> tuple[tuple[int, int], ...]:
        """A recorded angle's drop-outs by the capture clock; a file's from its own timestamps."""
        angles = {
            angle.folder.resolve(): angle for angle in (self.recording.angles if self.recording else ())
        }
        angle = angles.get(Path(video.path).resolve())
        return video.info.gaps if angle is None else clock_gaps(angle, (video.index, video.info))

    # --- on the GUI thread -------------------------------------------------------------------

    def apply(self, snapshot: LiveSnapshot) -> None:
        """Grow the timeline to ``snapshot``; a playhead following the live edge moves with it."""
        self.snapshot = snapshot
        for angle, count in enumerate(snapshot.frame_counts):
            gaps = snapshot.gaps[angle] if snapshot.gaps else None
            self.playback.set_frame_count(angle, count, gaps)
        if self.following:
            self._move_to(self.live_frame)

    @property
    def live_frame(self) -> int:
        """The latest moment every angle still recording has a picture of."""
        playback = self.playback
        ends = [
            playback.reference_frame(angle, track.frame_count - 1)
            for angle, track in enumerate(playback.angles)
        ]
        latest = max(ends)
        recording = [end for end in ends if latest - end <= DROPPED_OUT_SECONDS * playback.frame_rate]
        return min(recording)

    @property
    def seconds_behind(self) -> Fraction:
        return Fraction(max(self.live_frame - self.playback.frame, 0)) / self.playback.frame_rate

    def go_live(self) -> None:
        """Back to the live edge (and stay there)."""
        self.playback.pause()
        self.playback.set_speed(Fraction(1))
        self._set_following(True)
        self._move_to(self.live_frame)

    def replay(self, seconds: int) -> None:
        """Instant replay: ``seconds`` before live, playing at half speed."""
        self._set_following(False)
        self._move_to(self.live_frame - round(seconds * self.playback.frame_rate))
        self.playback.set_speed(REPLAY_SPEED)
        self.playback.play(1)

    # --- internals ---------------------------------------------------------------------------

    def _move_to(self, frame: int) -> None:
        self._moving = True
        try:
            self.playback.seek(frame)
        finally:
            self._moving = False

    def _playhead_moved(self, frame: int) -> None:
        if not self._moving and self.following and frame < self.live_frame:
            self._set_following(False)  # the operator stepped back: stay where they are

    def _set_following(self, following: bool) -> None:
        if following != self.following:
            self.following = following
            self.live_changed.emit(following)
