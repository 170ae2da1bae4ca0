"""A session opened on one angle: its tracks, the names on them, its pitch and its straps placed on the
video. What ``matchdesk session load`` measures and what the session window draws, read once."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from athletes.video_session.folder import Angle, VideoSession, load_session
from athletes.video_session.names import Shirts, load_clicks, named_tracks
from athletes.video_session.pitch import AnglePitch, read_angle_pitch
from athletes.video_session.shirts import session_shirts
from athletes.video_session.wearables import PlacedRecording, place, read_wearable
from matchdesk.errors import MatchdeskError
from tracking.track_names import TrackNames
from tracking.tracks import Tracks

TracksOf = Callable[[Path, Angle], Tracks]  # the angle's tracks, tracked once and kept


@dataclass(frozen=True)
class OpenedSession:
    folder: Path
    session: VideoSession
    angle: Angle
    tracks: Tracks
    names: TrackNames
    pitch: AnglePitch | None
    straps: dict[str, PlacedRecording]
    shirts: Shirts

    @property
    def athletes(self) -> list[str]:
        return list(self.session.athletes) or sorted(set(self.names.named.values()))


def open_session(
    folder: Path, angle_name: str | None, tracks_of: TracksOf, need_pitch: bool = True
) -> OpenedSession:
    """The session in ``folder`` on angle ``angle_name`` (its only one when None)."""
    session = load_session(folder)
    angle = _with_picture_size(session.angle(angle_name))
    pitch = None
    if angle.calibration is not None:
        pitch = read_angle_pitch(Path(angle.calibration), angle.name)
    elif need_pitch:
        raise MatchdeskError(f"angle {angle.name} has no pitch: give it with session new --calibration")
    tracks = tracks_of(folder, angle)
    shirts = session_shirts(folder, session, angle, tracks)
    names = named_tracks(tracks, float(angle.frame_rate), load_clicks(folder), angle.name, shirts)
    straps = {
        athlete: place(athlete, read_wearable(Path(path)), angle) for athlete, path in session.wearables
    }
    return OpenedSession(folder, session, angle, tracks, names, pitch, straps, shirts)


def _with_picture_size(angle: Angle) -> Angle:
    """``angle`` with its picture's size, read from its video's first frame when the session was made
    before the size was kept (where a box is cut by the picture's bottom: tracking.foot_points)."""
    if angle.picture_size is not None or not angle.video_path.is_file():
        return angle
    from var.media import picture_size

    try:
        return dataclasses.replace(angle, picture_size=picture_size(angle.video_path))
    except MatchdeskError:
        return angle


def kept_tracks(folder: Path, angle: Angle, weights: Path | None = None) -> Tracks:
    """The angle's tracks, tracked once and kept in the session's folder."""
    from matchdesk.settings import load_settings
    from tracking.pipeline import track_video
    from tracking.settings import TrackingSettings

    kept = folder / "tracks" / f"{angle.name}.parquet"
    if kept.exists():
        return Tracks.read_parquet(kept)
    weights = weights or Path(load_settings().tracking_weights or "")
    if not weights.is_file():
        raise MatchdeskError(f"angle {angle.name} is not tracked yet: give tracking weights with --weights")
    tracks, _ = track_video(angle.video_path, weights, TrackingSettings())
    kept.parent.mkdir(exist_ok=True)
    tracks.to_parquet(kept)
    return tracks
