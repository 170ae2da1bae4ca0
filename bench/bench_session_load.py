"""External load from video against the truth, per player of the sample match's wide camera (issue 26).

    python bench/bench_session_load.py

Each player is named once (clicked where he first stands clear of the others), the wide camera is
tracked with the demo detector, his named tracks are placed on the pitch with the camera's true
homography of each frame (where his feet are hidden or he lies down, as `matchdesk session load`
places him), and his load (tracking.external_load) is set beside the load of his true
positions over the frames he is in the picture. Targets: distance within 3 %, high-speed and sprint
distance within 10 %, names kept through the clip.
"""

from __future__ import annotations

import logging
import os
import tempfile
from fractions import Fraction
from pathlib import Path

import cv2
import numpy as np

from athletes.video_session.pitch import read_angle_pitch
from matchdesk.sample.match import load_sample_match
from tracking.evaluate import whose
from tracking.external_load import external_load
from tracking.pipeline import track_video
from tracking.settings import TrackingSettings
from tracking.track_names import TrackNames
from var.media import picture_size

REPO = Path(__file__).resolve().parents[1]
RATE = Fraction(25)
logger = logging.getLogger("bench")


def main() -> None:
    sample = load_sample_match(REPO / "sample_clips")
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["MATCHDESK_CACHE_DIR"] = scratch
        tracks, _ = track_video(
            sample.camera_path("cam1_wide"),
            sample.folder / "demo_detector.pt",
            TrackingSettings(),
            use_cache=False,
        )
    truth = sample.ground_truth
    wide = truth[(truth.camera == "cam1_wide") & truth.kind.isin(["player", "goalkeeper"]) & truth.visible]
    names = TrackNames(tracks, float(RATE))
    for object_id in np.unique(wide.object_id):
        row = sample.clear_view("cam1_wide", int(object_id))
        if row is not None:  # the coach clicks each player once, where he stands clear of others
            names.assign(
                int(row.camera_frame), ((row.x1 + row.x2) / 2, (row.y1 + row.y2) / 2), str(object_id)
            )
    pitch = read_angle_pitch(sample.folder / "homographies.parquet", "cam1_wide")
    picture = picture_size(sample.camera_path("cam1_wide"))
    rows = []
    for object_id, seen in wide.groupby("object_id"):
        mine = names.rows_of(str(object_id)).seen()
        ours = external_load(mine.frame, pitch.places(mine, picture, float(RATE)), RATE)
        true = external_load(seen.camera_frame.to_numpy(), seen[["pitch_x", "pitch_y"]].to_numpy(), RATE)
        label = f"{seen.team.iloc[0]} {seen.number.iloc[0]}"
        rows.append((label, ours, true, int((whose(mine, wide) != int(object_id)).sum())))
    columns = ("tracked s", "distance m", "HSR m", "sprint m", "top km/h", "wrong")
    widths = (11, 16, 14, 14, 12, 6)
    print(f"{'player':10} " + " ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True)))
    within = {"distance": 0, "hsr": 0, "sprint": 0}
    judged = {"hsr": 0, "sprint": 0}
    for label, ours, true, wrong in rows:
        print(
            f"{label:10} {ours.tracked_s:5.1f}/{true.tracked_s:5.1f} "
            f"{ours.distance_m:5.1f}/{true.distance_m:5.1f} {_off(ours.distance_m, true.distance_m):>5} "
            f"{ours.hsr_m:4.1f}/{true.hsr_m:4.1f} {_off(ours.hsr_m, true.hsr_m):>5} "
            f"{ours.sprint_m:4.1f}/{true.sprint_m:4.1f} {_off(ours.sprint_m, true.sprint_m):>5} "
            f"{ours.top_speed_kmh:5.1f}/{true.top_speed_kmh:5.1f} {wrong:6d}"
        )
        within["distance"] += _near(ours.distance_m, true.distance_m, 0.03)
        for key in ("hsr", "sprint"):
            value, target = getattr(ours, f"{key}_m"), getattr(true, f"{key}_m")
            if target >= 1.0:  # high-speed stretches of a metre or more are judged
                judged[key] += 1
                within[key] += _near(value, target, 0.10)
    print(
        f"distance within 3 %: {within['distance']}/{len(rows)}; "
        f"HSR within 10 %: {within['hsr']}/{judged['hsr']}; "
        f"sprint within 10 %: {within['sprint']}/{judged['sprint']} (targets: all)"
    )


def _off(value: float, truth: float) -> str:
    return "" if truth <= 0 else f"{100 * (value - truth) / truth:+.0f}%"


def _near(value: float, truth: float, share: float) -> bool:
    return abs(value - truth) <= share * truth


if __name__ == "__main__":
    cv2.setNumThreads(2)
    main()
