"""Snapping offside points to body points with the real YOLO pose weights, on real broadcast footage."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PyQt6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from matchdesk.errors import MatchdeskError
from tests.conftest import shared_file
from tracking.pose_snap import SCORING_PARTS, PoseSnapper
from ui.app import application
from ui.desk.var.offside_dialog import OffsideDialog
from var.media import open_video

pytestmark = pytest.mark.shared

CLIP = "clips/fb_offside_ucl_liverpool_benfica_1080p.mp4"
ANNOTATIONS = "clips/annotations/fb_offside_ucl_liverpool_benfica_1080p.json"


@pytest.fixture(scope="module")
def snapper() -> PoseSnapper:
    return PoseSnapper(shared_file("models/yolo11n-pose.pt"))


@pytest.fixture(scope="module")
def annotated_frame() -> tuple[np.ndarray, list[tuple[float, float, float, float]]]:
    """An annotated frame (numbered from 1) of the Liverpool v Benfica clip, and its players' boxes."""
    annotations = json.loads(shared_file(ANNOTATIONS).read_text())
    frame = annotations["frames"][5]
    with open_video(shared_file(CLIP), read_ahead=0) as video:
        picture = np.array(video.frame(frame["frame"] - 1))
    boxes = []
    for player in frame["players"]:
        (ax, ay), (bx, by) = player["position"]
        boxes.append((min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
    return picture, boxes


def test_body_points_of_broadcast_players_fall_inside_their_boxes(
    snapper: PoseSnapper, annotated_frame: tuple[np.ndarray, list[tuple[float, float, float, float]]]
) -> None:
    picture, boxes = annotated_frame
    found = 0
    for x1, y1, x2, y2 in boxes[:10]:
        points = snapper.body_points(picture, ((x1 + x2) / 2, (y1 + y2) / 2), radius=max(120.0, y2 - y1))
        assert all(p.name in SCORING_PARTS.values() for p in points)  # never arms or hands
        found += any(x1 - 5 <= p.x <= x2 + 5 and y1 - 5 <= p.y <= y2 + 5 for p in points)
    assert found >= 8


def test_a_click_near_a_foot_snaps_onto_the_body(
    snapper: PoseSnapper, annotated_frame: tuple[np.ndarray, list[tuple[float, float, float, float]]]
) -> None:
    picture, boxes = annotated_frame
    x1, y1, x2, y2 = max(boxes, key=lambda b: b[3] - b[1])  # the tallest player
    click = ((x1 + x2) / 2 + 6, y2 - 4)
    point = snapper.snap(picture, click, within=40)
    assert point is not None
    assert x1 - 5 <= point.x <= x2 + 5 and y1 - 5 <= point.y <= y2 + 5
    assert snapper.snap(picture, (5.0, 5.0)) is None  # nothing to snap to in the corner


def test_weights_that_are_missing_or_not_a_pose_model_are_refused(tmp_path: Path) -> None:
    with pytest.raises(MatchdeskError, match="pose weights file not found"):
        PoseSnapper(tmp_path / "missing.pt")
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"not weights")
    with pytest.raises(MatchdeskError, match="not usable Ultralytics weights"):
        PoseSnapper(bad)


def test_the_offside_tool_snaps_the_attacker_to_a_body_point(
    qtbot: QtBot, annotated_frame: tuple[np.ndarray, list[tuple[float, float, float, float]]]
) -> None:
    application()
    picture, boxes = annotated_frame
    dialog = OffsideDialog(None, picture, 0, 50, 50, shared_file("models/yolo11n-pose.pt"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.snap.setChecked(True)
    dialog.set_mode("attacker")
    x1, y1, x2, y2 = max(boxes, key=lambda b: b[3] - b[1])
    click = ((x1 + x2) / 2 + 6, y2 - 4)
    at = dialog.canvas.to_widget(click)
    with qtbot.waitSignal(dialog.snapped, timeout=60_000):
        qtbot.mouseClick(dialog.canvas, Qt.MouseButton.LeftButton, pos=QPoint(round(at.x()), round(at.y())))
    snapped = dialog.canvas.players["attacker"]
    assert snapped != pytest.approx(click, abs=0.5)  # moved onto the body
    assert x1 - 5 <= snapped[0] <= x2 + 5 and y1 - 5 <= snapped[1] <= y2 + 5
