"""A camera's own word on when it filmed: read from ffmpeg's output, believed only when believable."""

from __future__ import annotations

import io
import logging
import subprocess
import time

import numpy as np
import pytest

from var.capture import camera_clock
from var.capture.camera_clock import FramePairing, camera_origin_seconds, producer_wall_times_ns
from var.media.ffmpeg_tool import ffmpeg_executable

FRAME = 1 / 25


def test_every_frame_of_a_fragmented_mp4_gives_its_producer_time() -> None:
    # A file has no sender reports: ffmpeg then writes its own wall clock, which is what we check.
    command = [
        ffmpeg_executable(),
        "-hide_banner",
        "-loglevel",
        "error",
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=160x90:rate=25:duration=2",
        "-c:v",
        "libx264",
        "-g",
        "25",
        "-f",
        "mpegts",
        "pipe:1",
    ]
    transport_stream = subprocess.run(command, capture_output=True, check=True).stdout
    before_ns = time.time_ns()
    fragmented = subprocess.run(
        [ffmpeg_executable(), "-loglevel", "error", "-i", "pipe:0", *camera_clock.ffmpeg_output(1)],
        input=transport_stream,
        capture_output=True,
        check=True,
    ).stdout
    times = list(producer_wall_times_ns(io.BytesIO(fragmented)))
    assert len(times) == 50
    assert all(before_ns - 5e9 < t < time.time_ns() + 5e9 for t in times)


def test_a_cut_off_stream_gives_the_whole_boxes_it_holds() -> None:
    box = (32).to_bytes(4, "big") + b"prft" + bytes(4) + (1).to_bytes(4, "big")
    ntp = ((camera_clock.NTP_UNIX_OFFSET_SECONDS + 100) << 32) + (1 << 31)  # 100.5 s after 1970
    box += ntp.to_bytes(8, "big") + bytes(8)
    assert list(producer_wall_times_ns(io.BytesIO(box + box[:20]))) == [100_500_000_000]


def test_frames_and_camera_times_are_paired_in_order_whichever_comes_first() -> None:
    written: list[bytes] = []
    pairing = FramePairing(written.append, connection=2)
    pairing.frame(3600)
    pairing.camera_time(1_000)
    pairing.camera_time(2_000)
    pairing.frame(7200)
    records = np.frombuffer(b"".join(written), dtype="<i8").reshape(-1, 3)
    assert records.tolist() == [[3600, 1_000, 2], [7200, 2_000, 2]]


def claims(origin: float, count: int = 100) -> tuple[np.ndarray, np.ndarray]:
    pts_seconds = np.arange(count) * FRAME
    return pts_seconds, origin + pts_seconds


def test_a_camera_with_its_clock_set_places_its_frames() -> None:
    pts_seconds, camera_seconds = claims(origin=10.0)
    arrival_origins = np.full(100, 10.45)  # every frame arrived 0.45 s after it was filmed
    assert camera_origin_seconds(pts_seconds, camera_seconds, arrival_origins, "ip") == pytest.approx(10.0)


def test_the_frames_before_the_first_sender_report_are_not_taken_for_the_cameras_word() -> None:
    pts_seconds, camera_seconds = claims(origin=10.0)
    camera_seconds[:30] += 0.5  # what ffmpeg writes before a report: its own clock
    arrival_origins = np.full(100, 10.45)
    assert camera_origin_seconds(pts_seconds, camera_seconds, arrival_origins, "ip") == pytest.approx(10.0)


@pytest.mark.parametrize(
    ("camera_origin", "why"), [(10.6, "filmed after it arrived"), (4.0, "filmed six seconds earlier")]
)
def test_a_camera_whose_clock_is_not_set_is_not_believed(
    camera_origin: float, why: str, caplog: pytest.LogCaptureFixture
) -> None:
    pts_seconds, camera_seconds = claims(origin=camera_origin)
    with caplog.at_level(logging.WARNING):
        assert camera_origin_seconds(pts_seconds, camera_seconds, np.full(100, 10.45), "ip") is None, why
    assert "ip" in caplog.text and "not set" in caplog.text


def test_too_few_words_from_the_camera_are_not_enough() -> None:
    pts_seconds, camera_seconds = claims(origin=10.0, count=5)
    assert camera_origin_seconds(pts_seconds, camera_seconds, np.full(5, 10.45), "ip") is None
