"""Exporting an incident's evidence: a clip per angle, a 2x2 split screen, full-resolution stills.

Everything is burned in: the referee's drawings, the offside lines (on the analysed frame, which is
held for a second so it can be read), and a caption with angle, frame number and match time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from var.burn_in import Picture, draw_caption, draw_drawings, draw_offside, draw_text
from var.drawings import Drawing
from var.media import Video, open_video
from var.media.ffmpeg_tool import encode_rgb_frames
from var.playback import AngleTrack, Playback
from var.report_text import text_for
from var.review_log import ReviewFileError
from var.review_record import Review
from var.review_state import IncidentId, ReviewState
from var.timebase import format_timecode

logger = logging.getLogger(__name__)

TILE = (960, 540)
HOLD_SECONDS = Fraction(1)


@dataclass(frozen=True)
class ExportOptions:
    slow_motion: int = 1  # each frame shown this many times
    stills: tuple[int, ...] = ()  # reference frames; default: the analysed frame, else the incident's middle
    language: str = "en"


@dataclass
class ExportResult:
    clips: list[Path] = field(default_factory=list)
    split_screen: Path | None = None
    stills: list[Path] = field(default_factory=list)
    frame_rate: Fraction = Fraction(25)  # the reference angle's, for the report's match times


@dataclass
class _Scene:
    """What the export reads: the review's state and its open angles."""

    state: ReviewState
    videos: list[Video]
    playback: Playback
    incident: IncidentId

    def close(self) -> None:
        for video in self.videos:
            video.close()


def export_incident(
    review_path: Path,
    incident: IncidentId,
    out_dir: Path,
    options: ExportOptions | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> ExportResult:
    """Write the incident's clips and stills into ``out_dir``.

    Raises:
        ReviewFileError: no such incident.
        MediaError: an angle's file cannot be read.
    """
    options = options or ExportOptions()
    if options.slow_motion < 1:
        raise ValueError("slow motion is a whole factor of 1 or more")
    scene = _open_scene(review_path, incident)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        result = ExportResult(frame_rate=scene.playback.frame_rate)
        span = _span(scene, options)
        stem = f"incident_{incident}"
        for angle, video in enumerate(scene.videos):
            target = out_dir / f"{stem}_angle{angle + 1}_{video.path.stem}.mp4"
            width, height = video.info.width, video.info.height
            encode_rgb_frames(
                target,
                (p.tobytes() for p in _angle_frames(scene, angle, span, options)),
                width,
                height,
                scene.playback.frame_rate,
            )
            result.clips.append(target)
            if on_progress:
                on_progress(target.name)
        split = out_dir / f"{stem}_splitscreen.mp4"
        encode_rgb_frames(
            split,
            (p.tobytes() for p in _split_frames(scene, span, options)),
            TILE[0] * 2,
            TILE[1] * 2,
            scene.playback.frame_rate,
        )
        result.split_screen = split
        if on_progress:
            on_progress(split.name)
        for frame in options.stills or _default_stills(scene):
            for angle in range(len(scene.videos)):
                own = scene.playback.angle_frame(angle, frame)
                if own is None:
                    continue
                target = out_dir / f"{stem}_angle{angle + 1}_frame{own}.png"
                still = _marked_picture(scene, angle, frame, own, options)
                if not cv2.imwrite(str(target), cv2.cvtColor(still, cv2.COLOR_RGB2BGR)):
                    raise ReviewFileError("cannot write the still", target)
                result.stills.append(target)
        return result
    finally:
        scene.close()


def _open_scene(review_path: Path, incident: IncidentId) -> _Scene:
    with Review.open(review_path) as review:
        state = review.state()
    if incident not in state.incidents:
        raise ReviewFileError(f"there is no incident {incident}", review_path)
    videos: list[Video] = []
    try:
        for path in state.angle_paths:
            videos.append(open_video(path, read_ahead=0))
    except Exception:
        for video in videos:
            video.close()
        raise
    tracks = [
        AngleTrack(v.path.stem, v.info.frame_count, v.info.frame_rate, state.offsets[i])
        for i, v in enumerate(videos)
    ]
    return _Scene(state, videos, Playback(tracks), incident)


def _span(scene: _Scene, options: ExportOptions) -> list[int]:
    """Reference frames in export order: slow motion repeats each; the analysed frame is held."""
    incident = scene.state.incidents[scene.incident]
    analysis = scene.state.offside.get(scene.incident)
    hold_at = analysis["reference_frame"] if analysis else None
    hold = int(HOLD_SECONDS * scene.playback.frame_rate)
    frames: list[int] = []
    for frame in range(incident.first_frame, incident.last_frame + 1):
        frames += [frame] * options.slow_motion
        if frame == hold_at:
            frames += [frame] * hold
    return frames


def _default_stills(scene: _Scene) -> tuple[int, ...]:
    analysis = scene.state.offside.get(scene.incident)
    if analysis:
        return (int(analysis["reference_frame"]),)
    incident = scene.state.incidents[scene.incident]
    return ((incident.first_frame + incident.last_frame) // 2,)


def _marked_picture(scene: _Scene, angle: int, frame: int, own: int, options: ExportOptions) -> Picture:
    picture = np.array(scene.videos[angle].frame(own))
    drawings: list[Drawing] = [
        d for d in scene.state.drawings.values() if d.angle == angle and d.frame == own
    ]
    if drawings:
        picture = draw_drawings(picture, drawings)
    analysis: dict[str, Any] | None = scene.state.offside.get(scene.incident)
    if analysis and analysis["angle"] == angle and analysis["frame"] == own:
        picture = draw_offside(picture, analysis)
    words = text_for(options.language)
    caption = (
        f"{angle + 1} · {scene.videos[angle].path.stem}   {words['frame']} {own}   "
        f"{words['match_time']} {format_timecode(scene.playback.seconds(frame))}"
    )
    return draw_caption(picture, caption)


def _no_picture(width: int, height: int, options: ExportOptions) -> Picture:
    blank = np.zeros((height, width, 3), dtype=np.uint8)
    return draw_text(
        blank,
        text_for(options.language)["no_picture"],
        (20, height // 2 - 20),
        max(16, height // 24),
        (170, 170, 170),
    )


def _angle_frames(scene: _Scene, angle: int, span: list[int], options: ExportOptions) -> Iterator[Picture]:
    info = scene.videos[angle].info
    cached: tuple[int, Picture] | None = None
    for frame in span:
        if cached is not None and cached[0] == frame:
            yield cached[1]  # slow motion and the hold repeat a frame: draw it once
            continue
        own = scene.playback.angle_frame(angle, frame)
        picture = (
            _no_picture(info.width, info.height, options)
            if own is None
            else _marked_picture(scene, angle, frame, own, options)
        )
        cached = (frame, picture)
        yield picture


def _split_frames(scene: _Scene, span: list[int], options: ExportOptions) -> Iterator[Picture]:
    angle_streams = [_angle_frames(scene, angle, span, options) for angle in range(len(scene.videos))]
    for _ in span:
        canvas = np.zeros((TILE[1] * 2, TILE[0] * 2, 3), dtype=np.uint8)
        for angle, stream in enumerate(angle_streams):
            tile = _fit(next(stream), TILE)
            row, column = divmod(angle, 2)
            y0 = row * TILE[1] + (TILE[1] - tile.shape[0]) // 2
            x0 = column * TILE[0] + (TILE[0] - tile.shape[1]) // 2
            canvas[y0 : y0 + tile.shape[0], x0 : x0 + tile.shape[1]] = tile
        yield canvas


def _fit(picture: Picture, size: tuple[int, int]) -> Picture:
    scale = min(size[0] / picture.shape[1], size[1] / picture.shape[0])
    target = (max(1, int(picture.shape[1] * scale)), max(1, int(picture.shape[0] * scale)))
    return np.asarray(cv2.resize(picture, target, interpolation=cv2.INTER_AREA), dtype=np.uint8)
