"""Football Video Support: coaches' review requests, each team's allowance, signed outcomes, the report."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from matchdesk.sample.match import SampleMatch
from var.report import write_incident_report
from var.review_log import ReviewFileError, verify
from var.review_record import Review
from var.review_requests import RequestCategory, RequestOutcome, Team
from var.review_state import IncidentType

REFEREE = "Nguyễn Văn An"


@pytest.fixture
def review(tmp_path: Path, sample_match: SampleMatch) -> Path:
    path = tmp_path / "match.review"
    with Review.create(path, "Hà Nội FC v Công An Hà Nội", sample_match.camera_paths, REFEREE):
        pass
    return path


def matchdesk(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "matchdesk", *arguments], capture_output=True, text=True, timeout=120
    )


def test_each_team_has_two_requests_and_one_that_changes_the_decision_is_kept(review: Path) -> None:
    with Review.open(review) as log:
        first = log.request_review(Team.HOME, "63:12", RequestCategory.GOAL, "4th official", frame=110)
        assert log.state().remaining_requests(Team.HOME) == 1  # pending counts as used
        log.record_request_outcome(first, RequestOutcome.STANDS, "the goal was good", REFEREE)
        assert log.state().remaining_requests(Team.HOME) == 1
        second = log.request_review(Team.HOME, "71:40", RequestCategory.PENALTY, "4th official")
        log.record_request_outcome(second, RequestOutcome.CHANGED, "foul outside the area", REFEREE)
        assert log.state().remaining_requests(Team.HOME) == 1  # changed: the request is kept
        log.request_review(Team.HOME, "80:02", RequestCategory.RED_CARD, "4th official")
        assert log.state().remaining_requests(Team.HOME) == 0
        assert log.state().remaining_requests(Team.AWAY) == 2
        with pytest.raises(
            ReviewFileError, match=r"home has no review request left .*in extra time each team has one more"
        ):
            log.request_review(Team.HOME, "85:00", RequestCategory.GOAL, "4th official")
        log.start_extra_time("4th official")
        assert log.state().remaining_requests(Team.HOME) == 1
        assert log.state().remaining_requests(Team.AWAY) == 3
        with pytest.raises(ReviewFileError, match="already has its outcome"):
            log.record_request_outcome(first, RequestOutcome.CHANGED, "", REFEREE)
        state = log.state()
    assert [r.outcome for r in state.requests.values()] == [
        RequestOutcome.STANDS,
        RequestOutcome.CHANGED,
        None,
    ]
    assert state.requests[first].frame == 110 and state.requests[first].decided_by == REFEREE
    checked = verify(review)
    assert checked.ok and checked.signed == 2  # each outcome is signed like a decision


def test_the_desk_operator_logs_and_decides_requests_from_the_command_line(review: Path) -> None:
    logged = matchdesk(
        "var", "request", str(review), "--team", "away", "--time", "55:30", "--category", "mistaken_identity"
    )
    assert logged.returncode == 0, logged.stderr
    assert "the away team has 1 left" in logged.stdout
    request = logged.stdout.split()[2]
    decided = matchdesk(
        "var",
        "request-outcome",
        str(review),
        request,
        "--outcome",
        "changed",
        "--reason",
        "wrong player booked",
        "--reviewer",
        REFEREE,
    )
    assert decided.returncode == 0, decided.stderr
    assert "decision_changed, signed; the away team has 2 left" in decided.stdout
    listing = json.loads(matchdesk("var", "requests", str(review), "--json").stdout)
    assert listing["remaining"] == {"home": 2, "away": 2}
    assert (
        listing["requests"][0]["signed"] is True and listing["requests"][0]["reason"] == "wrong player booked"
    )
    wrong = matchdesk("var", "request-outcome", str(review), "999", "--outcome", "stands")
    assert wrong.returncode == 2 and wrong.stderr.count("\n") == 1 and "no review request 999" in wrong.stderr


@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_incident_report_lists_the_requests_and_what_each_team_has_left(
    review: Path, tmp_path: Path, language: str
) -> None:
    with Review.open(review) as log:
        incident = log.add_incident(IncidentType.GOAL_CHECK, 100, 120, [], "", REFEREE)
        request = log.request_review(Team.HOME, "63:12", RequestCategory.GOAL, "4th official", frame=110)
        log.record_request_outcome(request, RequestOutcome.STANDS, "", REFEREE)
    pdf = write_incident_report(review, incident, [], tmp_path / "report.pdf", language)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
    if language == "en":
        assert "Review requests (Football Video Support (FVS))" in text
        assert "Home at 63:12: goal / no goal, decision stands" in text
        assert "Requests left: home 1, away 2" in text
    else:
        assert "Yêu cầu xem lại" in text and "giữ nguyên quyết định" in text
        assert "Còn lại: đội nhà 1, đội khách 2" in text
