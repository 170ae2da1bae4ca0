"""``track_video``: a camera file in, ``Tracks`` out (players, ball, teams, pitch positions).

Detection runs on every ``every``-th frame (tiled where players are small); ByteTrack links the
detected frames and the frames in between are interpolated. Results are cached by the video's
content, the weights' content and the settings, so reopening a tracked clip is instant; the cache
file is written atomically, so a cancelled or failed run leaves nothing half-written.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

from matchdesk.errors import MatchdeskError
from tracking.ball import BallFinder, plan_ball_pass
from tracking.detector import Detector
from tracking.pitch_edge import FieldOfPlay
from tracking.settings import TrackingSettings
from tracking.shirt_swaps import detours, repair_shirt_swaps, split_off
from tracking.teams import assign_teams, learn_team_colours, torso_colour
from tracking.tiles import grass_mask
from tracking.tracker import (
    BALL,
    PeopleTracker,
    ball_track,
    extend_at_picture_edges,
    interpolate_between_detected_frames,
    merge_broken_tracks,
)
from tracking.tracks import Tracks
from var.media import open_video
from var.media.proxy import content_key, default_cache_dir

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]  # frames done, frames in all
Picture = npt.NDArray[np.uint8]
# Raised whenever the same video, weights and settings give other tracks, so that no cached tracks of
# an older pipeline are read back (2: rows of tiles, first sightings, hidden players, picture's sides;
# 3: a hidden player's row does not vote on his team with the shirt of the one in front of him;
# 4: people off the field of play are not tracked; 5: tracks that swap players of the two teams where
# they cross are traded back, and a moment on the other team's player left out; 6: that moment given
# to a track of its own instead; 7: a track lost longer pays more for a detection; 8: the tiles sized
# to the players on the field of play, not to the crowd in the stands; 9: a track that comes in at the
# picture's side carried back between two detections, as one going out is carried on).
PIPELINE_VERSION = 9


class TrackingCancelled(MatchdeskError):
    """The user stopped the run; nothing was written."""


@dataclass(frozen=True)
class TrackingReport:
    """What a run found out about the footage, for the user."""

    frames: int
    detected_frames: int
    tiles: str
    pitch_in_view: bool
    players_found: int
    seconds_decode: float = 0.0
    seconds_detect: float = 0.0
    seconds_track: float = 0.0
    ball_tiles: str = "off"
    ball_seen_share: float = 0.0  # detected frames with a ball candidate (eval scores them against truth)


def cache_path(
    video: Path, weights: Path, settings: TrackingSettings, homography: npt.NDArray[np.float64] | None
) -> Path:
    digest = hashlib.blake2b(digest_size=12)
    digest.update(f"pipeline {PIPELINE_VERSION}".encode())
    digest.update(content_key(video).encode())
    digest.update(content_key(weights).encode())
    digest.update(json.dumps(asdict(settings), sort_keys=True).encode())
    if homography is not None:
        digest.update(np.round(homography, 9).tobytes())
    return default_cache_dir() / "tracks" / f"{digest.hexdigest()}.parquet"


def shirt_colours(
    picture: npt.NDArray[np.uint8], people: Tracks, frame: int, hidden: frozenset[int]
) -> npt.NDArray[np.float64]:
    """Each row's shirt colour for the teams' vote, NaN where the picture does not show his shirt: a
    row of another frame (a first sighting), or a player hidden behind another (his box shows the
    other's shirt)."""
    return np.array(
        [
            torso_colour(picture, box)
            if seen == frame and int(track_id) not in hidden
            else np.full(3, np.nan)
            for box, seen, track_id in zip(people.xyxy, people.frame, people.track_id, strict=True)
        ],
        dtype=np.float64,
    ).reshape(-1, 3)


def track_video(
    video_path: Path,
    weights: Path,
    settings: TrackingSettings | None = None,
    homography: npt.NDArray[np.float64] | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    use_cache: bool = True,
    frame_limit: int | None = None,
) -> tuple[Tracks, TrackingReport | None]:
    """Track ``video_path``; ``homography`` (pitch metres -> pixels) adds pitch positions.

    Returns the tracks and, when they were computed rather than read from the cache, a report.

    Raises:
        MatchdeskError: bad video, missing or unusable weights, a model without people.
        TrackingCancelled: ``cancel`` was set.
    """
    settings = settings or TrackingSettings()
    if not video_path.is_file():
        raise MatchdeskError("file not found", video_path)
    if not weights.exists():
        raise MatchdeskError("weights file not found", weights)
    cached = cache_path(video_path, weights, settings, homography)
    if frame_limit:
        cached = cached.with_name(f"{cached.stem}-first{frame_limit}.parquet")
    if use_cache and cached.exists():
        logger.info("tracks of %s read from the cache", video_path)
        return Tracks.read_parquet(cached), None
    tracks, report = _run(video_path, weights, settings, homography, on_progress, cancel, frame_limit)
    tracks.to_parquet(cached)
    return tracks, report


def _run(
    video_path: Path,
    weights: Path,
    settings: TrackingSettings,
    homography: npt.NDArray[np.float64] | None,
    on_progress: ProgressCallback | None,
    cancel: threading.Event | None,
    frame_limit: int | None = None,
) -> tuple[Tracks, TrackingReport]:
    detector = Detector(weights, settings.confidence)
    with open_video(video_path, read_ahead=0) as video:
        count, rate = video.info.frame_count, float(video.info.frame_rate)
        count = min(count, frame_limit) if frame_limit else count
        first = np.asarray(video.frame(0))
        pitch_in_view = bool(grass_mask(first).mean() >= 0.02)
        if not pitch_in_view:
            logger.warning("%s: no pitch in view (no grass found); tracking the whole picture", video_path)
        plan, found_first = (
            detector.plan(first) if settings.tiling == "auto" else (None, detector.detect(first, None))
        )
        ball_plan = (
            plan_ball_pass(detector, first, plan, found_first) if settings.ball_pass == "auto" else None
        )
        ball_finder = BallFinder(detector, ball_plan) if ball_plan is not None else None
        tracker = PeopleTracker(rate / settings.every, frames_between=settings.every)
        detected = sorted({*range(0, count, settings.every), count - 1})
        people_parts, ball_parts, colours_parts = [], [], []
        clock = {"decode": 0.0, "detect": 0.0, "track": 0.0}
        for index in detected:
            if cancel is not None and cancel.is_set():
                raise TrackingCancelled("tracking cancelled; nothing was written", video_path)
            started = time.perf_counter()
            picture = np.asarray(video.frame(index))
            decoded = time.perf_counter()
            found = found_first if index == 0 else detector.detect(picture, plan)
            found = found[~off_the_field_of_play(picture, found)]
            found.frame = np.full(len(found), index, np.int64)
            # Where there is a ball pass, it alone speaks for the ball (the players' pass sees a dot).
            balls = found[found.cls == BALL] if ball_finder is None else ball_finder.find(picture, index)
            detected_at = time.perf_counter()
            people = tracker.update(found)
            clock["decode"] += decoded - started
            clock["detect"] += detected_at - decoded
            clock["track"] += time.perf_counter() - detected_at
            people_parts.append(people)
            colours_parts.append(shirt_colours(picture, people, index, tracker.hidden_now))
            ball_parts.append(balls)
            if on_progress is not None:
                on_progress(index + 1, count)
    people = Tracks.concat(people_parts)
    colours = np.concatenate(colours_parts) if colours_parts else np.zeros((0, 3))
    shirts = learn_team_colours(colours[~np.isnan(colours).any(axis=1)].astype(np.float32))
    if shirts is not None:
        strayed = detours(people.track_id, people.frame, colours, shirts, people.xyxy)
        people.track_id = split_off(people.track_id, strayed)
        people.track_id = repair_shirt_swaps(people.track_id, people.frame, colours, shirts)
    teams = assign_teams(people.track_id, colours.astype(np.float32))
    people.team = np.array([teams.get(int(i), -1) for i in people.track_id], dtype=np.int8)
    people = interpolate_between_detected_frames(people, count - 1, max_gap=settings.every * 4)
    people = extend_at_picture_edges(people, settings.every, (first.shape[1], first.shape[0]), count - 1)
    people = merge_broken_tracks(people, max_gap=int(rate), max_distance_px=40.0)
    tracks = Tracks.concat([people, ball_track(Tracks.concat(ball_parts), rate)])
    tracks = tracks[np.lexsort((tracks.track_id, tracks.frame))]
    if homography is not None:
        tracks.pitch_xy = pitch_positions(tracks, homography)
    report = TrackingReport(
        count,
        len(detected),
        "off" if plan is None else plan.describe(),
        pitch_in_view,
        len(np.unique(people.track_id)),
        clock["decode"],
        clock["detect"],
        clock["track"],
        "off" if ball_plan is None else ball_plan.describe(),
        len({int(f) for part in ball_parts for f in part.frame}) / max(1, len(detected)),
    )
    return tracks, report


def off_the_field_of_play(picture: Picture, found: Tracks) -> npt.NDArray[np.bool_]:
    """Which people of ``found`` stand off the field of play: in the stands, or by the advertising
    boards (stewards, photographers, substitutes; :mod:`tracking.pitch_edge`). They are not tracked:
    they are not players. The ball is never off it here."""
    people = found.cls != BALL
    if not people.any():
        return np.zeros(len(found), bool)
    on_field = FieldOfPlay.of_picture(picture).on_the_field(found.xyxy[people])
    off = np.zeros(len(found), bool)
    off[np.flatnonzero(people)[~on_field]] = True
    return off


def pitch_positions(tracks: Tracks, homography: npt.NDArray[np.float64]) -> npt.NDArray[np.float32]:
    """Pitch metres of each player's feet (and the ball's ground point) through ``homography``'s inverse."""
    if len(tracks) == 0:
        return np.zeros((0, 2), np.float32)
    points = tracks.feet.reshape(-1, 1, 2).astype(np.float64)
    on_pitch = cv2.perspectiveTransform(points, np.linalg.inv(homography)).reshape(-1, 2)
    return on_pitch.astype(np.float32)
