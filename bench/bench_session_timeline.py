"""The session window playing with 4 athletes' curves and tags: does it keep 25 fps? (issue 26)

    QT_QPA_PLATFORM=offscreen python bench/bench_session_timeline.py [--frames 250]

A session of the sample match's wide camera (its true boxes as tracks, 4 athletes named, their straps
placed) is played frame by frame: each step moves the playhead and paints the window (the timeline's
playhead lines, the video with the athletes' tags) on the GUI thread, the frame decoded on its reader
thread, as playing does. Baseline, in the same run: the same window without athletes (video and an
empty timeline). Prints the GUI thread's time per frame for both, and the frames per second they allow.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from athletes.coding.store import load_timeline
from athletes.video_session.curves import session_curves
from athletes.video_session.opened import kept_tracks, open_session
from matchdesk.cli import main as matchdesk
from matchdesk.sample.match import load_sample_match

REPO = Path(__file__).resolve().parents[1]
ATHLETES = {"Home 4": ("home", 4), "Home 9": ("home", 9), "Away 6": ("away", 6), "Away 10": ("away", 10)}
TARGET_FPS = 25

FILMED = datetime(2026, 12, 5, 1, 30, tzinfo=UTC)


def session_folder(scratch: Path) -> Path:
    sample = load_sample_match(REPO / "sample_clips")
    video = sample.stamped_camera("cam1_wide", scratch / "cam1_wide.mp4", FILMED)
    matchdesk(["sample", "straps", "--out", str(scratch / "straps")])
    folder = scratch / "session"
    wearables = [f"{name}={scratch / 'straps' / name.replace(' ', '_')}.csv" for name in ATHLETES]
    matchdesk([
        "session", "new", str(folder), "--team", "U19", "--date", "2026-12-05", "--video", str(video),
        "--athletes", *ATHLETES, "--wearable", *wearables,
        "--calibration", f"cam1_wide={sample.folder / 'homographies.parquet'}",
    ])  # fmt: skip
    (folder / "tracks").mkdir()
    sample.true_tracks("cam1_wide").to_parquet(folder / "tracks" / "cam1_wide.parquet")
    truth = sample.ground_truth
    wide = truth[(truth.camera == "cam1_wide") & truth.visible]
    for name, (team, number) in ATHLETES.items():
        mine = wide[(wide.team == team) & (wide.number == number)].sort_values("camera_frame").iloc[0]
        at = f"{(mine.x1 + mine.x2) / 2:.0f},{(mine.y1 + mine.y2) / 2:.0f}"
        matchdesk(
            [
                "session",
                "assign",
                str(folder),
                "--frame",
                str(int(mine.camera_frame)),
                "--at",
                at,
                "--athlete",
                name,
            ]
        )
    return folder


def seconds_per_frame(folder: Path, with_athletes: bool, frames: int) -> float:
    from ui.app import application
    from ui.session.window import SessionWindow

    app = application()
    opened = open_session(folder, None, kept_tracks)
    curves = session_curves(opened) if with_athletes else []
    window = SessionWindow(opened, curves, load_timeline(folder))
    window.resize(1600, 1000)
    window.show()
    app.processEvents()
    started = time.perf_counter()
    for frame in range(frames):
        window.playhead.seek(frame % window.playhead.frame_count)
        window.timeline.repaint()
        window.video.repaint()
        app.processEvents()
    elapsed = (time.perf_counter() - started) / frames
    window.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--frames", type=int, default=250)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["MATCHDESK_CACHE_DIR"] = str(Path(scratch) / "cache")
        folder = session_folder(Path(scratch))
        baseline = seconds_per_frame(folder, False, arguments.frames)
        ours = seconds_per_frame(folder, True, arguments.frames)
    print(
        f"video and an empty timeline (baseline): {1000 * baseline:5.1f} ms a frame ({1 / baseline:5.0f} fps)"
    )
    label = f"with {len(ATHLETES)} athletes' curves and tags:"
    print(f"{label:40} {1000 * ours:5.1f} ms a frame ({1 / ours:5.0f} fps)")
    target = f"target {TARGET_FPS} fps ({1000 / TARGET_FPS:.0f} ms a frame)"
    print(f"ratio: {ours / baseline:4.2f}x the baseline; {target}")


if __name__ == "__main__":
    main()
