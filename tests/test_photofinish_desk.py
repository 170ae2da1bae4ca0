"""The judge's photo-finish view: a click on the torso sets the lane's time; the record keeps both."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import numpy as np
from PyQt6.QtCore import QPoint, Qt
from PyQt6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from matchdesk.sample.race import LINE
from ui.app import application
from ui.common.i18n import set_language
from ui.desk.photofinish.window import open_photofinish_view
from var.photofinish.analysis import analyse
from var.photofinish.line import FinishLine
from var.photofinish.record import finish_results, record_results
from var.photofinish.results_pdf import write_results
from var.review_log import verify
from var.review_record import Review


def test_the_judge_clicks_the_torso_and_that_time_replaces_the_videos(
    qtbot: QtBot, sample_races: Mapping[str, Path], tmp_path: Path
) -> None:
    folder = sample_races["120-rolling-shutter"]
    finish = analyse(folder / "race.mp4", FinishLine(*LINE), lanes=8, readout_s=0.020)
    review_path = tmp_path / "60m.review"
    with Review.create(review_path, "60 m nữ, chung kết", [folder / "race.mp4"], "Lê Văn An") as review:
        result = record_results(
            review, finish, folder / "race.mp4", "60 m nữ, chung kết", "athletics", None, "Lê Văn An"
        )
    application()
    set_language("vi")
    view = open_photofinish_view(finish, review_path, result, "Trần Hữu Phước", "torso")
    qtbot.addWidget(view)
    view.show()
    truth = {f["lane"]: f["time_s"] for f in json.loads((folder / "race.json").read_text())["finishers"]}
    clicks = view.clicks
    # Where lane 4's runner's torso front is on the composite, as the judge sees it.
    columns = np.arange(clicks.layout.left, view.picture.pixmap().width())
    x = int(columns[np.argmin([abs(clicks.time_at(c) - truth[4]) for c in columns])])
    y = next(y for y in range(view.picture.pixmap().height()) if clicks.lane_at(y) == 4) + 10
    qtbot.mouseClick(view.picture, Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    with Review.open(review_path) as review:
        lane4 = next(f for f in finish_results(review)[result].finishers if f["lane"] == 4)
        assert verify(review_path).ok
    per_pixel = 1 / 120 / clicks.layout.px_per_frame
    assert lane4["set_by"] == "judge" and lane4["judge"] == "Trần Hữu Phước"
    assert abs(lane4["time_s"] - truth[4]) <= per_pixel
    # The video's own time is kept beside the judge's, whether or not the two happen to agree.
    video_time = next(f.time_s for f in finish.finishers if f.lane == 4)
    assert lane4["auto_time_s"] == round(video_time, 4)
    table = {
        view.table.item(row, 1).text(): view.table.item(row, 3).text() for row in range(view.table.rowCount())
    }
    assert table["4"].startswith("trọng tài (video 7.1")
    set_language("en")  # the judge switches to English: the view says its headings and table anew
    qtbot.waitUntil(lambda: _heading(view.table, 0) == "Place")
    lanes = {view.table.item(row, 1).text(): row for row in range(view.table.rowCount())}  # type: ignore[union-attr]
    assert view.table.item(lanes["4"], 3).text().startswith("judge (video 7.1")  # type: ignore[union-attr]
    assert view.grab().save(str(tmp_path / "photofinish_view.png"))
    with Review.open(review_path) as review:
        pdf = write_results(finish_results(review)[result], tmp_path / "results.pdf", "vi")
    assert pdf.stat().st_size > 2000
    set_language("en")


def _heading(table: QTableWidget, column: int) -> str | None:
    item = table.horizontalHeaderItem(column)
    return None if item is None else item.text()
