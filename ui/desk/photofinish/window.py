"""Opening the photo-finish view on a result signed into a review file."""

from __future__ import annotations

from pathlib import Path

from PyQt6.QtWidgets import QApplication

from matchdesk.errors import MatchdeskError
from ui.app import application
from ui.common.i18n import set_language, tr
from ui.desk.photofinish.view import PhotoFinishView
from var.photofinish.analysis import PhotoFinish
from var.photofinish.composite import ClickMap, compose
from var.photofinish.record import finish_results, judge_time
from var.review_record import Review


def open_photofinish_view(
    finish: PhotoFinish, review_path: Path, result: int, judge: str, point: str
) -> PhotoFinishView:
    """The view of ``finish`` (result ``result`` of ``review_path``); clicks are signed by ``judge``."""
    picture, layout = compose(finish)

    def results() -> list[dict[str, object]]:
        with Review.open(review_path) as review:
            return finish_results(review)[result].finishers

    def set_time(lane: int, time_s: float) -> None:
        with Review.open(review_path) as review:
            judge_time(review, result, lane, time_s, judge)

    view = PhotoFinishView(picture, ClickMap.of(finish, layout), results, set_time, point)
    view.setWindowTitle(tr("Photo finish"))
    view.resize(1100, 760)
    return view


def run_photofinish_view(
    finish: PhotoFinish,
    review_path: Path,
    result: int,
    judge: str,
    point: str,
    language: str,
    screenshot: Path | None,
) -> int:
    """Show the view until it is closed; with ``screenshot``, save a picture of it and close."""
    app = application()
    set_language(language)
    view = open_photofinish_view(finish, review_path, result, judge, point)
    view.show()
    if screenshot is not None:
        QApplication.processEvents()
        saved = view.grab().save(str(screenshot))
        view.close()
        if not saved:
            raise MatchdeskError("cannot write the screenshot", screenshot)
        return 0
    return app.exec()
