"""A coach makes a session from the day's videos: each angle's frames placed in UTC by the file's own
time, and corrected by sync points marked against the wearable data (one places it, two correct the
drift), a sync point minutes off asked about first."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from athletes.video_session.folder import load_session
from athletes.video_session.opened import open_session
from matchdesk.cli import main
from matchdesk.sample.match import SampleMatch
from tracking.tracks import Tracks

FILMED = datetime(2026, 12, 5, 1, 30, 0, tzinfo=UTC)  # 08:30 in Hà Nội

THE_DAY = ["--team", "U19", "--date", "2026-12-05"]


def _clocks(capsys: pytest.CaptureFixture[str], *arguments: str) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main([*arguments, "--json"]) == 0
    rows: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return rows


def test_the_files_time_places_the_video_and_sync_points_correct_it(
    sample_match: SampleMatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wide = sample_match.stamped_camera("cam1_wide", tmp_path / "wide.mp4", FILMED)
    unstamped = sample_match.stamped_camera("cam2_tight", tmp_path / "tight.mp4", None)
    folder = tmp_path / "session"
    rows = _clocks(
        capsys, "session", "new", str(folder), "--team", "U19", "--date", "2026-12-05",
        "--video", str(wide), str(unstamped), "--athletes", "Nguyễn Văn An", "Trần Thị Bình",
    )  # fmt: skip
    assert rows[0]["clock"] == "file" and rows[0]["start_utc"] == "2026-12-05T01:30:00.000+00:00"
    assert rows[1]["clock"] == "unknown" and rows[1]["start_utc"] is None

    # A clap at frame 50 (2 s in) shows in An's accelerometer at 01:30:03.5: the camera was 1.5 s early.
    rows = _clocks(
        capsys, "session", "sync", str(folder), "--angle", "wide", "--frame", "50",
        "--wearable-time", "2026-12-05T08:30:03.5+07:00", "--athlete", "Nguyễn Văn An",
    )  # fmt: skip
    angle = load_session(folder).angle("wide")
    assert angle.source == "sync" and angle.utc_at(0) == FILMED + timedelta(seconds=1.5)

    # A second point, 9 s of video later, 9.009 s later on the strap: the camera's clock runs slow.
    _clocks(
        capsys, "session", "sync", str(folder), "--angle", "wide", "--frame", "275",
        "--wearable-time", "2026-12-05T01:30:12.509Z",
    )  # fmt: skip
    angle = load_session(folder).angle("wide")
    assert (
        abs((angle.utc_at(275) - datetime(2026, 12, 5, 1, 30, 12, 509000, tzinfo=UTC)).total_seconds()) < 1e-3
    )
    assert (
        abs((angle.utc_at(50) - datetime(2026, 12, 5, 1, 30, 3, 500000, tzinfo=UTC)).total_seconds()) < 1e-3
    )
    assert angle.frame_at(datetime(2026, 12, 5, 1, 30, 7, 504000, tzinfo=UTC)) == pytest.approx(150, abs=0.01)

    # The coach nudges the video one frame later against the straps.
    _clocks(capsys, "session", "sync", str(folder), "--angle", "wide", "--nudge", "0.04")
    assert load_session(folder).angle("wide").utc_at(50) - angle.utc_at(50) == timedelta(milliseconds=40)

    # The tight camera has no time of its own: one sync point places it.
    _clocks(
        capsys,
        "session",
        "sync",
        str(folder),
        "--angle",
        "tight",
        "--frame",
        "0",
        "--wearable-time",
        "2026-12-05T01:30:00.92Z",
    )
    assert load_session(folder).angle("tight").utc_at(0) == datetime(
        2026, 12, 5, 1, 30, 0, 920000, tzinfo=UTC
    )


def test_a_sync_point_minutes_from_the_files_time_is_asked_about_and_nothing_else_is_written(
    sample_match: SampleMatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wide = sample_match.stamped_camera("cam1_wide", tmp_path / "wide.mp4", FILMED)
    folder = tmp_path / "session"
    assert (
        main(["session", "new", str(folder), "--team", "U19", "--date", "2026-12-05", "--video", str(wide)])
        == 0
    )
    before = (folder / "session.json").read_bytes()
    sync = ["session", "sync", str(folder), "--frame", "25", "--wearable-time", "2026-12-05T01:35:01Z"]
    capsys.readouterr()
    assert main(sync) == 3
    message = capsys.readouterr().err
    assert "+5.0 minutes from what the file says" in message and "--yes" in message
    assert (folder / "session.json").read_bytes() == before
    assert main([*sync, "--yes"]) == 0
    assert load_session(folder).angle(None).utc_at(0) == FILMED + timedelta(minutes=5)

    assert (
        main(["session", "sync", str(folder), "--frame", "9999", "--wearable-time", "2026-12-05T01:30:00Z"])
        == 2
    )
    assert "past the video" in capsys.readouterr().err
    assert main(["session", "sync", str(folder), "--frame", "1", "--wearable-time", "08:30"]) == 2
    assert "not an ISO 8601 time" in capsys.readouterr().err
    again = ["session", "new", str(folder), "--team", "U19", "--date", "2026-12-05", "--video", str(wide)]
    assert main(again) == 2 and "is a session already" in capsys.readouterr().err
    missing = ["session", "new", str(tmp_path / "s2"), *THE_DAY, "--video", "nowhere.mp4"]
    assert main(missing) == 2 and "nowhere.mp4" in capsys.readouterr().err
    assert (
        main(["session", "sync", str(tmp_path), "--frame", "1", "--wearable-time", "2026-12-05T01:30:00Z"])
        == 2
    )
    assert "not a session folder" in capsys.readouterr().err


def test_the_session_keeps_each_angles_picture_size_and_reads_it_from_the_video_when_older(
    sample_match: SampleMatch, tmp_path: Path
) -> None:
    """The load places a player leaving at the bottom of the picture from his box's top, so it must
    know where the picture ends; a session folder made before the size was kept still opens with it."""
    wide = sample_match.stamped_camera("cam1_wide", tmp_path / "wide.mp4", FILMED)
    folder = tmp_path / "session"
    assert main(["session", "new", str(folder), *THE_DAY, "--video", str(wide)]) == 0
    assert load_session(folder).angle(None).picture_size == (960, 540)

    data = json.loads((folder / "session.json").read_text(encoding="utf-8"))
    del data["angles"][0]["picture_size"]
    (folder / "session.json").write_text(json.dumps(data), encoding="utf-8")
    assert load_session(folder).angle(None).picture_size is None
    opened = open_session(folder, None, lambda _folder, _angle: Tracks.empty(), need_pitch=False)
    assert opened.angle.picture_size == (960, 540)
