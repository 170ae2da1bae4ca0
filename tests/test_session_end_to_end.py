"""A coach's session from a script, as the desk would drive it: the day's video and straps, each player
named with one click, and each athlete's load from the video beside his heart rate, for the session
and for one drill's window."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import select

from athletes.access.actor import local_admin
from athletes.access.consent import consent_to
from athletes.access.tables import AccessLogEntry
from athletes.database import Database
from athletes.models import TrainingSession
from athletes.records import NewAthlete, add_athlete
from matchdesk.cli import main
from matchdesk.sample.match import SampleMatch
from tracking.external_load import external_load

PLAYERS = {"Home 4": ("home", 4), "Away 6": ("away", 6)}

THE_DAY = ["--team", "U19", "--date", "2026-12-05"]

FILMED = datetime(2026, 12, 5, 1, 30, tzinfo=UTC)


def _clear_click(sample_match: SampleMatch, team: str, number: int) -> tuple[int, str]:
    """A frame where the player stands clear of everyone, and a point on him."""
    truth = sample_match.ground_truth
    wide = truth[(truth.camera == "cam1_wide") & truth.visible & truth.kind.isin(["player", "goalkeeper"])]
    mine = wide[(wide.team == team) & (wide.number == number)].sort_values("camera_frame")
    for row in mine.itertuples():
        others = wide[(wide.camera_frame == row.camera_frame) & (wide.object_id != row.object_id)]
        apart = (
            (others.x2 < row.x1 - 5) | (others.x1 > row.x2 + 5) | (others.y2 < row.y1) | (others.y1 > row.y2)
        )
        if row.x1 > 10 and row.x2 < 950 and apart.all():
            return int(row.camera_frame), f"{(row.x1 + row.x2) / 2:.0f},{(row.y1 + row.y2) / 2:.0f}"
    raise AssertionError(f"{team} {number} never stands clear")


def _true_distance(
    sample_match: SampleMatch, team: str, number: int, first: int = 0, last: int = 299
) -> float:
    truth = sample_match.ground_truth
    rows = truth[
        (truth.camera == "cam1_wide") & (truth.team == team) & (truth.number == number) & truth.visible
    ]
    rows = rows[(rows.camera_frame >= first) & (rows.camera_frame <= last)]
    load = external_load(rows.camera_frame.to_numpy(), rows[["pitch_x", "pitch_y"]].to_numpy(), Fraction(25))
    return load.distance_m


@pytest.mark.heavy
def test_a_coach_names_each_player_once_and_reads_his_load_beside_his_heart_rate(
    sample_match: SampleMatch, sample_wide_tracks: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    video = sample_match.stamped_camera("cam1_wide", tmp_path / "cam1_wide.mp4", FILMED)
    straps = tmp_path / "straps"
    assert main(["sample", "straps", "--out", str(straps), "--clock-offset", "0.3"]) == 0
    folder = tmp_path / "session"
    homographies = sample_match.folder / "homographies.parquet"
    wearables = [f"{name}={straps / name.replace(' ', '_')}.csv" for name in PLAYERS]
    assert main([
        "session", "new", str(folder), "--team", "U19", "--date", "2026-12-05", "--video", str(video),
        "--athletes", *PLAYERS, "--wearable", *wearables, "--calibration", f"cam1_wide={homographies}",
    ]) == 0  # fmt: skip
    # The wide camera tracked once, as the session keeps it (the run's other session test shares it).
    (folder / "tracks").mkdir()
    shutil.copy(sample_wide_tracks, folder / "tracks" / "cam1_wide.parquet")
    weights = str(sample_match.folder / "demo_detector.pt")
    for name, (team, number) in PLAYERS.items():
        frame, at = _clear_click(sample_match, team, number)
        assign = ["session", "assign", str(folder), "--frame", str(frame), "--at", at, "--athlete", name]
        assert main([*assign, "--weights", weights]) == 0

    capsys.readouterr()
    assert main(["session", "load", str(folder), "--json"]) == 0
    rows = {row["athlete"]: row for row in json.loads(capsys.readouterr().out)}
    assert set(rows) == set(PLAYERS)
    for name, (team, number) in PLAYERS.items():
        row = rows[name]
        assert row["distance_m"] == pytest.approx(_true_distance(sample_match, team, number), rel=0.03)
        assert row["tracked_s"] == pytest.approx(12.0, abs=0.2)
        assert row["hr_mean"] is not None and 90 < row["hr_mean"] < 190  # from his strap, placed on the video
        assert row["trimp"] is None  # HRmax and HRrest come from the athletes' records
        assert row["source"]["camera"] == "cam1_wide" and row["source"]["tracked_share"] > 0.95
        assert "Linke" in row["note"]

    # A drill coded from 2 s to 6 s: the load of its window only.
    assert main(["session", "code", str(folder), "--button", "Rondo", "--toggle"]) == 0
    assert main(["session", "code", str(folder), "--press", "Rondo", "--at", "2"]) == 0
    assert main(["session", "code", str(folder), "--press", "Rondo", "--at", "6"]) == 0
    capsys.readouterr()
    assert main(["session", "load", str(folder), "--code", "Rondo", "--json"]) == 0
    drill = {row["athlete"]: row for row in json.loads(capsys.readouterr().out)}
    for name, (team, number) in PLAYERS.items():
        assert drill[name]["window"] == "Rondo" and drill[name]["tracked_s"] == pytest.approx(4.0, abs=0.1)
        expected = _true_distance(sample_match, team, number, 50, 150)
        assert drill[name]["distance_m"] == pytest.approx(expected, rel=0.05)

    # One athlete cannot be two players; a name not in the squad is refused; nothing is saved by either.
    before = (folder / "names.json").read_bytes()
    frame, at = _clear_click(sample_match, "away", 6)
    twice = ["session", "assign", str(folder), "--frame", str(frame), "--at", at, "--athlete", "Home 4"]
    assert main(twice) == 2 and "cannot be two players" in capsys.readouterr().err
    stranger = [
        "session",
        "assign",
        str(folder),
        "--frame",
        str(frame),
        "--at",
        at,
        "--athlete",
        "Lê Văn Cường",
    ]
    assert main(stranger) == 2 and "not in the session's squad" in capsys.readouterr().err
    assert (folder / "names.json").read_bytes() == before
    assert np.isfinite([rows[n]["top_speed_kmh"] for n in PLAYERS]).all()

    # The names confirmed, each athlete's load goes into his records: his own thresholds, HRmax and
    # HRrest (TRIMP); his heart rate only with his monitoring consent; the access logged.
    url = f"sqlite:///{tmp_path / 'athletes.sqlite'}"
    database = Database(url)
    with database.session() as session:
        home = add_athlete(session, NewAthlete("Home 4", team="U19", sport="bóng đá", hr_max=195, hr_rest=50))
        away = add_athlete(session, NewAthlete("Away 6", team="U19", sport="bóng đá", hr_max=190, hr_rest=55))
        consent_to(session, local_admin(), home, ("video", "monitoring"))
        consent_to(session, local_admin(), away, ("video",))
        home_id, away_id = home.id, away.id
    capsys.readouterr()
    assert main(["session", "load", str(folder), "--db", url, "--store", "--json"]) == 0
    out = capsys.readouterr().out
    stored = {row["athlete"]: row for row in json.loads(out.splitlines()[-1])}
    assert stored["Home 4"]["trimp"] is not None and stored["Home 4"]["hr_mean"] is not None
    assert stored["Away 6"]["hr_mean"] is None and stored["Away 6"]["trimp"] is None  # no monitoring consent
    with database.session() as session:
        videos = session.scalars(
            select(TrainingSession).where(TrainingSession.source_format == "video")
        ).all()
        by_athlete = {v.athlete_id: v for v in videos}
        assert set(by_athlete) == {home_id, away_id}
        assert by_athlete[home_id].distance_m == pytest.approx(stored["Home 4"]["distance_m"], abs=0.01)
        assert "Linke" in (by_athlete[home_id].notes or "")
        logged = session.scalars(select(AccessLogEntry.action).where(AccessLogEntry.action == "import")).all()
        assert logged

    # The dashboard counts the load as the coach asks, and says which.
    capsys.readouterr()
    assert (
        main(["athletes", "dashboard", "--db", url, "--load", "distance", "--day", "2026-12-05", "--json"])
        == 0
    )
    board = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert board["Home 4"]["load"] == pytest.approx(stored["Home 4"]["distance_m"], abs=0.01)
    assert board["Home 4"]["load_measure"].startswith("external load: distance")
    assert main(["athletes", "dashboard", "--db", url, "--day", "2026-12-05", "--json"]) == 0
    internal = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert internal["Home 4"]["load"] == pytest.approx(stored["Home 4"]["trimp"], abs=0.1)  # his TRIMP
    assert internal["Home 4"]["load_measure"].startswith("internal load")

    # His profile lists the session from the video beside those from his straps, and says which.
    profile = tmp_path / "home4.xlsx"
    report = [
        "athletes",
        "report",
        "profile",
        "--athlete",
        "Home 4",
        "--out",
        str(profile),
        "--language",
        "en",
    ]
    assert main([*report, "--db", url]) == 0
    rows = pd.read_excel(profile, sheet_name="Recent sessions", header=2)  # under the sheet's title
    video_row = rows[rows["Source"] == "video"].iloc[0]
    assert video_row["Distance (km; video or GPS)"] == pytest.approx(
        stored["Home 4"]["distance_m"] / 1000, abs=0.01
    )

    # An athlete who has not consented to video is not put in a session.
    with database.session() as session:
        add_athlete(session, NewAthlete("Lê Văn Cường", team="U19", sport="bóng đá"))
    again = ["session", "new", str(tmp_path / "s2"), *THE_DAY, "--video", str(video)]
    assert main([*again, "--athletes", "Home 4", "Lê Văn Cường", "--db", url]) == 2
    assert "no video consent in force for Lê Văn Cường" in capsys.readouterr().err
    assert not (tmp_path / "s2" / "session.json").exists()

    # Away 6 withdraws his consent to video: he is no longer named in a session.
    assert main(["athletes", "consent", "Away 6", "--purpose", "video", "--withdraw", "--db", url]) == 0
    frame, at = _clear_click(sample_match, "away", 6)
    name_him = ["session", "assign", str(folder), "--frame", str(frame), "--at", at, "--athlete", "Away 6"]
    capsys.readouterr()
    assert main([*name_him, "--db", url]) == 2
    assert "no video consent in force for Away 6" in capsys.readouterr().err


def test_an_athlete_the_video_never_tracked_gets_no_empty_session_in_his_record(tmp_path: Path) -> None:
    """Named in the squad but never on the video (not clicked): storing the session's load leaves his
    record as it was; an empty session would count as a day of his with no load."""
    from athletes.video_session.records import squad_on_record, store_loads

    database = Database(f"sqlite:///{tmp_path / 'athletes.sqlite'}")
    with database.session() as session:
        bench = add_athlete(session, NewAthlete("Away 6", team="U19", sport="bóng đá"))
        consent_to(session, local_admin(), bench, ("video",))
    members = squad_on_record(database, local_admin(), ["Away 6"])
    started = datetime(2026, 12, 5, 1, 30, tzinfo=UTC)
    assert (
        store_loads(database, local_admin(), members, [{"athlete": "Away 6", "tracked_s": 0.0}], started, "s")
        == []
    )
    with database.session() as session:
        assert session.scalars(select(TrainingSession)).all() == []
