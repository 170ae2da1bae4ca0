"""A final timed by matchdesk's own photo finish becomes the competition's results: the judge names
who ran in each lane, and places, times and medals come from the signed review file, each result
linked to it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest

from athletes.database import Database
from athletes.records import NewAthlete, add_athlete
from matchdesk.cli import main
from matchdesk.sample.race import LINE

LINE_ARGUMENT = ",".join(f"{v:g}" for v in LINE)


def test_a_photo_finish_becomes_the_finals_results_linked_to_its_review_file(
    sample_races: Mapping[str, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    review = tmp_path / "giai_dien_kinh.review"
    race = sample_races["50"] / "race.mp4"
    timed = ["photofinish", str(race), "--line", LINE_ARGUMENT, "--lanes", "8", "--review", str(review)]
    assert main([*timed, "--event", "60 m nữ, chung kết", "--json"]) == 0
    finish = json.loads(capsys.readouterr().out)
    by_lane = {f["lane"]: f for f in finish["finishers"]}
    url = f"sqlite:///{tmp_path / 'athletes.sqlite'}"
    database = Database(url)
    runners = {lane: f"Vận động viên làn {lane}" for lane in (2, 3, 5)}
    with database.session() as session:
        for name in runners.values():
            add_athlete(session, NewAthlete(name, "female", sport="Điền kinh"))
    database.close()
    db = ["--db", url]
    meet = "Giải vô địch điền kinh tỉnh 2026"
    dates = ["--start", "2026-05-01", "--end", "2026-05-03", "--in-province"]
    add = [
        "athletes",
        "competition",
        "add",
        meet,
        "--sport",
        "Điền kinh",
        "--level",
        "provincial_championship",
    ]
    assert main([*add, *dates, *db]) == 0
    lanes = [f"--lane={lane}={name}" for lane, name in runners.items()]

    def from_finish(*more: str) -> int:
        return main(
            ["athletes", "result", "from-finish", meet, str(review), str(finish["result"]), *more, *db]
        )

    assert from_finish(*lanes, "--medals") == 0
    capsys.readouterr()
    assert main(["athletes", "result", "list", "--json", *db]) == 0
    stored = {r["who"]: r for r in json.loads(capsys.readouterr().out)}
    for lane, name in runners.items():
        result = stored[name]
        assert result["event"] == "60 m nữ, chung kết"
        assert result["rank"] == by_lane[lane]["place"]
        assert result["mark"] == pytest.approx(by_lane[lane]["time_s"])
        assert result["source_file"] == f"{review.resolve()}#{finish['result']}"
        assert result["medal"] == {1: "gold", 2: "silver", 3: "bronze"}.get(by_lane[lane]["place"])

    # The same finish twice is refused; so is a lane nobody ran in.
    assert from_finish(lanes[0]) == 2
    assert "already has a result" in capsys.readouterr().err
    assert from_finish(f"--lane=9={runners[2]}") == 2
    assert "lane(s) [9] have no finisher" in capsys.readouterr().err
