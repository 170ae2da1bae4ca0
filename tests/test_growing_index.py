"""Late in a match the live edge keeps up: a recording's index takes in only what was written since.

Re-reading a 90-minute recording on every refresh made each angle fall a second or more behind the
cameras. The index now reads on from its last keyframes; it must stay exactly the index a whole read
gives, however the writer's bytes are cut.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from matchdesk.sample.testclip import ClipSpec
from var.media import open_video
from var.media.growing_index import GrowingFrameIndex
from var.media.index import FrameIndex, build_frame_index


def same_index(first: FrameIndex, second: FrameIndex) -> bool:
    return (
        all(
            np.array_equal(getattr(first, name), getattr(second, name))
            for name in ("pts", "seek_pts", "seek_dts")
        )
        and first.keyframes == second.keyframes
    )


@pytest.fixture
def recording(make_clip: Callable[[str, ClipSpec], Path]) -> bytes:
    """A minute of a camera's MPEG-TS, as the recorder writes it (1-second GOPs, B-frames)."""
    clip = make_clip("camera.ts", ClipSpec(frames=1500, width=160, height=90, gop=25, b_frames=2))
    return clip.read_bytes()


def test_a_growing_recording_is_indexed_as_if_read_whole_reading_only_what_is_new(
    recording: bytes, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    angle = tmp_path / "cam1"
    angle.mkdir()
    video = angle / "video.ts"
    # The writer's bytes arrive in pieces that end anywhere: mid TS packet, mid picture.
    cuts = [
        len(recording) // 5 + 77,
        len(recording) // 4,
        len(recording) // 3 + 1,
        len(recording) // 2 + 188 * 9,
    ]
    cuts += [len(recording) * 3 // 4 + 13, len(recording)]
    video.write_bytes(recording[: cuts[0]])
    growing = GrowingFrameIndex(angle)
    counts = [growing.index.frame_count]
    with caplog.at_level(logging.DEBUG, logger="var.media.growing_index"):
        for cut in cuts[1:]:
            with video.open("ab") as file:
                file.write(recording[video.stat().st_size : cut])
            assert growing.update()
            whole_index, whole_info = build_frame_index(angle)
            assert same_index(growing.index, whole_index), cut
            assert growing.info == whole_info
            counts.append(growing.index.frame_count)
    assert "reading it all" not in caplog.text  # each update read on; none fell back to a whole read
    assert counts == sorted(counts) and counts[-1] == 1500
    assert not growing.update()  # nothing written since


def test_a_recording_started_again_is_read_whole(recording: bytes, tmp_path: Path) -> None:
    angle = tmp_path / "cam1"
    angle.mkdir()
    video = angle / "video.ts"
    video.write_bytes(recording[: len(recording) // 2])
    growing = GrowingFrameIndex(angle)
    video.write_bytes(recording[: len(recording) // 4])  # the file was replaced by a shorter one
    growing.update()
    assert same_index(growing.index, build_frame_index(angle)[0])


def test_the_desk_steps_to_frames_written_after_it_opened_the_angle(recording: bytes, tmp_path: Path) -> None:
    angle = tmp_path / "cam1"
    angle.mkdir()
    video_file = angle / "video.ts"
    video_file.write_bytes(recording[: len(recording) // 3])
    with open_video(angle, read_ahead=0) as video:
        before = video.info.frame_count
        with video_file.open("ab") as file:
            file.write(recording[len(recording) // 3 :])
        assert video.refresh()
        assert video.info.frame_count == 1500 > before
        last = np.asarray(video.frame(1499))
    with open_video(angle, read_ahead=0) as whole:
        assert np.array_equal(last, np.asarray(whole.frame(1499)))
