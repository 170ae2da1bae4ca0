"""The replay operator scrubs far back in a recording that is still growing: the older part comes from
a proxy built behind the recording, at the lowest CPU priority, frame-exact."""

from __future__ import annotations

import json
import random
import subprocess
import time
from pathlib import Path

import numpy as np

from matchdesk.sample.framestamp import read_frame_number
from matchdesk.sample.live_cameras import LiveCamera
from tests.test_capture import (
    capture_command,
    free_udp_port,
    record_in_background,
    run_capture,
    stamps,
    wait_for_frames,
)
from var.media import open_video
from var.media.growing_proxy import GROWING_PROXY_INDEX, read_records


def proxy_followers(recording: Path) -> list[tuple[int, int]]:
    """(pid, nice) of every ffmpeg following a growing recording under ``recording`` to proxy it (not
    another test's, which may be recording at the same time on another worker)."""
    inside = str(recording).encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if b"-follow" in command and b"mjpeg" in command and any(inside in part for part in command):
            nice = int(stat.rsplit(")", 1)[1].split()[16])  # field 19 of /proc/PID/stat
            found.append((int(entry.name), nice))
    return found


def test_the_older_part_of_a_growing_recording_decodes_from_a_proxy_built_behind_it(
    tmp_path: Path, match_clock: float, cameras: list[LiveCamera]
) -> None:
    port = free_udp_port()
    cameras.append(LiveCamera(f"udp://127.0.0.1:{port}", match_clock, 0, "WIDE", size=(640, 360)).start())
    out = tmp_path / "match"
    session, recording = record_in_background(out, f"wide=udp://127.0.0.1:{port}", seconds=30)
    try:
        wait_for_frames(out / "wide" / "clock.bin", seconds_of_frames=6)
        followers = proxy_followers(out)
        assert followers and all(nice == 19 for _, nice in followers)  # the recording always comes first
        with open_video(out / "wide", read_ahead=0) as video:
            deadline = time.monotonic() + 20
            while video.frames_proxied < 50 and time.monotonic() < deadline:
                time.sleep(0.2)
                video.refresh()
            assert 50 <= video.frames_proxied <= video.info.frame_count  # it follows, behind the recording
            first = read_frame_number(np.asarray(video.frame(0)))
            for i in random.Random(3).sample(range(video.info.frame_count), 40):
                assert read_frame_number(np.asarray(video.frame(i))) == first + i  # from JPEG or source
        assert session.statuses()[0].dropped == 0
    finally:
        session.stop("the test is over")
        recording.join(60)
    # Stopping, the builder proxies the last frames too: every frame comes from the proxy, exact.
    with open_video(out / "wide", read_ahead=0) as video:
        assert video.frames_proxied == video.info.frame_count
        seen = [read_frame_number(np.asarray(video.frame(i))) for i in range(video.info.frame_count)]
    assert seen == list(range(seen[0], seen[0] + len(seen)))
    assert not proxy_followers(out)


def test_a_recording_appended_to_goes_on_with_its_proxy_without_a_frame_twice(
    tmp_path: Path, wide_camera: str
) -> None:
    out = tmp_path / "match"
    run_capture(out, f"wide={wide_camera}", seconds=4)
    before = read_records(out / "wide" / GROWING_PROXY_INDEX).shape[0]
    appended = subprocess.run(
        [*capture_command(out, f"wide={wide_camera}", seconds=4), "--append"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert appended.returncode == 0, appended.stderr
    records = read_records(out / "wide" / GROWING_PROXY_INDEX)
    assert records.shape[0] > before
    assert np.all(np.diff(records[:, 0]) > 0)  # each frame proxied once, in order
    with open_video(out / "wide", read_ahead=0) as video:
        assert video.frames_proxied == video.info.frame_count == records.shape[0]
    assert stamps(out / "wide")[-1] - stamps(out / "wide")[0] > 150  # both stretches, with the gap


def test_without_proxies_nothing_runs_behind_the_recording(tmp_path: Path, wide_camera: str) -> None:
    out = tmp_path / "match"
    capture = subprocess.Popen([*capture_command(out, f"wide={wide_camera}", seconds=4), "--no-proxies"])
    wait_for_frames(out / "wide" / "clock.bin", seconds_of_frames=1)
    time.sleep(0.5)
    assert not proxy_followers(out)
    assert capture.wait(60) == 0
    assert json.loads((out / "status.json").read_text())["proxies"] == "off"
    assert not (out / "wide" / GROWING_PROXY_INDEX).exists()
