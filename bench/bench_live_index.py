"""Taking in the last second of a long recording: read on from the last keyframes, or read it whole.

    python bench/bench_live_index.py [--minutes 90]

A camera's MPEG-TS (25 fps, 1-second GOPs, B-frames; a small picture, so the file is made in
seconds) is written up to 30, 60 and ``--minutes`` minutes. At each, one more second is appended and
the index brought up to date, five times over: by :class:`GrowingFrameIndex` (what the desk does)
and, the baseline measured in the same run, by reading the whole file again (what it did before).
A desk with four angles does this for each of them on every refresh, so its live edge lags by four
times the figure. The whole read costs more with a broadcast bitrate (more MPEG-TS packets to
parse per second of video). Reading on, the demuxing does not grow with the match; rebuilding the
index from the packets kept does, slowly (about 0.1 s at 90 minutes).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from var.media.ffmpeg_tool import ffmpeg_executable
from var.media.growing_index import GrowingFrameIndex
from var.media.index import build_frame_index

FPS = 25
REPEATS = 5


def camera_recording(path: Path, minutes: int) -> None:
    picture = ["-f", "lavfi", "-i", f"testsrc=size=160x90:rate={FPS}", "-t", str(minutes * 60)]
    encoding = ["-c:v", "libx264", "-preset", "ultrafast", "-g", str(FPS), "-bf", "2", "-f", "mpegts"]
    subprocess.run(
        [ffmpeg_executable(), "-loglevel", "error", "-y", *picture, *encoding, str(path)], check=True
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=int, default=90)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "camera.ts"
        camera_recording(source, arguments.minutes)
        data = source.read_bytes()
        seconds_of_video = arguments.minutes * 60
        bytes_per_second = len(data) / seconds_of_video
        angle = Path(folder) / "cam1"
        angle.mkdir()
        video = angle / "video.ts"
        for minutes in sorted({30, 60, arguments.minutes}):
            if minutes > arguments.minutes:
                continue
            end = int((minutes * 60 - REPEATS - 1) * bytes_per_second)
            video.write_bytes(data[:end])
            growing = GrowingFrameIndex(angle)
            read_on, whole = [], []
            for _ in range(REPEATS):
                end += int(bytes_per_second)
                with video.open("ab") as file:
                    file.write(data[video.stat().st_size : end])
                started = time.perf_counter()
                growing.update()
                read_on.append(time.perf_counter() - started)
                started = time.perf_counter()
                build_frame_index(angle)
                whole.append(time.perf_counter() - started)
            on, again = statistics.median(read_on), statistics.median(whole)
            print(
                f"{minutes} min recorded ({growing.index.frame_count} frames): one more second taken in "
                f"{on * 1000:.0f} ms reading on, {again * 1000:.0f} ms reading it whole "
                f"({again / on:.1f}x); four angles: {4 * on:.2f} s against {4 * again:.2f} s"
            )


if __name__ == "__main__":
    main()
