"""``matchdesk offside auto`` on every annotated offside clip of ``../shared/clips/offside/manifest.json``.

    python bench/bench_offside_clips.py [--weights ../shared/models/yolo11n-pose.pt] [CLIP ...]

Each clip's listed frames go through the command exactly as ``../shared/tools/offside_score.py`` (the
acceptance measure) runs it, and are scored as it scores them: the defender line right when it passes
within 0.6 x the annotated last defender's box width (+3 px) of the middle of his feet and its
direction is within 2.5 degrees of the annotated vanishing point. Printed per clip: frames right
(target >= 90 % on every clip, >= 95 % over all), the direction's median error (target <= 1 degree),
how the frames got their direction (their own lines, the clip's other family, carried, from the
neighbours), and the wall time per frame (target <= 2 s), with, as the baseline measured in the same
run, the time to decode the same frames alone.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from annotated_offside_clips import SHARED, annotated_clips, scorer

from var.media import open_video


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", type=Path, default=SHARED / "models" / "yolo11n-pose.pt")
    parser.add_argument("clips", nargs="*")
    arguments = parser.parse_args()
    score = scorer()
    clips = annotated_clips(arguments.clips)
    print(f"{'clip':40} {'right':>9} {'dir. median':>11} {'s/frame':>8} {'decode s/frame':>14}  directions")
    right_all = total_all = 0
    errors_all: list[float] = []
    for clip, spec, by_index in clips:
        frames = spec["frames"]
        started = time.perf_counter()
        with open_video(clip, read_ahead=0) as video:
            for index in frames:
                np.asarray(video.frame(index))
        decode = (time.perf_counter() - started) / len(frames)
        started = time.perf_counter()
        run = subprocess.run(
            [sys.executable, "-m", "matchdesk", "offside", "auto", str(clip), "--frame", *map(str, frames),
             "--attack", spec["attack"], "--weights", str(arguments.weights), "--json"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        seconds = (time.perf_counter() - started) / len(frames)
        rows = {int(r["frame"]): r for r in map(json.loads, run.stdout.splitlines())}
        right, errors, sources = 0, [], Counter()
        for index in frames:
            row = rows.get(index) or {}
            sources[(row.get("direction") or {}).get("source", "none")] += 1
            line = row.get("defender_line")
            if not line:
                continue
            frame = by_index[index]
            defender = score.box(frame["players"][frame["last_defense_player_index"]])
            error = score.direction_error_deg(line, frame)
            errors.append(error)
            distance = score.distance_to_line(score.foot(defender), line)
            right += distance <= 0.6 * (defender[2] - defender[0]) + 3 and error <= 2.5
        right_all, total_all = right_all + right, total_all + len(frames)
        errors_all += errors
        median = statistics.median(errors) if errors else float("nan")
        how = ", ".join(f"{k} {v}" for k, v in sources.most_common())
        figures = f"{right:>4}/{len(frames):<4} {median:>10.2f}° {seconds:>8.2f} {decode:>14.3f}"
        print(f"{clip.name:40} {figures}  {how}", flush=True)
    median_all = statistics.median(errors_all) if errors_all else float("nan")
    print(f"{'all':40} {right_all:>4}/{total_all:<4} {median_all:>10.2f}°")


if __name__ == "__main__":
    main()
