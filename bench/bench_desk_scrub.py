"""How long the desk's GUI thread is ever blocked while a referee drag-scrubs the whole clip.

    python bench/bench_desk_scrub.py [--frames 250]

An event-loop latency probe (a 5 ms timer; any lateness is time the GUI thread was busy elsewhere)
runs while the timeline is dragged from the first frame to the last and back, as fast as a hand
would (one mouse move every 10 ms). Measured on the sample match's three angles and on three
generated 1080p angles, with proxies, and on 1080p without proxies (decoding from the source).
Target (issue 3): never blocked for more than 50 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PyQt6.QtCore import QPointF, Qt, QTimer
from PyQt6.QtGui import QMouseEvent
from PyQt6.QtWidgets import QApplication

from matchdesk.sample.match import default_sample_dir, load_sample_match
from matchdesk.sample.testclip import ClipSpec, make_test_clip
from matchdesk.settings import Settings
from ui.app import application, open_review_window
from var.media import build_proxy

PROBE_MS = 5
MOVE_MS = 10


def scrub(paths: list[Path], offsets: list[int]) -> dict[str, float]:
    application()
    window = open_review_window(paths, Settings(language="en"), offsets, offer_proxies=False)
    window.resize(1600, 1000)
    window.show()
    window.wait_until_shown()
    timeline = window.timeline
    y = timeline.height() / 2
    first_x, last_x = timeline.x_of(window.playback.first_frame), timeline.x_of(window.playback.last_frame)
    moves = [first_x + (last_x - first_x) * i / 300 for i in range(301)]
    moves += moves[::-1]
    lateness: list[float] = []
    delivered = [0]
    for reader in window.readers:
        reader.frame_ready.connect(lambda ready: delivered.__setitem__(0, delivered[0] + 1))

    last_probe = [time.perf_counter()]

    def probe() -> None:
        now = time.perf_counter()
        lateness.append(max(0.0, (now - last_probe[0]) * 1000 - PROBE_MS))
        last_probe[0] = now

    def send(kind: QMouseEvent.Type, x: float) -> None:
        buttons = (
            Qt.MouseButton.NoButton
            if kind == QMouseEvent.Type.MouseButtonRelease
            else Qt.MouseButton.LeftButton
        )
        event = QMouseEvent(
            kind,
            QPointF(x, y),
            QPointF(x, y),
            Qt.MouseButton.LeftButton,
            buttons,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(timeline, event)

    probe_timer = QTimer()
    probe_timer.setTimerType(Qt.TimerType.PreciseTimer)
    probe_timer.timeout.connect(probe)
    step = [0]

    def move() -> None:
        if step[0] == 0:
            send(QMouseEvent.Type.MouseButtonPress, moves[0])
        elif step[0] < len(moves):
            send(QMouseEvent.Type.MouseMove, moves[step[0]])
        else:
            send(QMouseEvent.Type.MouseButtonRelease, moves[-1])
            mover.stop()
        step[0] += 1

    mover = QTimer()
    mover.setTimerType(Qt.TimerType.PreciseTimer)
    mover.timeout.connect(move)
    started = time.perf_counter()
    last_probe[0] = started
    probe_timer.start(PROBE_MS)
    mover.start(MOVE_MS)
    while mover.isActive():
        QApplication.processEvents()
        time.sleep(0.0005)
    window.wait_until_shown()
    elapsed = time.perf_counter() - started
    probe_timer.stop()
    window.close()
    ordered = sorted(lateness)
    return {
        "max_block_ms": ordered[-1],
        "p99_block_ms": ordered[int(len(ordered) * 0.99)],
        "median_block_ms": statistics.median(ordered),
        "pictures_per_second": delivered[0] / elapsed,
        "moves": len(moves),
        "seconds": elapsed,
    }


def report(label: str, figures: dict[str, float]) -> None:
    worst, p99, median = figures["max_block_ms"], figures["p99_block_ms"], figures["median_block_ms"]
    blocked = f"{worst:5.1f} ms (p99 {p99:4.1f}, median {median:4.1f})"
    shown = f"{figures['pictures_per_second']:5.1f} pictures/s shown"
    print(
        f"{label:42s} GUI blocked at most {blocked};  {shown} over {figures['moves']:.0f} moves"
        f" in {figures['seconds']:.1f} s   target < 50 ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--frames", type=int, default=250)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        os.environ["MATCHDESK_CACHE_DIR"] = str(folder / "cache")
        os.environ["MATCHDESK_CONFIG_DIR"] = str(folder / "config")
        sample = load_sample_match(default_sample_dir())
        for path in sample.camera_paths:
            build_proxy(path)
        results = {"sample match, 3 angles 960x540, proxies": scrub(sample.camera_paths, [0, 23, 47])}

        print(f"generating three {arguments.frames}-frame 1080p angles ...", flush=True)
        angles = [
            make_test_clip(
                folder / f"angle{n}.mp4",
                ClipSpec(frames=arguments.frames + n, width=1920, height=1080, gop=250, b_frames=2),
            )
            for n in range(3)
        ]
        results["1080p, 3 angles, no proxies (source)"] = scrub(angles, [0, 5, 9])
        for path in angles:
            build_proxy(path)
        results["1080p, 3 angles, proxies"] = scrub(angles, [0, 5, 9])
    print()
    for label, figures in results.items():
        report(label, figures)


if __name__ == "__main__":
    main()
