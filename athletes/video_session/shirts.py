"""The shirt numbers read off an angle's tracks (:mod:`tracking.shirt_numbers`), read once and kept in
the session's folder beside the tracks (``tracks/ANGLE.numbers.json``), for the tracks they were read
on: tracks made again are read again, and so is a kept file that is damaged (it holds nothing that
cannot be read off the video again)."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from athletes.video_session.folder import Angle, VideoSession
from athletes.video_session.names import Shirts
from matchdesk.whole_files import write_text_whole
from tracking.shirt_numbers import NumberReading, read_track_numbers
from tracking.tracks import Tracks

logger = logging.getLogger(__name__)


def session_shirts(folder: Path, session: VideoSession, angle: Angle, tracks: Tracks) -> Shirts:
    """The numbers the squad wears and those read on ``angle``'s tracks; nothing is read when the
    session gives no numbers."""
    if not session.shirts:
        return Shirts()
    return Shirts(kept_numbers(folder, angle, tracks), session.shirt_numbers)


def kept_numbers(folder: Path, angle: Angle, tracks: Tracks) -> dict[int, NumberReading]:
    kept = folder / "tracks" / f"{angle.name}.numbers.json"
    fingerprint = tracks_fingerprint(tracks)
    if kept.exists():
        try:
            data = json.loads(kept.read_text(encoding="utf-8"))
            if data["tracks"] == fingerprint:
                return {
                    int(track): NumberReading(r["number"], dict(r["votes"]), int(r["looked"]))
                    for track, r in data["numbers"].items()
                }
            logger.info("%s was read on other tracks: reading the numbers again", kept)
        except (ValueError, KeyError, TypeError) as error:  # derived data: read again, never refused
            logger.warning("%s is damaged (%s): reading the numbers again", kept, error)
    numbers = read_track_numbers(angle.video_path, tracks)
    kept.parent.mkdir(exist_ok=True)
    write_text_whole(
        kept,
        json.dumps(
            {
                "tracks": fingerprint,
                "numbers": {
                    str(track): {"number": r.number, "votes": dict(r.votes), "looked": r.looked}
                    for track, r in numbers.items()
                },
            }
        ),
    )
    return numbers


def tracks_fingerprint(tracks: Tracks) -> str:
    digest = hashlib.sha256(tracks.frame.tobytes())
    digest.update(tracks.track_id.tobytes())
    digest.update(tracks.xyxy.tobytes())
    return digest.hexdigest()
