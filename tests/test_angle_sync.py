"""Angle sync: every camera of the sample match found to the frame, by sound or by shared motion."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from matchdesk.sample.match import SampleMatch
from matchdesk.sample.testclip import ClipSpec
from var.media.ffmpeg_tool import run_ffmpeg
from var.sync import sync_angles


def ffmpeg(*arguments: str, target: Path) -> Path:
    run_ffmpeg(["-loglevel", "error", *arguments, str(target)], about=target)
    return target


def test_sync_finds_every_sample_camera_offset_exactly_from_the_sound(sample_match: SampleMatch) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "matchdesk", "sync", *map(str, sample_match.camera_paths), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["reference"] == str(sample_match.camera_paths[0])
    found = {Path(a["path"]).stem: a for a in document["angles"]}
    for camera in sample_match.manifest["cameras"]:
        angle = found[camera["name"]]
        assert angle["offset_frames"] == camera["start_frame"]  # 0, 23, 47: the match frame of its frame 0
        assert angle["offset_seconds"] == pytest.approx(camera["start_frame"] / 25, abs=0.002)
        assert set(angle) >= {"path", "offset_frames", "offset_seconds", "method", "confidence"}
    assert found["cam2_tight"]["method"] == found["cam3_behind_goal"]["method"] == "audio"
    assert found["cam2_tight"]["confidence"] > 0.5


def test_any_angle_can_be_the_reference(sample_match: SampleMatch) -> None:
    cam1, cam2, cam3 = sample_match.camera_paths
    offsets = sync_angles([cam3, cam1, cam2])
    assert [o.offset_frames for o in offsets] == [0, -47, -24]


def test_an_angle_at_another_frame_rate_is_given_in_the_reference_frames(
    sample_match: SampleMatch, tmp_path: Path
) -> None:
    ntsc = ffmpeg(
        "-i",
        str(sample_match.camera_paths[1]),
        "-r",
        "30000/1001",
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-c:a",
        "copy",
        target=tmp_path / "cam2_2997.mp4",
    )
    _, other = sync_angles([sample_match.camera_paths[0], ntsc])
    assert other.offset_frames == 23
    assert other.offset_seconds == pytest.approx(0.92, abs=0.002)


def test_silent_fixed_cameras_sharing_part_of_the_pitch_sync_by_motion(
    sample_match: SampleMatch, tmp_path: Path
) -> None:
    behind_goal = str(sample_match.camera_paths[2])
    # Two fixed cameras, overlapping in the middle of the picture; the second starts 20 frames later.
    left = ffmpeg(
        "-i",
        behind_goal,
        "-an",
        "-vf",
        "crop=560:540:0:0",
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        target=tmp_path / "left.mp4",
    )
    right = ffmpeg(
        "-i",
        behind_goal,
        "-an",
        "-vf",
        "select=gte(n\\,20),setpts=N/25/TB,crop=560:540:400:0",
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        target=tmp_path / "right.mp4",
    )
    _, found = sync_angles([left, right])
    assert (found.offset_frames, found.method) == (20, "motion")


def test_with_nothing_shared_it_says_so_instead_of_guessing(
    sample_match: SampleMatch, make_clip: Callable[[str, ClipSpec], Path], tmp_path: Path
) -> None:
    unrelated = make_clip("unrelated.mp4", ClipSpec(frames=300, with_audio=True))
    _, found = sync_angles([sample_match.camera_paths[0], unrelated])
    assert found.offset_frames is None and found.method == "none"
    assert "no reliable offset" in (found.problem or "")
    silent = ffmpeg(
        "-i", str(sample_match.camera_paths[1]), "-an", "-c", "copy", target=tmp_path / "silent.mp4"
    )
    result = subprocess.run(
        [sys.executable, "-m", "matchdesk", "sync", str(sample_match.camera_paths[0]), str(silent), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1  # scripts learn that an angle could not be synced
    angle = json.loads(result.stdout)["angles"][1]
    assert angle["offset_frames"] is None and "no sound" in angle["problem"]
