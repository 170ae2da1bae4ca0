"""Track ids for detections: Ultralytics' ByteTrack, one ball track, short broken tracks merged.

The tracker sees the frames that were detected (every k-th); the frames in between get each track's
box interpolated, which is what lets detection run on every k-th frame only. A new track is reported
from its first sighting, a player hidden behind another keeps his track for a few detected frames,
and one crossing the picture's side between two detections is carried to it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from tracking.tracks import CLASS_CODES, Tracks

logger = logging.getLogger(__name__)

BALL = CLASS_CODES["ball"]
BALL_TRACK_ID = 0  # there is one ball; people get ids from 1
HIDDEN_UPDATES = 5  # a player lost this many detected frames ago, on someone seen now, is hidden behind him
LOST_COST_PER_UPDATE = 0.02  # added to a lost track's 1 - IoU for each update it has been unseen
LOST_COST_UPDATES = 15  # at most this many counted (0.3): a long-lost player can still be found again
MIN_VISIBLE_PX = 8.0  # narrower than this, a player going out of the picture is out


@dataclass
class _Detections:
    """What ByteTrack reads from a detection batch: numpy arrays with boolean indexing."""

    xywh: npt.NDArray[np.float32]
    conf: npt.NDArray[np.float32]
    cls: npt.NDArray[np.float32]

    def __len__(self) -> int:
        return len(self.conf)

    def __getitem__(self, index: Any) -> _Detections:
        return _Detections(self.xywh[index], self.conf[index], self.cls[index])


class PeopleTracker:
    """ByteTrack over the people in each detected frame."""

    def __init__(self, frame_rate: float, frames_between: int = 1) -> None:
        from ultralytics.utils import YAML, IterableSimpleNamespace
        from ultralytics.utils.checks import check_yaml

        settings = IterableSimpleNamespace(**YAML.load(check_yaml("bytetrack.yaml")))
        settings.track_buffer = max(30, int(frame_rate * 2))
        self._tracker: Any = _patient_byte_tracker(settings)
        # Buffered IoU (Yang et al., 2023): when detection skips frames, a distant player (10 px wide)
        # moves a box width or more between updates; matching on enlarged boxes keeps him associated
        # (the reported boxes are the real ones). 1.5 box sizes more per skipped frame: on the sample
        # match's wide camera, detecting every 2nd frame, AssA 0.56 -> 0.80 and HOTA 0.68 -> 0.83.
        self._buffer = 1.0 + 1.5 * (frames_between - 1)
        self._first_sighting: dict[int, Tracks] = {}  # tracks ByteTrack has not confirmed yet
        # The track ids of the last update's players hidden behind another (their boxes show him).
        self.hidden_now: frozenset[int] = frozenset()

    def update(self, detections: Tracks) -> Tracks:
        """The people of one detected frame, with track ids. ByteTrack confirms a new track on its second
        sighting; the first one is returned then too (a player coming into the picture is there from
        the frame he was first seen)."""
        people = detections[detections.cls != BALL]
        if len(people) == 0:
            self._first_sighting = {}
            self.hidden_now = frozenset()
            self._tracker.update(
                _Detections(np.zeros((0, 4), np.float32), np.zeros(0, np.float32), np.zeros(0, np.float32))
            )
            return Tracks.empty()
        xyxy = people.xyxy
        xywh = np.column_stack(
            [
                (xyxy[:, 0] + xyxy[:, 2]) / 2,
                (xyxy[:, 1] + xyxy[:, 3]) / 2,
                (xyxy[:, 2] - xyxy[:, 0]) * self._buffer,
                (xyxy[:, 3] - xyxy[:, 1]) * self._buffer,
            ]
        ).astype(np.float32)
        tracked = self._tracker.update(_Detections(xywh, people.conf, people.cls.astype(np.float32)))
        earlier, self._first_sighting = self._first_sighting, {}
        for track in self._tracker.tracked_stracks:
            if not track.is_activated:
                sighting = people[np.array([int(track.idx)])]
                sighting.track_id = np.array([track.track_id + 1], np.int64)
                self._first_sighting[track.track_id] = sighting
        if len(tracked) == 0:
            self.hidden_now = frozenset()
            return Tracks.empty()
        index = tracked[:, 7].astype(np.int64)
        result = people[index]
        result.track_id = tracked[:, 4].astype(np.int64) + 1
        confirmed_now = [earlier[int(i)] for i in tracked[:, 4].astype(np.int64) if int(i) in earlier]
        hidden = self._hidden_behind(result, int(people.frame[0]))
        self.hidden_now = frozenset(int(i) for i in hidden.track_id)
        return Tracks.concat([*confirmed_now, result, hidden])

    def _hidden_behind(self, seen: Tracks, frame: int) -> Tracks:
        """Players lost for a few updates whose predicted box lies on a player seen now: hidden behind
        him (a defender behind the attacker he marks), kept where the motion model puts them."""
        hidden = []  # (track, its box as the picture shows a player)
        for track in self._tracker.lost_stracks:
            if self._tracker.frame_id - track.frame_id > HIDDEN_UPDATES or track.mean is None:
                continue
            left, top, width, height = track.tlwh  # of the enlarged box tracks are matched on
            centre_x, centre_y = left + width / 2, top + height / 2
            on_someone = (
                (seen.xyxy[:, 0] <= centre_x)
                & (centre_x <= seen.xyxy[:, 2])
                & (seen.xyxy[:, 1] <= centre_y)
                & (centre_y <= seen.xyxy[:, 3])
            )
            if on_someone.any():
                half_w, half_h = width / self._buffer / 2, height / self._buffer / 2
                hidden.append(
                    (track, [centre_x - half_w, centre_y - half_h, centre_x + half_w, centre_y + half_h])
                )
        return Tracks.build(
            frame=[frame] * len(hidden),
            xyxy=np.array([box for _, box in hidden]).reshape(-1, 4),
            conf=[track.score * 0.5 for track, _ in hidden],  # less sure than a detection
            cls=[track.cls for track, _ in hidden],
            track_id=[track.track_id + 1 for track, _ in hidden],
            hidden=[True] * len(hidden),
        )


def _patient_byte_tracker(settings: Any) -> Any:
    """Ultralytics' BYTETracker, where a track lost for longer pays more for a detection: its box is
    where its motion model guesses, further from the truth the longer he is unseen. Without it, a
    player lost for a second behind others could take a team-mate's detection from the team-mate's
    own track lost a moment ago (on the sample match's wide camera, Away #3's track went on as Away
    #7 for eight seconds)."""
    from ultralytics.trackers.byte_tracker import BYTETracker

    class PatientByteTracker(BYTETracker):  # type: ignore[misc]
        def get_dists(self, tracks: list[Any], detections: list[Any]) -> Any:
            dists = super().get_dists(tracks, detections)
            if len(tracks) and np.size(dists):
                unseen = np.array([max(0, self.frame_id - 1 - track.frame_id) for track in tracks], float)
                paid = dists + LOST_COST_PER_UPDATE * np.minimum(unseen, LOST_COST_UPDATES)[:, None]
                # it ranks the tracks competing for a detection; a match allowed before stays allowed
                limit = self.args.match_thresh - 1e-6
                dists = np.where(dists <= limit, np.minimum(paid, limit), paid)
            return dists

    return PatientByteTracker(args=settings)


def interpolate_between_detected_frames(tracks: Tracks, last_frame: int, max_gap: int) -> Tracks:
    """Fill each track's missing frames (gaps up to ``max_gap``) by linear interpolation of its box."""
    filled = [tracks]
    for track_id in np.unique(tracks.track_id):
        own = tracks[tracks.track_id == track_id]
        order = np.argsort(own.frame)
        own = own[order]
        for a in range(len(own) - 1):
            start, end = int(own.frame[a]), int(own.frame[a + 1])
            if end - start <= 1 or end - start > max_gap or end > last_frame:
                continue
            steps = np.arange(start + 1, end)
            weight = ((steps - start) / (end - start))[:, None]
            xyxy = own.xyxy[a] * (1 - weight) + own.xyxy[a + 1] * weight
            keypoints = (
                own.keypoints[a][None] * (1 - weight[:, :, None])
                + own.keypoints[a + 1][None] * weight[:, :, None]
            )
            filled.append(
                Tracks.build(
                    frame=steps,
                    xyxy=xyxy,
                    conf=np.minimum(own.conf[a], own.conf[a + 1]).repeat(len(steps)),
                    cls=np.full(len(steps), own.cls[a]),
                    track_id=np.full(len(steps), track_id),
                    team=np.full(len(steps), own.team[a]),
                    keypoints=keypoints,
                    hidden=np.full(len(steps), own.hidden[a] or own.hidden[a + 1]),
                )
            )
    merged = Tracks.concat(filled)
    return merged[np.lexsort((merged.track_id, merged.frame))]


def extend_at_picture_edges(
    tracks: Tracks, frames: int, picture_size: tuple[int, int], last_frame: int, edge_px: float = 2.0
) -> Tracks:
    """Carry a track that leaves the picture past its last detection (and one that comes in before its
    first) for up to ``frames - 1`` frames, at its speed, clipped to the picture: detection runs on
    every k-th frame, and a player crossing the side between two detections is still half in view.
    ``picture_size`` is (width, height)."""
    width, height = picture_size
    added = [tracks]
    for track_id in np.unique(tracks.track_id):
        own = tracks[tracks.track_id == track_id]
        own = own[np.argsort(own.frame)]
        if len(own) < 2:
            continue
        for end, before, direction in ((-1, -2, 1), (0, 1, -1)):
            box = own.xyxy[end].astype(np.float64)
            step = (box - own.xyxy[before]) / float(own.frame[end] - own.frame[before])
            toward = direction * step  # its motion in the direction it is carried: on, or back in time
            # The box's far side: its near side stays clipped at the edge while he crosses it.
            leaving = (
                (box[0] <= edge_px and toward[2] < 0)
                or (box[2] >= width - edge_px and toward[0] > 0)
                or (box[1] <= edge_px and toward[3] < 0)
                or (box[3] >= height - edge_px and toward[1] > 0)
            )
            if not leaving:
                continue
            for n in range(1, frames):
                frame = int(own.frame[end]) + direction * n
                moved = np.clip(box + direction * n * step, 0, [width, height, width, height])
                visible = min(moved[2] - moved[0], moved[3] - moved[1])
                if not 0 <= frame <= last_frame or visible < MIN_VISIBLE_PX:
                    break
                carried = own[np.array([end % len(own)])]
                carried.frame, carried.xyxy = np.array([frame]), moved[None].astype(np.float32)
                carried.keypoints = np.full_like(carried.keypoints, np.nan)
                added.append(carried)
    merged = Tracks.concat(added)
    return merged[np.lexsort((merged.track_id, merged.frame))]


def ball_track(
    detections: Tracks, frame_rate: float, max_gap_seconds: float = 1.0, max_speed_px: float = 60.0
) -> Tracks:
    """One ball: per frame the most likely ball near where it was, gaps up to a second interpolated."""
    balls = detections[detections.cls == BALL]
    chosen: list[int] = []
    last_centre: npt.NDArray[np.float32] | None = None
    last_frame = -1
    for frame in np.unique(balls.frame):
        candidates = np.flatnonzero(balls.frame == frame)
        centres = balls.centres[candidates]
        if last_centre is None:
            best = candidates[int(np.argmax(balls.conf[candidates]))]
        else:
            reach = max_speed_px * max(1, int(frame) - last_frame)
            distance = np.linalg.norm(centres - last_centre, axis=1)
            near = distance <= reach
            if not near.any():
                # Far from where it was: accept only a confident detection (the ball was kicked or re-found).
                confident = candidates[balls.conf[candidates] >= 0.5]
                if len(confident) == 0:
                    continue
                best = confident[int(np.argmax(balls.conf[confident]))]
            else:
                score = balls.conf[candidates] - 0.3 * distance / reach
                best = candidates[int(np.argmax(np.where(near, score, -np.inf)))]
        chosen.append(int(best))
        last_centre, last_frame = balls.centres[best], int(frame)
    track = balls[np.array(chosen, dtype=np.int64)]
    track.track_id = np.full(len(track), BALL_TRACK_ID, np.int64)
    return interpolate_between_detected_frames(
        track, int(track.frame.max()) if len(track) else 0, max_gap=int(max_gap_seconds * frame_rate)
    )


def merge_broken_tracks(tracks: Tracks, max_gap: int, max_distance_px: float) -> Tracks:
    """Join a track that ends to one that starts soon after, near where it stopped (same class, and
    the same team where both are known: a red player's track never goes on as a blue one's).

    A gap of ``g`` frames allows ``max_distance_px * sqrt(g)`` of movement.
    """
    people = tracks[tracks.track_id > BALL_TRACK_ID]
    segments: dict[int, tuple[int, int, npt.NDArray[np.float32], npt.NDArray[np.float32], int, int]] = {}
    for track_id in np.unique(people.track_id):
        own = people[people.track_id == track_id]
        first, last = int(np.argmin(own.frame)), int(np.argmax(own.frame))
        segments[int(track_id)] = (
            int(own.frame[first]),
            int(own.frame[last]),
            own.feet[first],
            own.feet[last],
            int(own.cls[first]),
            int(own.team[first]),
        )
    tail: dict[int, int] = {}  # chain (its first track id) -> the track that now ends it
    joined: dict[int, int] = {}  # track id -> chain
    for later in sorted(segments, key=lambda i: segments[i][0]):
        start, _, start_feet, _, kind, team = segments[later]
        best, best_distance = None, np.inf
        for chain, last_id in tail.items():
            _, end, _, end_feet, chain_kind, chain_team = segments[last_id]
            gap = start - end
            other_team = team >= 0 and chain_team >= 0 and team != chain_team
            if chain_kind != kind or other_team or not 0 < gap <= max_gap:
                continue
            distance = float(np.linalg.norm(end_feet - start_feet))
            if distance <= max_distance_px * gap**0.5 and distance < best_distance:
                best, best_distance = chain, distance
        if best is None:
            tail[later] = later
            joined[later] = later
        else:
            tail[best] = later
            joined[later] = best
    merged = sum(1 for track_id, chain in joined.items() if track_id != chain)
    if merged:
        logger.info("merged %d broken tracks", merged)
        tracks.track_id = np.array([joined.get(int(i), int(i)) for i in tracks.track_id], dtype=np.int64)
    return tracks
