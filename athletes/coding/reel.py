"""A playlist of coded events cut from the session's video into one MP4 reel, each clip captioned with
its code, its labels and its time in the session (what a coach shows the squad)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction
from pathlib import Path

import numpy as np

from athletes.coding.events import CodedEvent
from matchdesk.errors import MatchdeskError
from var.burn_in import draw_caption
from var.media import open_video
from var.media.ffmpeg_tool import encode_rgb_frames
from var.timebase import format_timecode


def caption_of(event: CodedEvent) -> str:
    labels = " · ".join(str(label) for label in event.labels)
    return f"{event.code}{' — ' + labels if labels else ''}  ({format_timecode(event.start)})"


def export_reel(video_path: Path, events: Sequence[CodedEvent], out: Path) -> int:
    """The frames of ``events`` (in their order on the timeline) as one captioned MP4; returns how many
    frames it holds.

    Raises:
        MatchdeskError: no events, or ``out`` is not an .mp4 file.
    """
    if not events:
        raise MatchdeskError("no events to put in the reel")
    if out.suffix.lower() != ".mp4":
        raise MatchdeskError("the reel is an MP4: give a .mp4 file", out)
    ordered = sorted(events, key=lambda e: (e.start, e.id))
    with open_video(video_path) as video:
        info = video.info
        rate = info.frame_rate
        spans = [
            (_frame(e.start, rate, info.frame_count), _frame(e.end, rate, info.frame_count), e)
            for e in ordered
        ]
        count = sum(last - first + 1 for first, last, _ in spans)

        def frames() -> Iterator[bytes]:
            for first, last, event in spans:
                caption = caption_of(event)
                for index in range(first, last + 1):
                    picture = np.ascontiguousarray(np.asarray(video.frame(index)))
                    yield draw_caption(picture, caption).tobytes()

        written = out.with_name(out.stem + ".part" + out.suffix)
        encode_rgb_frames(written, frames(), info.width, info.height, rate)
    written.replace(out)
    return count


def _frame(seconds: Fraction, rate: Fraction, frame_count: int) -> int:
    return max(0, min(frame_count - 1, int(seconds * rate)))
