"""How well the offside check follows a broadcast camera, on every annotated offside clip.

    python bench/bench_camera_motion.py [CLIP ...]

The camera's motion (``tracking.offside.camera_motion.follow_camera``, through every frame between the
clip's listed frames, as ``matchdesk offside auto`` follows it) carries each listed frame's annotated
vanishing point to every other listed frame of its stretch, where its direction at the annotated last
defender's feet is compared with that frame's own annotation. The annotators' own lines disagree by a
degree or so from frame to frame, so this is an upper bound on the motion's error. Printed per clip: the
median and 90th percentile over all pairs, the median over pairs at most 40 frames apart, and the
seconds the motion takes per frame followed, with decoding alone as the baseline measured in the same
run.
"""

from __future__ import annotations

import argparse
import math
import time
from typing import Any

import numpy as np
from annotated_offside_clips import annotated_clips, scorer

from tracking.offside.camera_motion import follow_camera
from tracking.offside.clip_check import longest_followed_gap
from var.media import open_video

NEAR_FRAMES = 40


def _carried_error(score: Any, mapping: np.ndarray, source: dict, target: dict) -> float | None:
    """Degrees between ``source``'s annotated vanishing point carried by ``mapping`` and ``target``'s,
    at ``target``'s annotated last defender's feet."""
    lines = source["vanishing_point"]
    point = score.meeting_point(lines[0], lines[1])
    if point is None:
        return None
    carried = mapping @ np.array([point[0], point[1], 1.0])
    defender = target["players"][target["last_defense_player_index"]]
    x, y = score.foot(score.box(defender))
    if abs(carried[2]) < 1e-12:
        dx, dy = carried[0], carried[1]
    else:
        dx, dy = carried[0] / carried[2] - x, carried[1] / carried[2] - y
    length = math.hypot(dx, dy) or 1.0
    line = [(x, y), (x + 50 * dx / length, y + 50 * dy / length)]
    return float(score.direction_error_deg(line, target))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("clips", nargs="*")
    arguments = parser.parse_args()
    score = scorer()
    clips = annotated_clips(arguments.clips)
    print(
        f"{'clip':40} {'pairs':>6} {'median':>7} {'p90':>6} {'median near':>11} {'s/frame':>8} {'decode':>7}"
    )
    every_error: list[float] = []
    for clip, spec, by_frame in clips:
        frames = list(spec["frames"])
        with open_video(clip, read_ahead=0) as video:
            started = time.perf_counter()
            for index in range(frames[0], frames[-1] + 1):
                video.frame(index)
            decoding = time.perf_counter() - started
            started = time.perf_counter()
            motion = follow_camera(
                lambda i: np.asarray(video.frame(i)), frames, longest_followed_gap(video.info.frame_rate)
            )
            following = time.perf_counter() - started
        followed = frames[-1] - frames[0] + 1
        errors, near = [], []
        for source in frames:
            for target in frames:
                mapping = motion.relating(source, target) if source != target else None
                if mapping is None:
                    continue
                error = _carried_error(score, mapping, by_frame[source], by_frame[target])
                if error is None:
                    continue
                errors.append(error)
                if abs(source - target) <= NEAR_FRAMES:
                    near.append(error)
        every_error += errors
        print(
            f"{clip.name:40} {len(errors):>6} {np.median(errors):>7.2f} {np.percentile(errors, 90):>6.2f}"
            f" {np.median(near):>11.2f} {following / followed:>8.3f} {decoding / followed:>7.3f}"
        )
    if every_error:
        median, p90 = np.median(every_error), np.percentile(every_error, 90)
        print(f"{'all':40} {len(every_error):>6} {median:>7.2f} {p90:>6.2f}")


if __name__ == "__main__":
    main()
