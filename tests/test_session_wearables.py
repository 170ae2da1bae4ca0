"""The day's strap recordings placed on the session's video: by their own timestamps, and, when a
strap's clock is off, by one sync point (the players' jump, seen in the video and in the accelerometer).
The straps are the sample match's, rendered with a known clock error."""

from __future__ import annotations

from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from athletes.video_session.folder import load_session
from athletes.video_session.wearables import place, read_wearable
from matchdesk.cli import main
from matchdesk.sample.match import SampleMatch
from matchdesk.sample.straps import JUMP_FRAME

KICKOFF = datetime(2026, 12, 5, 1, 30, 0, tzinfo=UTC)


def _straps(tmp_path: Path, name: str, offset_s: float, kickoff: str = "2026-12-05T01:30:00Z") -> Path:
    out = tmp_path / name
    assert (
        main(["sample", "straps", "--out", str(out), "--kickoff", kickoff, "--clock-offset", str(offset_s)])
        == 0
    )
    return out


def _jump_frame(session_folder: Path, strap: Path) -> float:
    """Where the strap's jump (its accelerometer's peak) lands on the video."""
    session = load_session(session_folder)
    placed = place("Home 9", read_wearable(strap), session.angle(None))
    peak = int(np.argmax(pd.read_csv(strap)["acc_g"].to_numpy()))
    return float(placed.frames[peak])


def test_straps_are_placed_by_their_own_timestamps_within_a_second(
    sample_match: SampleMatch, tmp_path: Path
) -> None:
    video = sample_match.stamped_camera("cam1_wide", tmp_path / "wide.mp4", KICKOFF)
    straps = _straps(tmp_path, "straps", offset_s=0.4)  # the straps' phone 0.4 s ahead
    assert len(list(straps.glob("*.csv"))) == 22
    folder = tmp_path / "session"
    strap = straps / "Home_9.csv"
    new = ["session", "new", str(folder), "--team", "Home", "--date", "2026-12-05", "--video", str(video)]
    assert main([*new, "--athletes", "Home 9", "--wearable", f"Home 9={strap}"]) == 0
    assert abs(_jump_frame(folder, strap) - JUMP_FRAME) <= 25  # 1 s at 25 fps


def test_a_strap_whose_clock_is_off_is_placed_to_two_frames_by_one_sync_point(
    sample_match: SampleMatch, tmp_path: Path
) -> None:
    video = sample_match.stamped_camera("cam1_wide", tmp_path / "wide.mp4", KICKOFF)
    straps = _straps(tmp_path, "straps", offset_s=-5.64)  # a strap whose clock is 5.64 s behind
    strap = straps / "Home_9.csv"
    folder = tmp_path / "session"
    new = ["session", "new", str(folder), "--team", "Home", "--date", "2026-12-05", "--video", str(video)]
    assert main([*new, "--athletes", "Home 9", "--wearable", f"Home 9={strap}"]) == 0
    assert abs(_jump_frame(folder, strap) - JUMP_FRAME) > 100  # placed by its own clock: 5.6 s off

    # The coach sees the jump land on frame 200 and reads the accelerometer's peak in the strap's data.
    table = pd.read_csv(strap)
    landing = str(table["time"][int(np.argmax(table["acc_g"].to_numpy()))])
    sync = ["session", "sync", str(folder), "--frame", str(JUMP_FRAME), "--wearable-time", landing]
    assert main([*sync, "--athlete", "Home 9"]) == 0
    assert abs(_jump_frame(folder, strap) - JUMP_FRAME) <= 2


def test_a_recording_of_another_day_or_of_another_session_is_refused(
    sample_match: SampleMatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    video = sample_match.stamped_camera("cam1_wide", tmp_path / "wide.mp4", KICKOFF)
    yesterday = _straps(tmp_path, "yesterday", 0.0, kickoff="2026-12-04T01:30:00Z") / "Home_9.csv"
    later = _straps(tmp_path, "later", 0.0, kickoff="2026-12-05T03:00:00Z") / "Home_9.csv"
    for strap, said in ((yesterday, "a recording from another day"), (later, "does not overlap the video")):
        folder = tmp_path / f"session-{strap.parent.name}"
        new = ["session", "new", str(folder), "--team", "Home", "--date", "2026-12-05", "--video", str(video)]
        capsys.readouterr()
        assert main([*new, "--wearable", f"Home 9={strap}"]) == 2
        message = capsys.readouterr().err
        assert said in message and "Home_9.csv" in message and "Traceback" not in message
        assert not (folder / "session.json").exists()  # nothing half-written


def test_a_clock_moved_off_the_straps_from_the_command_line_is_refused_and_the_session_kept(
    sample_match: SampleMatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As in the window: a nudge or a sync point that leaves a strap beside no video is said, naming the
    file, and the session keeps its clock."""
    video = sample_match.stamped_camera("cam1_wide", tmp_path / "wide.mp4", KICKOFF)
    strap = _straps(tmp_path, "straps", offset_s=0.0) / "Home_9.csv"
    folder = tmp_path / "session"
    new = ["session", "new", str(folder), "--team", "Home", "--date", "2026-12-05", "--video", str(video)]
    assert main([*new, "--athletes", "Home 9", "--wearable", f"Home 9={strap}"]) == 0
    before = (folder / "session.json").read_bytes()
    far_sync = ["--frame", "0", "--wearable-time", "2026-12-05T02:30:00Z", "--yes"]
    for moved in (["--nudge", "3600"], far_sync):
        capsys.readouterr()
        assert main(["session", "sync", str(folder), *moved]) == 2
        message = capsys.readouterr().err
        assert "does not overlap the video" in message and "Home_9.csv" in message
        assert (folder / "session.json").read_bytes() == before

    assert main(["session", "sync", str(folder), "--nudge", "0.04"]) == 0  # a frame is fine
    assert load_session(folder).angle(None).nudge == Fraction(1, 25)
