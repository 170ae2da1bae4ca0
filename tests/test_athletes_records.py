"""A department's records: athletes, wearable imports, duplicates, bad files, live straps, reports.

Every test runs on SQLite; with MATCHDESK_TEST_POSTGRES (a server URL, set by .ci/run) the same tests
run on PostgreSQL too.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from athletes.access.actor import Actor
from athletes.access.consent import consent_to
from athletes.database import Database
from athletes.importer import import_file, import_files, read_series
from athletes.live import (
    LiveLogger,
    SimulatedStrap,
    encode_heart_rate_measurement,
    finish,
    parse_heart_rate_measurement,
    record,
    unfinished_sessions,
)
from athletes.models import Athlete, TrainingSession
from athletes.records import NewAthlete, add_athlete, add_wellness, find_athlete, list_athletes
from matchdesk.errors import MatchdeskError
from tests.conftest import shared_file

POSTGRES = os.environ.get("MATCHDESK_TEST_POSTGRES")
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not POSTGRES,
            reason="PostgreSQL: MATCHDESK_TEST_POSTGRES is not set (.ci/run starts a server and sets it)",
        ),
    ),
]


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'athletes.sqlite'}"
        return
    assert POSTGRES is not None
    name = f"matchdesk_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield POSTGRES.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    opened = Database(database_url)
    yield opened
    opened.close()


def consenting(session: Session, athlete: Athlete) -> Athlete:
    """An athlete whose forms allow monitoring and live logging."""
    consent_to(session, Actor("staff", "admin"), athlete, ("monitoring", "live"))
    return athlete


@pytest.fixture
def athlete_id(database: Database) -> int:
    with database.session() as session:
        return consenting(
            session,
            add_athlete(
                session,
                NewAthlete(
                    "Nguyễn Thị Hồng Nhung",
                    sex="female",
                    sport="bóng đá",
                    team="Nữ U19",
                    level="youth",
                    hr_max=198,
                    hr_rest=52,
                ),
            ),
        ).id


def sessions_of(database: Database, athlete: int) -> int:
    with database.session() as session:
        return int(session.scalar(select(func.count()).where(TrainingSession.athlete_id == athlete)) or 0)


def write_csv(path: Path, rows: list[str], header: str = "timestamp,heart_rate,latitude,longitude") -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def steady_csv(path: Path, seconds: int = 600, hr: int = 150) -> Path:
    rows = [
        f"2026-03-02T07:{i // 60:02d}:{i % 60:02d}+07:00,{hr},{10.77 + i * 3e-5:.6f},106.70"
        for i in range(seconds)
    ]
    return write_csv(path, rows)


# --- records ---------------------------------------------------------------------------------------


def test_an_athlete_is_found_with_or_without_diacritics(database: Database, athlete_id: int) -> None:
    with database.session() as session:
        add_athlete(session, NewAthlete("Đỗ Văn Đức", sport="điền kinh", level="national"))
        assert find_athlete(session, "nguyen thi hong nhung").id == athlete_id
        # the number as `athletes list` and "several athletes match" write it
        assert find_athlete(session, f"#{athlete_id}").id == athlete_id
        assert find_athlete(session, str(athlete_id)).id == athlete_id
        assert [a.name for a in list_athletes(session, search="duc")] == ["Đỗ Văn Đức"]
        assert [a.name for a in list_athletes(session, team="Nữ U19")] == ["Nguyễn Thị Hồng Nhung"]
        assert [a.name for a in list_athletes(session, level="national")] == ["Đỗ Văn Đức"]
        with pytest.raises(MatchdeskError, match="HRmax 300 bpm is not possible"):
            add_athlete(session, NewAthlete("Lê An", hr_max=300))


def test_the_schema_comes_from_migrations_and_matches_the_models(database: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from athletes.models import Base

    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert differences == []
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0003"
        if database.engine.dialect.name == "sqlite":
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"


# --- wearable files --------------------------------------------------------------------------------


def test_one_activity_as_fit_tcx_and_gpx_gives_the_same_session(database: Database) -> None:
    """The same ride exported three ways (real files): duration and HR agree exactly; distance agrees
    to 0.1% for FIT/TCX (both carry the device's distance) and to 3% for GPX, which has no distance
    field, so it is measured along the positions (auto-pause gaps not counted)."""
    files = [
        shared_file("data/wearables/2020-06-01-16-52-40.fit"),
        shared_file("data/wearables/activity_5039744860.tcx"),
        shared_file("data/wearables/activity_5039744860.gpx"),
    ]
    results = []
    with database.session() as session:
        owners = [
            consenting(session, add_athlete(session, NewAthlete(f"Rider {n}", hr_max=190, hr_rest=50))).id
            for n in range(3)
        ]
    for owner, path in zip(owners, files, strict=True):
        results.append(import_file(database, owner, path))
    fit, tcx, gpx = results
    assert all(r.error is None for r in results), results
    assert fit.duration_s == tcx.duration_s == gpx.duration_s == 126.0
    assert fit.hr_max == tcx.hr_max == gpx.hr_max == 156
    assert fit.hr_mean == pytest.approx(tcx.hr_mean, abs=0.1) and fit.hr_mean == pytest.approx(
        gpx.hr_mean, abs=0.1
    )
    assert tcx.distance_m == pytest.approx(fit.distance_m, rel=1e-3)
    assert gpx.distance_m == pytest.approx(fit.distance_m, rel=0.03)
    assert fit.start == "2020-06-01T16:52:40+02:00"  # the watch's own clock: Netherlands, summer time


def test_a_file_imported_twice_or_in_another_format_is_not_stored_twice(
    database: Database, athlete_id: int
) -> None:
    fit = shared_file("data/wearables/2020-06-01-16-52-40.fit")
    tcx = shared_file("data/wearables/activity_5039744860.tcx")
    first = import_file(database, athlete_id, fit)
    again = import_file(database, athlete_id, fit)
    other_format = import_file(database, athlete_id, tcx)
    assert not first.duplicate and again.duplicate and other_format.duplicate
    assert again.session_id == other_format.session_id == first.session_id
    assert sessions_of(database, athlete_id) == 1


def test_a_whole_folder_imports_with_progress_and_every_session_says_where_it_came_from(
    database: Database, athlete_id: int, tmp_path: Path
) -> None:
    folder = tmp_path / "watch"
    folder.mkdir()
    shutil.copy(shared_file("data/wearables/4801048867.fit"), folder)
    shutil.copy(shared_file("data/wearables/SampleNNISeriesShort.npy"), folder)
    steady_csv(folder / "garmin.csv")
    from athletes.wearables import wearable_files

    seen: list[tuple[int, int]] = []
    results = import_files(
        database, athlete_id, wearable_files([folder]), on_progress=lambda d, t, _p: seen.append((d, t))
    )
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert all(r.error is None for r in results), results
    with database.session() as session:
        stored = session.scalars(select(TrainingSession).order_by(TrainingSession.id)).all()
        assert {Path(s.source_file or "").name for s in stored} == {
            "4801048867.fit",
            "SampleNNISeriesShort.npy",
            "garmin.csv",
        }
        hrv_reading = next(s for s in stored if s.kind == "hrv")
        assert hrv_reading.rmssd_ms is not None and 10 < hrv_reading.rmssd_ms < 200
        run = next(s for s in stored if s.source_format == "fit")
        assert run.distance_m == pytest.approx(36322.85, abs=1)
    series = read_series(database, run.id)
    assert len(series) == run.samples and series["hr"].notna().mean() > 0.9


def test_the_season_dashboard_mixes_rated_and_unrated_sessions(
    database: Database, athlete_id: int, tmp_path: Path
) -> None:
    """Load is Foster's session RPE where the athlete rated the session, else Banister's TRIMP."""
    from athletes.dashboard import season

    rated = import_file(database, athlete_id, steady_csv(tmp_path / "rated.csv"), rpe=6)
    unrated = import_file(database, athlete_id, shared_file("data/wearables/4801048867.fit"))
    assert rated.error is None and unrated.error is None
    (squad,) = season(database, athlete_ids=[athlete_id])
    with database.session() as session:
        ride = session.get(TrainingSession, unrated.session_id)
        assert ride is not None and ride.trimp_banister
        assert squad.daily["load"].max() == pytest.approx(ride.trimp_banister)
    assert squad.daily["load"].sum() == pytest.approx(6 * 599 / 60 + ride.trimp_banister)
    assert squad.sessions == 2 and any(f.kind == "wellness_missing" for f in squad.flags)


def test_a_polar_flow_csv_export_is_read_with_its_summary_header(
    database: Database, athlete_id: int, tmp_path: Path
) -> None:
    polar = tmp_path / "polar.csv"
    rows = [f"1,00:00:{i:02d},{148 + i},10.8,,,,,{3 * i},," for i in range(20)]
    polar.write_text(
        "Name,Sport,Date,Start time,Duration,Total distance (km),Average heart rate (bpm)\n"
        "Nguyen An,RUNNING,02-03-2026,07:00:00,00:00:19,0.06,157\n"
        "Sample rate,Time,HR (bpm),Speed (km/h),Pace (min/km),Cadence,Altitude (m),Stride length (m),"
        "Distances (m),Temperatures (C),Power (W)\n" + "\n".join(rows) + "\n"
    )
    result = import_file(database, athlete_id, polar)
    assert result.error is None, result.error
    assert result.samples == 20 and result.duration_s == 19 and result.hr_max == 167
    assert result.distance_m == pytest.approx(57.0)
    assert result.start is not None and result.start.startswith("2026-03-02T07:00:00")


# --- bad input ---------------------------------------------------------------------------------------


def test_bad_files_are_reported_per_file_and_nothing_stored_is_touched(
    database: Database, athlete_id: int, tmp_path: Path
) -> None:
    good = steady_csv(tmp_path / "good.csv")
    assert import_file(database, athlete_id, good).error is None
    before = sessions_of(database, athlete_id)
    fit = shared_file("data/wearables/4801048867.fit")
    truncated = tmp_path / "truncated.fit"
    truncated.write_bytes(fit.read_bytes()[:40_000])
    wrong = write_csv(tmp_path / "wrong.csv", ["1,2,3"], header="a,b,c")
    text_file = tmp_path / "notes.tcx"
    text_file.write_text("not xml at all")
    results = import_files(database, athlete_id, [truncated, wrong, text_file, tmp_path / "missing.fit"])
    messages = [r.error or "" for r in results]
    assert "truncated FIT file" in messages[0] and "truncated.fit" in messages[0]
    assert "no time or hr column" in messages[1] and "a, b, c" in messages[1]
    assert "not a readable TCX file" in messages[2]
    assert "file not found" in messages[3]
    assert sessions_of(database, athlete_id) == before


def test_impossible_values_are_filtered_and_counted(
    database: Database, athlete_id: int, tmp_path: Path
) -> None:
    rows = []
    for i in range(300):
        hr = 0 if i == 10 else 300 if i == 11 else 150
        latitude = 10.78 + i * 3e-5 + (0.01 if i == 100 else 0.0)  # 1 km away for one second
        rows.append(f"2026-03-02T07:{i // 60:02d}:{i % 60:02d}+07:00,{hr},{latitude:.6f},106.70")
    result = import_file(database, athlete_id, write_csv(tmp_path / "glitchy.csv", rows))
    assert result.error is None
    assert "2 heart-rate samples outside 25-240 bpm removed" in result.warnings
    assert "1 GPS jumps (faster than 45 km/h) removed" in result.warnings
    assert result.hr_max == 150
    assert result.distance_m == pytest.approx(299 * 3.336, rel=0.02)  # the jump adds nothing
    with database.session() as session:
        stored = session.get(TrainingSession, result.session_id)
        assert stored is not None and stored.artefacts == result.warnings


def test_a_tcx_without_heart_rate_imports_its_route_and_says_so(
    database: Database, athlete_id: int, tmp_path: Path
) -> None:
    points = "".join(
        f"<Trackpoint><Time>2026-03-02T00:00:{i:02d}Z</Time><Position><LatitudeDegrees>{10.78 + i * 3e-5}"
        f"</LatitudeDegrees><LongitudeDegrees>106.7</LongitudeDegrees></Position></Trackpoint>"
        for i in range(30)
    )
    tcx = tmp_path / "no_hr.tcx"
    tcx.write_text(
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        f'<Activities><Activity Sport="Running"><Lap><Track>{points}</Track></Lap></Activity></Activities>'
        "</TrainingCenterDatabase>"
    )
    result = import_file(database, athlete_id, tcx)
    assert result.error is None and result.hr_mean is None
    assert any("no heart rate" in w for w in result.warnings)


# --- the command line ------------------------------------------------------------------------------


def matchdesk(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "matchdesk", *arguments], capture_output=True, text=True, timeout=300
    )


@pytest.mark.heavy
def test_import_from_the_shell_prints_one_json_object_per_file(database_url: str, tmp_path: Path) -> None:
    assert matchdesk("athletes", "add", "--name", "Phạm Minh Tuấn", "--db", database_url).returncode == 0
    given = matchdesk(
        "athletes", "consent", "Phạm Minh Tuấn", "--purpose", "monitoring", "--db", database_url
    )
    assert given.returncode == 0, given.stderr
    good = steady_csv(tmp_path / "session.csv")
    bad = write_csv(tmp_path / "bad.csv", ["1"], header="x")
    result = matchdesk(
        "athletes",
        "import",
        str(good),
        str(bad),
        "--athlete",
        "Phạm Minh Tuấn",
        "--db",
        database_url,
        "--json",
    )
    assert result.returncode == 1, result.stderr
    first, second = json.loads(result.stdout)
    assert {
        "file",
        "session_id",
        "start",
        "duration_s",
        "samples",
        "hr_mean",
        "hr_max",
        "distance_m",
        "duplicate",
        "error",
    } <= set(first)
    assert first["start"] == "2026-03-02T07:00:00+07:00" and first["samples"] == 600
    assert first["duration_s"] == 599 and first["hr_mean"] == 150 and first["error"] is None
    assert second["error"] and "bad.csv" in second["error"] and second["session_id"] is None
    again = json.loads(
        matchdesk(
            "athletes", "import", str(good), "--athlete", "pham minh tuan", "--db", database_url, "--json"
        ).stdout
    )
    assert again[0]["duplicate"] is True and again[0]["session_id"] == first["session_id"]
    shown = json.loads(matchdesk("athletes", "show", "Phạm Minh Tuấn", "--db", database_url, "--json").stdout)
    assert [s["source_file"] for s in shown["sessions"]] == [str(good.resolve())]


def test_files_without_a_date_are_dated_by_the_start_the_user_gives(
    database_url: str, tmp_path: Path
) -> None:
    assert matchdesk("athletes", "add", "--name", "Võ Thị Sáu", "--db", database_url).returncode == 0
    given = matchdesk("athletes", "consent", "Võ Thị Sáu", "--purpose", "monitoring", "--db", database_url)
    assert given.returncode == 0, given.stderr
    morning = tmp_path / "morning_rr.txt"
    beats = [900 + 40 * ((i % 7) - 3) for i in range(330)]  # five minutes of a resting heart
    morning.write_text("\n".join(str(b) for b in beats) + "\n")
    elapsed = write_csv(
        tmp_path / "track.csv", [f"{i},{140 + i % 5}" for i in range(300)], header="seconds,hr"
    )
    result = matchdesk(
        "athletes", "import", str(morning), str(elapsed), "--athlete", "Võ Thị Sáu",
        "--start", "2026-03-03T06:30:00+07:00", "--db", database_url, "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    rr, track = json.loads(result.stdout)
    assert rr["start"] == track["start"] == "2026-03-03T06:30:00+07:00"
    assert track["duration_s"] == 299 and rr["hr_mean"] == pytest.approx(60000 / 900, abs=1)
    wrong = matchdesk("athletes", "import", str(morning), "--athlete", "Võ Thị Sáu", "--start", "yesterday")
    assert wrong.returncode != 0 and "yesterday" in wrong.stderr and "Traceback" not in wrong.stderr


def test_a_bad_database_url_is_one_clear_line() -> None:
    result = matchdesk("athletes", "list", "--db", "nosuchdb://x")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "not a database URL" in result.stderr


# --- live straps -----------------------------------------------------------------------------------


def test_heart_rate_measurement_bytes() -> None:
    """Bluetooth SIG 0x2A37: flags, uint8 or uint16 HR, energy, RR in 1/1024 s."""
    simple = parse_heart_rate_measurement(bytes([0x00, 72]))
    assert simple.hr == 72 and simple.rr_ms == () and simple.energy_kj is None
    wide = parse_heart_rate_measurement(bytes([0x19, 0x2C, 0x01, 0x10, 0x00, 0x00, 0x04, 0x00, 0x02]))
    assert wide.hr == 300 and wide.energy_kj == 16 and wide.rr_ms == (1000.0, 500.0)
    assert parse_heart_rate_measurement(
        encode_heart_rate_measurement(150, [400.0, 401.0])
    ).rr_ms == pytest.approx((400.0, 401.0), abs=1)
    with pytest.raises(ValueError, match="too short"):
        parse_heart_rate_measurement(b"\x00")


def test_two_athletes_logged_live_at_once(database: Database, athlete_id: int) -> None:
    with database.session() as session:
        second = consenting(
            session, add_athlete(session, NewAthlete("Vũ Quang Huy", hr_max=195, hr_rest=55))
        ).id
    seen: list[int] = []
    logger = LiveLogger(
        database,
        [athlete_id, second],
        [SimulatedStrap(1, speed=0), SimulatedStrap(2, speed=0)],
        on_sample=lambda _sid, m: seen.append(m.hr),
    )
    finished = asyncio.run(logger.run(120))
    assert len(finished) == 2 and len(seen) == 240
    with database.session() as session:
        for session_id in finished:
            stored = session.get(TrainingSession, session_id)
            assert stored is not None and stored.samples == 120 and stored.hr_mean and stored.rmssd_ms
    assert not unfinished_sessions(database)


def test_a_live_session_survives_the_app_stopping(database: Database, athlete_id: int) -> None:
    logger = LiveLogger(database, [athlete_id], [SimulatedStrap(3, speed=0)])
    (live_id,) = logger.start()
    for second in range(30):
        record(
            database,
            live_id,
            float(second),
            parse_heart_rate_measurement(encode_heart_rate_measurement(140 + second % 5, [420.0])),
        )
    # the app stops here without finishing; on the next start the samples are all there
    assert unfinished_sessions(database) == [live_id]
    stored_as = finish(database, live_id)
    assert stored_as is not None
    with database.session() as session:
        stored = session.get(TrainingSession, stored_as)
        assert stored is not None and stored.samples == 30 and stored.duration_s == 29


# --- reports ---------------------------------------------------------------------------------------


def test_department_report_in_vietnamese_as_excel_and_pdf(
    database: Database, athlete_id: int, tmp_path: Path
) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from athletes.records import add_test
    from athletes.reports import write_department_report, write_profile_report

    assert import_file(database, athlete_id, steady_csv(tmp_path / "s.csv")).error is None
    with database.session() as session:
        athlete = session.get(Athlete, athlete_id)
        assert athlete is not None
        add_test(session, athlete, date(2026, 3, 1), "max_hr", 201, "bpm")
        add_wellness(session, athlete, date(2026, 3, 2), fatigue=3, sleep_hours=7.5)
    workbook = load_workbook(write_department_report(database, tmp_path / "bao_cao.xlsx", "vi"))
    assert workbook.sheetnames == [
        "Danh sách vận động viên",
        "Khối lượng và lượng vận động",
        "Vận động viên cần chú ý",
        "Kết quả kiểm tra",
    ]
    roster = workbook["Danh sách vận động viên"]
    assert roster["A4"].value == "Nguyễn Thị Hồng Nhung" and roster["D4"].value == "trẻ"
    pdf_text = "".join(
        p.extract_text() for p in PdfReader(write_department_report(database, tmp_path / "r.pdf", "vi")).pages
    )
    assert "Nguyễn Thị Hồng Nhung" in pdf_text and "Kết quả kiểm tra" in pdf_text
    assert "kiểm tra nhịp tim tối đa 201" in pdf_text  # the test named in the report's language
    profile = "".join(
        p.extract_text()
        for p in PdfReader(write_profile_report(database, athlete_id, tmp_path / "p.pdf", "en")).pages
    )
    assert "Athlete profile: Nguyễn Thị Hồng Nhung" in profile and "max HR test 2026-03-01" in profile
