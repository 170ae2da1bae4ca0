"""``matchdesk review``: the screenshot the README shows, and clear errors for bad angles."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PyQt6.QtGui import QImage

from matchdesk.sample.match import SampleMatch


def review(*arguments: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    environment = {"QT_QPA_PLATFORM": "offscreen", "MATCHDESK_CONFIG_DIR": str(tmp_path / "config")}
    import os

    return subprocess.run(
        [sys.executable, "-m", "matchdesk", "review", *arguments],
        capture_output=True, text=True, timeout=300, env={**os.environ, **environment},
    )  # fmt: skip


def test_review_screenshot_shows_the_desk_at_the_requested_frame(
    sample_match: SampleMatch, tmp_path: Path
) -> None:
    picture = tmp_path / "desk.png"
    paths = [str(p) for p in sample_match.camera_paths]
    result = review(*paths, "--offset", "23", "--offset", "47", "--goto", "110", "--lang", "vi",
                    "--screenshot", str(picture), tmp_path=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    image = QImage(str(picture))
    assert (image.width(), image.height()) == (1600, 1000)


def test_review_of_a_missing_angle_says_which(sample_match: SampleMatch, tmp_path: Path) -> None:
    missing = tmp_path / "cam4.mp4"
    result = review(str(sample_match.camera_paths[0]), str(missing), "--screenshot", str(tmp_path / "x.png"),
                    tmp_path=tmp_path)  # fmt: skip
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == f"matchdesk review: error: {missing}: file not found"


def test_review_takes_at_most_four_angles(sample_match: SampleMatch, tmp_path: Path) -> None:
    paths = [str(sample_match.camera_paths[0])] * 5
    result = review(*paths, "--screenshot", str(tmp_path / "x.png"), tmp_path=tmp_path)
    assert result.returncode == 2
    assert "1 to 4 angles" in result.stderr
