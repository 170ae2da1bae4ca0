"""Shirt numbers read off each track's torso, to tell who a track is after a break.

The torso is cut from the pose model's shoulders and hips; RapidOCR's text recogniser (PP-OCR, whose
models its wheel carries: nothing is downloaded) reads it as one line. A track is looked at on up to
``READS_PER_TRACK`` of its frames, spread over its life, where its torso is largest. Only reads of one or
two digits with a recogniser score of at least ``CONFIDENT`` count. A number is given to a track only
when ``AGREEING`` such reads support it and make two thirds of them; otherwise the track's number is not
known (a number half hidden by a fold or an arm reads as one of its digits), and the coach is asked.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from tracking.tracks import CLASS_CODES, Tracks

logger = logging.getLogger(__name__)

READS_PER_TRACK = 8
MIN_TORSO_PX = 16  # shoulders to hips: shorter than this, a number is a few pixels and reads as noise
CONFIDENT = 0.8  # the recogniser's score for a read to count (a plain dark shirt reads "1" at 0.6-0.8)
AGREEING = 2  # confident reads that must agree
MAJORITY = 2 / 3  # of the confident reads
SIDE_MARGIN = 0.15  # of the torso's width, either side: a number is as wide as the back
LEFT_SHOULDER, RIGHT_SHOULDER, LEFT_HIP, RIGHT_HIP = 5, 6, 11, 12  # COCO keypoints
KEYPOINT_SEEN = 0.5

Picture = npt.NDArray[np.uint8]  # RGB, as the video is decoded
Read = tuple[str, float]  # the text and the recogniser's score


@dataclass(frozen=True)
class NumberReading:
    """What a track's shirt was read as."""

    number: str | None  # when the confident reads agree
    votes: Mapping[str, int] = field(default_factory=dict)  # confident read -> how many times
    looked: int = 0  # torsos read

    def wears(self, number: str | None) -> bool:
        return number is not None and self.number == number

    def contradicts(self, number: str | None) -> bool:
        """Read as another number, clearly: the track is someone else."""
        return number is not None and self.number is not None and self.number != number


def agreed_number(reads: Iterable[Read]) -> NumberReading:
    """The number a track's reads agree on, if they do. A one-digit read that is a digit of a two-digit
    read supports it: a fold or an arm hides one digit far more often than the recogniser adds one."""
    reads = list(reads)
    votes = Counter(text for text, score in reads if score >= CONFIDENT and is_shirt_number(text))
    if not votes:
        return NumberReading(None, {}, len(reads))
    support = {
        text: count + (sum(votes[digit] for digit in set(text)) if len(text) == 2 else 0)
        for text, count in votes.items()
    }
    ranked = sorted(support.values(), reverse=True)
    best = max(support, key=lambda text: support[text])
    agreed = (
        support[best] >= AGREEING
        and support[best] >= MAJORITY * sum(votes.values())
        and (len(ranked) == 1 or ranked[1] < ranked[0])
    )
    return NumberReading(best if agreed else None, dict(votes), len(reads))


def is_shirt_number(text: str) -> bool:
    return 1 <= len(text) <= 2 and text.isascii() and text.isdigit()


def torso(picture: Picture, keypoints: npt.NDArray[np.float32]) -> Picture | None:
    """The shirt between the shoulders and the hips, widened a little; None where the pose model did
    not see all four, or the torso is too small to show a number."""
    if not torso_heights(keypoints) >= MIN_TORSO_PX:  # NaN where not all four were seen: not read
        return None
    corners = keypoints[[LEFT_SHOULDER, RIGHT_SHOULDER, LEFT_HIP, RIGHT_HIP]]
    top, bottom = float(corners[:2, 1].mean()), float(corners[2:, 1].mean())
    left, right = float(corners[:, 0].min()), float(corners[:, 0].max())
    margin = SIDE_MARGIN * (right - left)
    height, width = picture.shape[:2]
    x0, x1 = max(0, int(left - margin)), min(width, int(np.ceil(right + margin)))
    y0, y1 = max(0, int(top)), min(height, int(np.ceil(bottom)))
    if x1 - x0 < 4 or y1 - y0 < MIN_TORSO_PX:
        return None
    return picture[y0:y1, x0:x1]


def torso_heights(keypoints: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Shoulders to hips in pixels, for one person's keypoints (17, 3) or many (n, 17, 3); NaN where the
    pose model did not see all four."""
    corners = keypoints[..., [LEFT_SHOULDER, RIGHT_SHOULDER, LEFT_HIP, RIGHT_HIP], :]
    with np.errstate(invalid="ignore"):
        seen = np.all(corners[..., 2] >= KEYPOINT_SEEN, axis=-1)
    heights = corners[..., 2:, 1].mean(axis=-1) - corners[..., :2, 1].mean(axis=-1)
    return np.asarray(np.where(seen, heights, np.nan), dtype=keypoints.dtype)


class NumberReader:
    """RapidOCR's recogniser, loaded on first use (about a second)."""

    def __init__(self) -> None:
        self._engine: Any = None

    def read(self, crop: Picture) -> Read:
        """One torso (RGB) read as one line of text."""
        if self._engine is None:
            from rapidocr import RapidOCR

            self._engine = RapidOCR(params={"Global.log_level": "warning"})
        result = self._engine(
            cv2.cvtColor(crop, cv2.COLOR_RGB2BGR), use_det=False, use_cls=False, use_rec=True
        )
        texts, scores = result.txts or ("",), result.scores or (0.0,)
        return str(texts[0]).strip(), float(scores[0])


def frames_to_read(tracks: Tracks, per_track: int = READS_PER_TRACK) -> dict[int, list[int]]:
    """Row indices of ``tracks`` to read, per track: the largest torso in each of ``per_track`` equal
    stretches of the track's seen frames."""
    people = (tracks.cls != CLASS_CODES["ball"]) & (tracks.track_id > 0) & ~tracks.hidden
    size = torso_heights(tracks.keypoints)
    with np.errstate(invalid="ignore"):
        eligible = np.flatnonzero(people & (size >= MIN_TORSO_PX))
    chosen: dict[int, list[int]] = {}
    for track in np.unique(tracks.track_id[eligible]):
        rows = eligible[tracks.track_id[eligible] == track]
        rows = rows[np.argsort(tracks.frame[rows], kind="stable")]
        chosen[int(track)] = [
            int(part[np.argmax(size[part])]) for part in np.array_split(rows, min(per_track, len(rows)))
        ]
    return chosen


def read_track_numbers(
    video_path: Path,
    tracks: Tracks,
    reader: NumberReader | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> dict[int, NumberReading]:
    """Each track's shirt number as read on ``video_path`` (a track with no torso to read has none)."""
    from var.media import open_video

    reader = reader or NumberReader()
    chosen = frames_to_read(tracks)
    rows = sorted((row for rows in chosen.values() for row in rows), key=lambda r: int(tracks.frame[r]))
    reads: dict[int, list[Read]] = {track: [] for track in chosen}
    with open_video(video_path, read_ahead=0) as video:
        for done, row in enumerate(rows, 1):
            picture = np.asarray(video.frame(int(tracks.frame[row])))
            crop = torso(picture, tracks.keypoints[row])
            if crop is not None:
                reads[int(tracks.track_id[row])].append(reader.read(crop))
            if on_progress is not None:
                on_progress(done, len(rows))
    readings = {track: agreed_number(found) for track, found in reads.items()}
    known = {track: r.number for track, r in readings.items() if r.number is not None}
    logger.info("%s: shirt numbers read on %d of %d tracks: %s", video_path, len(known), len(readings), known)
    return readings
