"""Media engine speed, measured against naive seeking in the same run.

    python bench/bench_media.py [--frames 500] [--seeks 200]

On a generated 1080p H.264 clip with a 250-frame GOP (frame numbers burned in):
- random frame-exact seeks: open_video from the proxy v. naive PyAV seeking and OpenCV's
  CAP_PROP_POS_FRAMES on the source (and how often OpenCV shows the wrong frame);
- a step of +/-1 frame at the playhead (the frame cache and read-ahead);
- sequential playback of four 1080p angles at once, one reader thread per angle as in the desk;
- proxy ingest speed against real time.
Targets (issue 2): proxy seek median < 10 ms, step < 2 ms, 4-angle playback >= 25 fps, ingest >= 2x real time.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import av
import cv2
import numpy as np

from matchdesk.sample.framestamp import read_frame_number
from matchdesk.sample.testclip import ClipSpec, make_test_clip
from var.media import build_proxy, open_video


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def naive_pyav_seek(path: Path, targets: list[int], rate: int) -> list[float]:
    """What most code does: seek to the frame's time, decode until its timestamp arrives."""
    times = []
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        ticks_per_frame = int(1 / (stream.time_base * rate))
        for target in targets:
            start = time.perf_counter()
            pts = target * ticks_per_frame
            container.seek(pts, stream=stream, backward=True)
            for picture in container.decode(stream):
                if picture.pts is not None and picture.pts >= pts:
                    picture.to_ndarray(format="rgb24")
                    break
            times.append(time.perf_counter() - start)
    return times


def opencv_seek(path: Path, targets: list[int]) -> tuple[list[float], int]:
    times, wrong = [], 0
    capture = cv2.VideoCapture(str(path))
    for target in targets:
        start = time.perf_counter()
        capture.set(cv2.CAP_PROP_POS_FRAMES, target)
        ok, picture = capture.read()
        times.append(time.perf_counter() - start)
        if not ok or read_frame_number(cv2.cvtColor(picture, cv2.COLOR_BGR2RGB)) != target:
            wrong += 1
    capture.release()
    return times, wrong


def proxy_seek(path: Path, targets: list[int]) -> tuple[list[float], int]:
    times, wrong = [], 0
    with open_video(path, read_ahead=0) as video:
        for target in targets:
            start = time.perf_counter()
            picture = video.frame(target)
            times.append(time.perf_counter() - start)
            wrong += read_frame_number(np.asarray(picture)) != target
    return times, wrong


def stepping(path: Path, frames: int) -> list[float]:
    """A referee stepping +1 / -1 at the playhead, pausing 80 ms to look at each frame."""
    times = []
    with open_video(path) as video:
        playhead = frames // 2
        video.frame(playhead)
        for step in [1] * 20 + [-1] * 20 + [1] * 10:
            time.sleep(0.08)
            playhead += step
            times.append(timed(lambda p=playhead: video.frame(p)))
    return times


def four_angle_playback(paths: list[Path], frames: int) -> float:
    """Frames per second at which all four angles deliver each frame in order."""
    videos = [open_video(path) for path in paths]
    done = threading.Barrier(len(videos) + 1)

    def play(video: object) -> None:
        for index in range(frames):
            video.frame(index)  # type: ignore[attr-defined]
        done.wait()

    start = time.perf_counter()
    for video in videos:
        threading.Thread(target=play, args=(video,), daemon=True).start()
    done.wait()
    elapsed = time.perf_counter() - start
    for video in videos:
        video.close()
    return frames / elapsed


def opencv_on_awkward_files(folder: Path) -> list[str]:
    """Where OpenCV's frame seeking goes wrong and ours does not, on files real matches arrive as."""
    report = []
    cases = {
        "broadcast MPEG-TS far from zero": ("far.ts", ClipSpec(frames=90, gop=25, ts_offset_seconds=80_000)),
        "MP4 with edit-list pre-roll": ("trim.mp4", ClipSpec(frames=90, gop=60, trim_frames=17)),
    }
    for label, (name, spec) in cases.items():
        path = make_test_clip(folder / name, spec)
        targets = random.Random(3).sample(range(spec.shown_frames), 30)
        capture = cv2.VideoCapture(str(path))
        opencv_count = int(capture.get(cv2.CAP_PROP_FRAME_COUNT))
        opencv_wrong = 0
        for target in targets:
            capture.set(cv2.CAP_PROP_POS_FRAMES, target)
            ok, picture = capture.read()
            opencv_wrong += not ok or read_frame_number(
                cv2.cvtColor(picture, cv2.COLOR_BGR2RGB)
            ) != spec.expected_stamp(target)
        capture.release()
        with open_video(path, read_ahead=0) as video:
            ours_wrong = sum(
                read_frame_number(np.asarray(video.frame(t))) != spec.expected_stamp(t) for t in targets
            )
            ours_count = video.info.frame_count
        report.append(
            f"{label:34s} frames shown {spec.shown_frames}: OpenCV counts {opencv_count}, wrong frame "
            f"{opencv_wrong}/30; open_video counts {ours_count}, wrong frame {ours_wrong}/30"
        )
    return report


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--frames", type=int, default=500)
    parser.add_argument("--seeks", type=int, default=200)
    parser.add_argument("--naive-seeks", type=int, default=20)
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        os.environ["MATCHDESK_CACHE_DIR"] = str(folder / "cache")
        spec = ClipSpec(frames=arguments.frames, width=1920, height=1080, gop=250, b_frames=2)
        print(f"generating a {spec.frames}-frame 1080p H.264 clip, GOP {spec.gop} ...", flush=True)
        clip = make_test_clip(folder / "angle.mp4", spec)
        duration = spec.frames / float(spec.frame_rate)

        ingest_seconds = timed(lambda: build_proxy(clip))
        rng = random.Random(1)
        targets = [rng.randrange(spec.frames) for _ in range(arguments.seeks)]
        naive_targets = targets[: arguments.naive_seeks]

        proxy_times, proxy_wrong = proxy_seek(clip, targets)
        naive_times = naive_pyav_seek(clip, naive_targets, 25)
        opencv_times, opencv_wrong = opencv_seek(clip, naive_targets)
        step_times = stepping(clip, spec.frames)

        angles = []
        for number in range(4):
            angle = folder / f"angle{number}.mp4"
            angle.write_bytes(clip.read_bytes() + b"\0" * (number + 1))  # distinct content, distinct proxy
            build_proxy(angle)
            angles.append(angle)
        playback_fps = four_angle_playback(angles, min(spec.frames, 250))
        correctness = opencv_on_awkward_files(folder)

    proxy_ms, naive_ms, opencv_ms = median_ms(proxy_times), median_ms(naive_times), median_ms(opencv_times)
    proxy_p95 = float(np.percentile(proxy_times, 95)) * 1000
    step_ms, step_max = median_ms(step_times), max(step_times) * 1000
    print()
    print(
        f"random seek, proxy (open_video):   median {proxy_ms:7.1f} ms  p95 {proxy_p95:6.1f} ms"
        f"  wrong frames {proxy_wrong}/{len(targets)}   target < 10 ms"
    )
    print(
        f"random seek, naive PyAV on source: median {naive_ms:7.1f} ms"
        f"  -> proxy is {naive_ms / proxy_ms:5.1f}x faster"
    )
    print(
        f"random seek, OpenCV POS_FRAMES:    median {opencv_ms:7.1f} ms"
        f"  -> proxy is {opencv_ms / proxy_ms:5.1f}x faster;"
        f" OpenCV showed the wrong frame {opencv_wrong}/{len(naive_targets)} times"
    )
    print(
        f"step +/-1 frame at the playhead:   median {step_ms:7.2f} ms  max {step_max:6.2f} ms   target < 2 ms"
    )
    print(f"4 angles of 1080p played together: {playback_fps:7.1f} fps   target >= 25 fps")
    print(
        f"proxy ingest of one 1080p angle:   {duration / ingest_seconds:7.1f}x real time"
        f" ({spec.frames / ingest_seconds:.0f} fps)   target >= 2x"
    )
    print()
    for line in correctness:
        print(line)


if __name__ == "__main__":
    main()
