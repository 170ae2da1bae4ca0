"""The media engine from the shell: probe, frame, ingest, and what bad input looks like."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import cv2
import pytest

from matchdesk.cli import main
from matchdesk.sample.framestamp import read_frame_number
from matchdesk.sample.testclip import ClipSpec
from var.media import load_proxy
from var.media.ffmpeg_tool import run_ffmpeg

CLIP = ClipSpec(frames=50, gop=25, b_frames=2, with_audio=True)


@pytest.fixture
def clip(make_clip: Callable[[str, ClipSpec], Path]) -> Path:
    return make_clip("cli.mp4", CLIP)


def run(*arguments: str) -> subprocess.CompletedProcess[str]:
    """The installed command, as a user or script runs it."""
    return subprocess.run(
        [sys.executable, "-m", "matchdesk", *arguments], capture_output=True, text=True, timeout=300
    )


def test_help_lists_every_subcommand() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("probe", "frame", "ingest", "sample"):
        assert command in result.stdout


def test_probe_json_gives_exact_facts(clip: Path) -> None:
    result = run("probe", str(clip), "--json")
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout)
    assert facts["frame_count"] == 50
    assert facts["frame_rate"] == "25/1"
    assert facts["duration"] == "2/1"
    assert (facts["width"], facts["height"], facts["rotation"]) == (320, 240, 0)
    assert facts["codec"] == "h264"
    assert facts["variable_frame_rate"] is False
    assert facts["keyframes"] == [0, 25]
    assert set(facts) >= {"time_base", "start_time", "path"}


def test_probe_text_is_readable(clip: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["probe", str(clip)]) == 0
    out = capsys.readouterr().out
    assert "50 displayed" in out
    assert "0:00:02.000" in out


def test_frame_writes_exactly_the_requested_frames(clip: Path, tmp_path: Path) -> None:
    out = tmp_path / "stills"
    result = run("frame", str(clip), "0", "17", "49", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["0.png", "17.png", "49.png"]
    for index in (0, 17, 49):
        picture = cv2.cvtColor(cv2.imread(str(out / f"{index}.png")), cv2.COLOR_BGR2RGB)
        assert read_frame_number(picture) == index


def test_ingest_builds_proxies_that_open_video_then_uses(
    clip: Path, make_clip: Callable[[str, ClipSpec], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    second = make_clip("cli2.mp4", ClipSpec(frames=30))
    assert main(["ingest", str(clip), str(second)]) == 0
    assert load_proxy(clip) is not None
    assert load_proxy(second) is not None
    assert "proxy of 50 frames" in capsys.readouterr().out


def test_ingest_shows_a_progress_bar(clip: Path) -> None:
    result = run("ingest", str(clip))
    assert result.returncode == 0, result.stderr
    assert "50/50" in result.stderr


# --- bad input: one line naming the file and the problem, non-zero exit, never a traceback ----------


def make_text_renamed(folder: Path) -> Path:
    path = folder / "notes.mp4"
    path.write_text("Biên bản trận đấu: not a video\n", encoding="utf-8")
    return path


def make_truncated_download(folder: Path, clip: Path) -> Path:
    path = folder / "half_download.mp4"
    data = clip.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])  # moov at the end never arrived
    return path


def make_faststart(folder: Path, clip: Path) -> Path:
    faststart = folder / "faststart.mp4"
    run_ffmpeg(
        ["-loglevel", "error", "-i", str(clip), "-c", "copy", "-movflags", "+faststart", str(faststart)],
        about=faststart,
    )
    return faststart


def make_truncated_faststart(folder: Path, clip: Path) -> Path:
    path = folder / "half_faststart.mp4"
    data = make_faststart(folder, clip).read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])  # index present, picture data cut short
    return path


def make_cut_before_first_frame(folder: Path, clip: Path) -> Path:
    path = folder / "cut_at_start.mp4"
    data = make_faststart(folder, clip).read_bytes()
    mdat = data.index(b"mdat")  # the picture data starts here, after the index
    path.write_bytes(data[: mdat + 200])  # not even the first picture arrived whole
    return path


def make_audio_only(folder: Path) -> Path:
    path = folder / "commentary.m4a"
    run_ffmpeg(["-loglevel", "error", "-f", "lavfi", "-i", "sine=d=1", str(path)], about=path)
    return path


BAD_INPUTS: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "missing file": (lambda folder, clip: folder / "nowhere.mp4", "file not found"),
    "text file renamed .mp4": (lambda folder, clip: make_text_renamed(folder), "not a readable video"),
    "truncated download": (make_truncated_download, "not a readable video"),
    "cut before its first frame": (make_cut_before_first_frame, "stops before its first complete frame"),
    "no video stream": (lambda folder, clip: make_audio_only(folder), "no video stream"),
    "a folder": (lambda folder, clip: folder, "folder"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
@pytest.mark.parametrize("command", ["probe", "frame", "ingest"])
def test_bad_input_gives_one_clear_line_and_a_failing_exit(
    case: str, command: str, clip: Path, tmp_path: Path
) -> None:
    make, problem = BAD_INPUTS[case]
    path = make(tmp_path, clip)
    extra = {"probe": [], "frame": ["0", "--out", str(tmp_path / "out")], "ingest": []}[command]
    result = run(command, str(path), *extra)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0]
    assert problem in lines[0]


def test_a_copy_cut_off_mid_stream_opens_with_a_warning_saying_what_is_missing(
    clip: Path, tmp_path: Path
) -> None:
    path = make_truncated_faststart(tmp_path, clip)
    probe = run("probe", str(path), "--json")
    assert probe.returncode == 0, probe.stderr
    facts = json.loads(probe.stdout)
    present = facts["frame_count"]
    assert 20 < present < 50
    assert facts["warning"].startswith("the file ends early")
    assert "Traceback" not in probe.stderr
    assert f"{path}: the file ends early" in probe.stderr  # said where a script's log will see it

    last = run("frame", str(path), str(present - 1), "--out", str(tmp_path / "out"))
    assert last.returncode == 0, last.stderr
    picture = cv2.imread(str(tmp_path / "out" / f"{present - 1}.png"))
    assert read_frame_number(cv2.cvtColor(picture, cv2.COLOR_BGR2RGB)) == present - 1
    past_the_end = run("frame", str(path), str(present), "--out", str(tmp_path / "out"))
    assert past_the_end.returncode == 2
    assert f"frame {present} is out of range" in past_the_end.stderr

    text = run("probe", str(path))
    assert "warning:     the file ends early" in text.stdout


def test_frame_index_out_of_range_names_the_file_and_the_valid_range(clip: Path, tmp_path: Path) -> None:
    result = run("frame", str(clip), "3", "50", "--out", str(tmp_path / "out"))
    assert result.returncode != 0
    assert (
        result.stderr.strip()
        == f"matchdesk frame: error: {clip}: frame 50 is out of range (the video has 50 frames, 0 to 49)"
    )
    assert not (tmp_path / "out").exists()  # nothing half-written


def test_one_bad_angle_does_not_stop_the_others_from_ingesting(clip: Path, tmp_path: Path) -> None:
    bad = make_text_renamed(tmp_path)
    result = run("ingest", str(bad), str(clip))
    assert result.returncode != 0
    assert load_proxy(clip) is not None
