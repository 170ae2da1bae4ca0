"""The review requests panel of the desk: a judge logs a coach's request under the sport's rules."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PyQt6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from matchdesk.sample.match import SampleMatch
from matchdesk.settings import Settings
from tests.conftest import show_desk
from ui.app import application, open_review_window
from ui.common.i18n import set_language
from ui.desk.review_window import ReviewWindow
from var.review_record import Review
from var.sports.catalogue import find_profile


@pytest.fixture
def taekwondo_desk(
    qtbot: QtBot,
    sample_match: SampleMatch,
    sample_proxies: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[ReviewWindow]:
    monkeypatch.setenv("MATCHDESK_CACHE_DIR", str(sample_proxies))
    review = tmp_path / "final.review"
    angles = [sample_match.camera_path("cam1_wide")]
    Review.create(review, "Chung kết -58 kg", angles, "Tổ giám định", find_profile("taekwondo")).close()
    application()
    set_language("vi")
    window = open_review_window(
        [], Settings(language="vi", reviewer_name="Lê Văn An"), offer_proxies=False, review_file=review
    )
    yield show_desk(qtbot, window)
    window.close()
    set_language("en")


def test_the_judge_logs_a_coachs_request_and_the_panel_speaks_taekwondo_in_vietnamese(
    taekwondo_desk: ReviewWindow, tmp_path: Path
) -> None:
    panel = taekwondo_desk.var_part.requests_panel
    taekwondo_desk.docks.requests.raise_()
    assert "Taekwondo (đối kháng)" in panel.rules_label.text() and "30 s" in panel.rules_label.text()
    assert panel.category.itemText(0) == "Điểm đá vào đầu"
    assert panel.left_label.text() == "Còn lại: Đỏ 1, Xanh 1"
    panel.side.setCurrentIndex(panel.side.findData("blue"))
    panel.clock.setText("1:12")
    panel.ask_button.click()
    assert panel.requests.count() == 1 and "Xanh" in panel.requests.item(0).text()
    assert panel.left_label.text() == "Còn lại: Đỏ 1, Xanh 0"
    panel.requests.setCurrentRow(0)
    panel.changed_button.click()  # the jury upholds the coach: the card is kept
    assert "thay đổi quyết định" in panel.requests.item(0).text()
    assert panel.left_label.text() == "Còn lại: Đỏ 1, Xanh 1"
    panel.ask_button.click()
    panel.requests.setCurrentRow(1)
    panel.stands_button.click()
    panel.ask_button.click()  # no card left: refused, with the rule, and nothing logged
    assert "một thẻ cho mỗi trận" in panel.problem.text() and panel.requests.count() == 2
    assert panel.problem.text().startswith(
        "từ chối: Xanh đã hết lượt yêu cầu xem lại (Taekwondo (đối kháng): “"
    )
    QApplication.processEvents()
    assert taekwondo_desk.grab().save(str(tmp_path / "requests_panel.png"))
    with Review.open(tmp_path / "final.review") as review:
        assert len(review.state().refusals) == 1
