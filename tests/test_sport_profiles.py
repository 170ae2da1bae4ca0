"""Review requests in every sport of the province's games, each under its own rules (sport profiles)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from matchdesk.cli import main
from matchdesk.errors import MatchdeskError
from matchdesk.sample.match import SampleMatch
from var.report import write_incident_report
from var.review_record import Review
from var.review_state import IncidentType
from var.sports.catalogue import SHIPPED, all_profiles, find_profile
from var.sports.profile import read_profile

REFUSED = 3
SPORTS = [
    "football_var",
    "football_fvs",
    "taekwondo",
    "karate",
    "volleyball",
    "badminton",
    "wrestling",
    "basketball",
]


def run(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    status = main(list(arguments))
    out, err = capsys.readouterr()
    return status, out, err


def new_review(
    tmp_path: Path, sample_match: SampleMatch, capsys: pytest.CaptureFixture[str], sport: str, *extra: str
) -> Path:
    review = tmp_path / f"{sport}.review"
    angle = str(sample_match.camera_path("cam1_wide"))
    status, _, err = run(
        capsys, "var", "new", str(review), angle, "--match", "Final", "--sport", sport, *extra
    )
    assert status == 0, err
    return review


def ask(capsys: pytest.CaptureFixture[str], review: Path, *arguments: str) -> tuple[int, str, str]:
    return run(capsys, "var", "request", str(review), *arguments)


def decide(capsys: pytest.CaptureFixture[str], review: Path, request: str, outcome: str) -> None:
    status, _, err = run(capsys, "var", "request-outcome", str(review), request, "--outcome", outcome)
    assert status == 0, err


def requests(capsys: pytest.CaptureFixture[str], review: Path) -> dict:
    status, out, err = run(capsys, "var", "requests", str(review), "--json")
    assert status == 0, err
    return json.loads(out)


def logged_id(out: str) -> str:
    return out.split()[2]


def test_matchdesk_knows_the_review_rules_of_eight_sports_each_citing_its_rule_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "sports", "--json")
    listed = {sport["sport"]: sport for sport in json.loads(out)}
    assert status == 0 and set(SPORTS) <= set(listed)
    for sport in listed.values():
        assert sport["title"]["vi"] and sport["title"]["en"] and len(sport["source"]) > 30
        assert sport["categories"] and all(c["title"]["vi"] and c["title"]["en"] for c in sport["categories"])
        assert sport["quota"]["per"] in ("match", "set", "game", "bout", "contest", "quarter", "competition")
        assert sport["quota"]["spent"] in ("always", "on_failure")
    assert listed["taekwondo"]["sides"] == ["red", "blue"] and listed["taekwondo"]["window_s"] == 5
    assert listed["volleyball"]["quota"] == {"count": 2, "per": "set", "spent": "on_failure"}
    assert listed["basketball"]["quota"] == {"count": 1, "per": "game", "spent": "always"}
    assert listed["football_var"]["quota"]["count"] == 0


@pytest.mark.parametrize(
    ("sport", "count", "per", "spent", "deadline"),
    [
        ("football_fvs", 2, "match", "on_failure", None),
        ("taekwondo", 1, "contest", "on_failure", 30),
        ("karate", 1, "bout", "on_failure", None),
        ("volleyball", 2, "set", "on_failure", None),
        ("badminton", 2, "match", "on_failure", None),
        ("wrestling", 1, "bout", "on_failure", None),
        ("basketball", 1, "game", "always", None),
    ],
)
def test_each_shipped_profile_carries_its_rule_texts_numbers(
    sport: str, count: int, per: str, spent: str, deadline: int | None
) -> None:
    profile = find_profile(sport)
    assert (profile.quota.count, profile.quota.per, profile.quota.spent) == (count, per, spent)
    assert profile.deadline_seconds == deadline
    assert profile.source and profile.quota_rule and profile.requester_rule and profile.category_rule


@pytest.mark.parametrize("sport", SPORTS)
def test_each_shipped_profile_quotes_its_rules_to_a_vietnamese_desk_in_vietnamese(sport: str) -> None:
    profile = find_profile(sport)
    rules = [
        profile.requester_rule,
        profile.category_rule,
        profile.quota_rule,
        profile.window_rule,
        profile.outcome_rule,
    ]
    for rule in rules:
        assert rule("vi") != rule("en") and rule("en").isascii() and not rule("vi").isascii()


def test_a_departments_own_profile_may_quote_its_rules_in_one_language(tmp_path: Path) -> None:
    own = tmp_path / "volleyball_u15.toml"
    shipped = (SHIPPED / "volleyball.toml").read_text(encoding="utf-8").splitlines()
    own.write_text(
        "\n".join(
            'rule = "Điều lệ giải U15: đội trưởng yêu cầu thách thức"'
            if line.startswith("rule = {")
            else line
            for line in shipped
        ),
        encoding="utf-8",
    )
    profile = read_profile(own)
    assert (
        profile.quota_rule("en")
        == profile.quota_rule("vi")
        == "Điều lệ giải U15: đội trưởng yêu cầu thách thức"
    )
    assert profile.category_rule("vi").startswith("FIVB VCS 3: được yêu cầu thách thức")
    one_side_only = (
        line.replace("{ vi = ", "{ vn = ") if line.startswith("rule = {") else line for line in shipped
    )
    own.write_text("\n".join(one_side_only), encoding="utf-8")
    with pytest.raises(MatchdeskError, match=r"requests\.rule: must give the words in both languages"):
        read_profile(own)


def test_a_taekwondo_coach_keeps_the_card_when_right_and_loses_it_when_wrong(
    tmp_path: Path, sample_match: SampleMatch, capsys: pytest.CaptureFixture[str]
) -> None:
    review = new_review(tmp_path, sample_match, capsys, "taekwondo")
    status, out, _ = ask(
        capsys,
        review,
        "--side",
        "red",
        "--category",
        "head_kick",
        "--period",
        "1",
        "--time",
        "1:20",
        "--action-time",
        "1:23",
    )
    assert status == 0 and "red has 0 left" in out  # the card is out while the jury looks
    decide(capsys, review, logged_id(out), "changed")
    status, out, _ = ask(
        capsys, review, "--side", "red", "--category", "penalty", "--period", "2", "--time", "0:40"
    )
    assert status == 0 and "red has 0 left" in out
    decide(capsys, review, logged_id(out), "stands")
    status, _, err = ask(
        capsys, review, "--side", "red", "--category", "head_kick", "--period", "3", "--time", "0:10"
    )
    assert status == REFUSED and err.count("\n") == 1
    assert "red has no review request left" in err and "one card per contest" in err
    listing = requests(capsys, review)
    assert listing["sport"] == "taekwondo" and listing["remaining"] == {"red": 0, "blue": 1}
    assert [r["status"] for r in listing["requests"]] == ["changed", "stands"]
    assert listing["refused"][0]["side"] == "red"  # the refusal is in the log too


@pytest.mark.parametrize(
    ("arguments", "why"),
    [
        (
            ["--side", "blue", "--category", "head_kick", "--time", "1:20", "--action-time", "1:27"],
            "within 5 seconds",
        ),
        (
            ["--side", "blue", "--category", "head_kick", "--time", "1:20", "--by", "athlete"],
            "raising the blue or red",
        ),
        (["--side", "green", "--category", "head_kick", "--time", "1:20"], "no side 'green'"),
        (["--side", "blue", "--category", "punch_to_face", "--time", "1:20"], "may not be reviewed"),
    ],
    ids=["action-too-old", "athlete-asks", "no-such-side", "not-reviewable"],
)
def test_a_taekwondo_request_outside_the_rules_is_refused_with_the_rule_quoted(
    tmp_path: Path,
    sample_match: SampleMatch,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    why: str,
) -> None:
    review = new_review(tmp_path, sample_match, capsys, "taekwondo")
    status, _, err = ask(capsys, review, *arguments)
    assert status == REFUSED and err.count("\n") == 1 and why in err
    assert requests(capsys, review)["remaining"] == {"red": 1, "blue": 1}


def test_a_volleyball_team_has_two_unsuccessful_challenges_in_each_set(
    tmp_path: Path, sample_match: SampleMatch, capsys: pytest.CaptureFixture[str]
) -> None:
    review = new_review(tmp_path, sample_match, capsys, "volleyball")
    for outcome in ("changed", "stands", "stands"):
        status, out, _ = ask(
            capsys, review, "--side", "home", "--category", "in_out", "--period", "1", "--time", "12:00"
        )
        assert status == 0
        decide(capsys, review, logged_id(out), outcome)
    status, _, err = ask(
        capsys, review, "--side", "home", "--category", "block_touch", "--period", "1", "--time", "14:00"
    )
    assert status == REFUSED and "two unsuccessful challenges per set" in err
    status, out, _ = ask(
        capsys, review, "--side", "home", "--category", "net_touch", "--period", "2", "--time", "3:00"
    )
    assert status == 0 and "home team has 1 left" in out  # a new set, two again (one pending)
    assert requests(capsys, review)["remaining"] == {"home": 1, "away": 2}


def test_a_lost_wrestling_challenge_gives_the_opponent_a_point(
    tmp_path: Path, sample_match: SampleMatch, capsys: pytest.CaptureFixture[str]
) -> None:
    review = new_review(tmp_path, sample_match, capsys, "wrestling")
    status, out, _ = ask(capsys, review, "--side", "blue", "--category", "points", "--time", "2:10")
    assert status == 0
    decide(capsys, review, logged_id(out), "stands")
    listing = requests(capsys, review)
    assert listing["points"] == {"red": 1, "blue": 0} and listing["remaining"] == {"red": 1, "blue": 0}


def test_basketball_reviews_follow_appendix_f_time_windows_and_the_one_challenge(
    tmp_path: Path, sample_match: SampleMatch, capsys: pytest.CaptureFixture[str]
) -> None:
    review = new_review(tmp_path, sample_match, capsys, "basketball")
    officials = ["--by", "official", "--side", "home", "--category", "out_of_bounds"]
    status, _, err = ask(capsys, review, *officials, "--period", "2", "--time", "1:10")
    assert status == REFUSED and "only from quarter 4" in err
    status, _, err = ask(capsys, review, *officials, "--period", "4", "--time", "3:30")
    assert status == REFUSED and "last 120 s" in err
    status, _, _ = ask(capsys, review, *officials, "--period", "4", "--time", "1:30")
    assert status == 0  # the referees' own review: no challenge used
    status, out, _ = ask(
        capsys, review, "--side", "away", "--category", "out_of_bounds", "--period", "2", "--time", "5:00"
    )
    assert status == 0  # the head coach's challenge asks at any time (F.1.2)
    decide(capsys, review, logged_id(out), "changed")
    status, _, err = ask(
        capsys, review, "--side", "away", "--category", "foul_type", "--period", "3", "--time", "2:00"
    )
    assert status == REFUSED and "regardless of whether the challenge is successful" in err


def test_badminton_sides_are_the_players_named_for_the_match(
    tmp_path: Path, sample_match: SampleMatch, capsys: pytest.CaptureFixture[str]
) -> None:
    review = new_review(
        tmp_path, sample_match, capsys, "badminton", "--sides", "Nguyễn Thùy Linh", "Vũ Thị Trang"
    )
    status, out, _ = ask(
        capsys, review, "--side", "Vũ Thị Trang", "--category", "line_call", "--period", "1", "--time", "9:12"
    )
    assert status == 0
    decide(capsys, review, logged_id(out), "stands")
    status, _, err = ask(capsys, review, "--side", "Lê Đức Phát", "--category", "line_call", "--time", "9:40")
    assert status == REFUSED and "does not play this match" in err
    assert requests(capsys, review)["remaining"] == {"Nguyễn Thùy Linh": 2, "Vũ Thị Trang": 1}


def test_with_a_var_no_team_may_ask_for_a_review(
    tmp_path: Path, sample_match: SampleMatch, capsys: pytest.CaptureFixture[str]
) -> None:
    review = new_review(tmp_path, sample_match, capsys, "football_var")
    status, _, err = ask(capsys, review, "--team", "home", "--time", "63:12", "--category", "goal_no_goal")
    assert status == REFUSED and "only the referee can initiate a review" in err


def test_the_karate_coach_asks_only_for_a_missed_score_of_their_own_athlete(
    tmp_path: Path, sample_match: SampleMatch, capsys: pytest.CaptureFixture[str]
) -> None:
    review = new_review(tmp_path, sample_match, capsys, "karate")
    status, _, err = ask(capsys, review, "--side", "red", "--category", "penalty", "--time", "1:00")
    assert status == REFUSED and "scoring technique was ignored" in err
    status, out, _ = ask(capsys, review, "--side", "red", "--category", "missed_score", "--time", "1:00")
    decide(capsys, review, logged_id(out), "stands")
    status, _, err = ask(capsys, review, "--side", "red", "--category", "missed_score", "--time", "0:30")
    assert status == REFUSED and "loses the right" in err


def test_the_review_file_records_the_rules_it_ran_under_and_a_delegates_override(
    tmp_path: Path, sample_match: SampleMatch, capsys: pytest.CaptureFixture[str]
) -> None:
    review = new_review(tmp_path, sample_match, capsys, "taekwondo", "--override", "quota.count=2")
    listing = requests(capsys, review)
    shipped = read_profile(SHIPPED / "taekwondo.toml")
    assert listing["profile"] == {"name": "taekwondo", "version": shipped.version, "sha256": shipped.sha256}
    assert listing["remaining"] == {"red": 2, "blue": 2}
    with Review.open(review) as log:
        assert log.state().profile_overrides == {"quota.count": 2}


def test_a_decision_after_the_jurys_deadline_is_marked_late(
    tmp_path: Path, sample_match: SampleMatch, capsys: pytest.CaptureFixture[str]
) -> None:
    review = new_review(tmp_path, sample_match, capsys, "taekwondo", "--override", "deadline_s=1")
    _, out, _ = ask(capsys, review, "--side", "blue", "--category", "head_kick", "--time", "0:50")
    time.sleep(1.2)
    decide(capsys, review, logged_id(out), "stands")
    assert requests(capsys, review)["requests"][0]["decided_late"] is True


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_incident_report_lists_the_requests_in_the_sports_own_words(
    tmp_path: Path, sample_match: SampleMatch, capsys: pytest.CaptureFixture[str], language: str
) -> None:
    review = new_review(tmp_path, sample_match, capsys, "taekwondo")
    _, out, _ = ask(
        capsys, review, "--side", "blue", "--category", "head_kick", "--period", "2", "--time", "0:50"
    )
    decide(capsys, review, logged_id(out), "changed")
    ask(capsys, review, "--side", "red", "--category", "punch", "--time", "0:20")  # refused, and reported
    with Review.open(review) as log:
        incident = log.add_incident(IncidentType.FOUL, 10, 20, [], "", "VAR")
        # a refusal logged before the rules were quoted in Vietnamese: its English rule is quoted
        older = {"side": "blue", "match_time": "0:30", "reason": "blue has no review request left"}
        log.log.append("review_request_refused", {**older, "rule": "WT Art. 21: one card"}, "VAR")
    pdf = write_incident_report(review, incident, [], tmp_path / "report.pdf", language)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
    if language == "vi":
        assert "Yêu cầu xem lại (Taekwondo (đối kháng))" in text
        assert "Xanh lúc hiệp 2, 0:50: điểm đá vào đầu, thay đổi quyết định" in text
        assert "Bị từ chối" in text and "Còn lại: đỏ 1, xanh 1" in text
        # why it was refused and the rule that says so, both in Vietnamese
        assert "Đỏ, 0:20: 'punch' không được xem lại" in text and "lỗi phạt (gam-jeom)" in text
        assert "(WT Art. 21: one card)" in text
    else:
        assert "Blue at round 2, 0:50: points for a kick to the head, decision changed" in text
        assert "Refused" in text and "Requests left: red 1, blue 1" in text
        assert "penalties (gam-jeom)" in text


def test_a_sport_without_a_profile_or_a_broken_profile_is_named_in_one_line(
    tmp_path: Path, sample_match: SampleMatch, capsys: pytest.CaptureFixture[str]
) -> None:
    angle = str(sample_match.camera_path("cam1_wide"))
    status, _, err = run(
        capsys, "var", "new", str(tmp_path / "a.review"), angle, "--match", "x", "--sport", "sepak_takraw"
    )
    assert status == 2 and err.count("\n") == 1 and "no review profile for the sport 'sepak_takraw'" in err
    broken = tmp_path / "sepak_takraw.toml"
    broken.write_text(
        (SHIPPED / "volleyball.toml").read_text(encoding="utf-8").replace("count = 2", "count = -1")
    )
    status, _, err = run(
        capsys, "var", "new", str(tmp_path / "b.review"), angle, "--match", "x", "--profile", str(broken)
    )
    assert status == 2 and err.count("\n") == 1 and "sepak_takraw.toml" in err and "quota.count" in err
    status, _, err = run(
        capsys,
        "var",
        "new",
        str(tmp_path / "c.review"),
        angle,
        "--match",
        "x",
        "--sport",
        "taekwondo",
        "--override",
        "cards=3",
    )
    assert status == 2 and "--override 'cards=3'" in err
    assert not any((tmp_path / name).exists() for name in ("a.review", "b.review", "c.review"))


def test_a_departments_own_profile_is_found_by_its_sport(
    tmp_path: Path, sample_match: SampleMatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "config" / "sports"  # MATCHDESK_CONFIG_DIR is tmp_path/config in the tests
    folder.mkdir(parents=True, exist_ok=True)
    text = (SHIPPED / "volleyball.toml").read_text(encoding="utf-8")
    (folder / "sepak_takraw.toml").write_text(text.replace('name = "volleyball"', 'name = "sepak_takraw"'))
    assert "sepak_takraw" in {profile.name for profile in all_profiles()}
    new_review(tmp_path, sample_match, capsys, "sepak_takraw")
