"""A photo finish from a 10-second 1080p clip at 120 fps: how long it takes and how much memory.

    python bench/bench_photofinish.py [--fps 120] [--keep DIR]

The sample race is rendered at 1920x1080 (``RaceSpec(scale=2)``), 10 s, with a phone's 20 ms
rolling shutter. Then, each in its own process so that its peak memory is its own:
- the baseline, measured in the same run: decoding every frame to RGB, as any frame-keeping reader
  must, keeping none of them (keeping them would take frames x 1920 x 1080 x 3 bytes);
- ``matchdesk photofinish`` on the clip: the strips, the gun, every lane's time and the composite.
It prints both times, their ratio, both peak memories, and the times found against the truth.
Targets (issue 24): under 10 s on 2 cores, under 1 GB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

from matchdesk.sample.race import RaceSpec, render_race

DECODE_ALL = """
import sys, av
with av.open(sys.argv[1]) as container:
    stream = container.streams.video[0]
    stream.thread_type = "AUTO"
    for frame in container.decode(stream):
        frame.to_ndarray(format="rgb24")
"""


MEASURE = (
    "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], capture_output=True, text=True, "
    "check=True); sys.stdout.write(done.stdout); "
    "sys.stderr.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))"
)


def timed_child(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak resident memory (MB) and standard output of a command, each measured in a
    fresh parent so that the peak is that command's alone."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True
    )
    seconds = time.perf_counter() - start
    return seconds, int(done.stderr.strip().splitlines()[-1]) / 1024, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--fps", default="120")
    parser.add_argument("--keep", type=Path, help="keep the rendered clip here")
    arguments = parser.parse_args()
    folder = arguments.keep or Path(tempfile.mkdtemp(prefix="bench-photofinish-"))
    video = folder / "race.mp4"
    if not video.exists():
        print(f"rendering a 10 s 1920x1080 race at {arguments.fps} fps into {folder} ...")
        render_race(RaceSpec(Fraction(arguments.fps), readout_s=0.020, seconds=10.0, scale=2), folder)
    truth = json.loads((folder / "race.json").read_text())
    line = ",".join(f"{v:g}" for v in truth["line"])
    finish_s, finish_mb, out = timed_child(
        [sys.executable, "-m", "matchdesk", "photofinish", str(video), "--line", line, "--lanes", "8"]
        + ["--readout-ms", "20", "--out", str(folder / "composite.png"), "--json"]
    )
    decode_s, decode_mb, _ = timed_child([sys.executable, "-c", DECODE_ALL, str(video)])
    found = json.loads(out)
    frames = round(10 * float(Fraction(arguments.fps)))
    print(f"clip: {frames} frames of 1920x1080 at {arguments.fps} fps, 10 s")
    print(f"baseline, decoding every frame to RGB: {decode_s:6.2f} s, peak {decode_mb:6.0f} MB")
    print(f"matchdesk photofinish (whole command): {finish_s:6.2f} s, peak {finish_mb:6.0f} MB")
    print(f"ratio to the baseline: {finish_s / decode_s:.2f}x the time; target under 10 s and 1024 MB")
    print(f"keeping every frame instead would take {frames * 1920 * 1080 * 3 / 2**20:.0f} MB")
    interval = 1 / float(Fraction(arguments.fps))
    truths = {f["lane"]: f["time_s"] for f in truth["finishers"]}
    errors = sorted(abs(f["time_s"] - truths[f["lane"]]) / interval for f in found["finishers"])
    median, worst = errors[len(errors) // 2], errors[-1]
    print(f"times against the truth: median {median:.2f}, worst {worst:.2f} frame intervals")


if __name__ == "__main__":
    main()
