"""``matchdesk review``: the screenshot the README shows, and clear errors for bad angles."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PyQt6.QtGui import QImage

from matchdesk.sample.match import SampleMatch


def review(*arguments: str, tmp_path: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "MATCHDESK_CONFIG_DIR": str(tmp_path / "config"),
    }
    command = [sys.executable, "-m", "matchdesk", "review", *arguments]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=environment)


def test_review_screenshot_of_the_sample_match(tmp_path: Path) -> None:
    picture = tmp_path / "desk.png"
    result = review(
        "--sample", "--goto", "110", "--lang", "vi", "--screenshot", str(picture), tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(picture)).convertToFormat(QImage.Format.Format_RGB888)
    assert (image.width(), image.height()) == (1600, 1000)
    pixels = np.frombuffer(image.constBits().asstring(image.sizeInBytes()), dtype=np.uint8)  # type: ignore[union-attr]
    assert pixels.std() > 20  # a desk full of football, not a blank window


def team_box_pixels(picture: Path) -> int:
    """How many pixels show the second team's box colour (ui.desk.tracking.overlay's yellow)."""
    image = QImage(str(picture)).convertToFormat(QImage.Format.Format_RGB888)
    pixels = np.frombuffer(image.constBits().asstring(image.sizeInBytes()), dtype=np.uint8)  # type: ignore[union-attr]
    rows = pixels.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 3]
    return int(np.all(rows.reshape(image.height(), image.width(), 3) == (255, 200, 0), axis=2).sum())


@pytest.mark.heavy
def test_review_opens_the_sample_match_tracked_on_every_angle(tmp_path: Path) -> None:
    """`--track`: every angle tracked with the demo detector before the picture is taken (detecting
    every 10th frame, the saved setting a slow laptop would choose)."""
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.json").write_text('{"tracking_every": 10}')
    plain, tracked = tmp_path / "plain.png", tmp_path / "tracked.png"
    result = review("--sample", "--goto", "110", "--screenshot", str(plain), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    result = review(
        "--sample", "--goto", "110", "--track", "--screenshot", str(tracked), tmp_path=tmp_path, timeout=900
    )
    assert result.returncode == 0, result.stderr
    assert team_box_pixels(tracked) > team_box_pixels(plain) + 300  # boxes drawn on the angles


def test_review_of_a_missing_angle_says_which(sample_match: SampleMatch, tmp_path: Path) -> None:
    missing = tmp_path / "cam4.mp4"
    screenshot = str(tmp_path / "x.png")
    result = review(
        str(sample_match.camera_paths[0]), str(missing), "--screenshot", screenshot, tmp_path=tmp_path
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == f"matchdesk review: error: {missing}: file not found"


def test_review_takes_at_most_four_angles(sample_match: SampleMatch, tmp_path: Path) -> None:
    paths = [str(sample_match.camera_paths[0])] * 5
    result = review(*paths, "--screenshot", str(tmp_path / "x.png"), tmp_path=tmp_path)
    assert result.returncode == 2
    assert "1 to 4 angles" in result.stderr
