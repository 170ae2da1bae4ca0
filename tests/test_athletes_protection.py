"""Athletes' health data protected: roles, consent, the access log, the athlete's rights.

Every test that involves accounts runs on SQLite and, with MATCHDESK_TEST_POSTGRES (set by
tests/with_servers.sh, which starts a real server checking passwords with SCRAM), on PostgreSQL,
where each user is a login role and row-level security applies to raw SQL too.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import ClassVar

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from athletes.access.actor import Actor
from athletes.access.consent import consent_to
from athletes.database import Database
from athletes.models import Athlete, TrainingSession
from athletes.records import NewAthlete, add_athlete, add_note
from matchdesk.cli import main
from tests.test_athletes_records import POSTGRES, database_url, steady_csv, write_csv  # noqa: F401  (fixture)

PASSWORD = "mật khẩu dài 123"
STAFF = Actor("staff", "admin")


@dataclass
class Department:
    url: str
    logins: dict[str, str]  # role name in the story -> login
    red: int  # an athlete of team Đỏ
    blue: int  # an athlete of team Xanh

    @property
    def postgres(self) -> bool:
        return self.url.startswith("postgresql")

    def url_of(self, who: str) -> str:
        """The URL a user's own tools (psql, a spreadsheet) would connect with."""
        return make_url(self.url).set(username=self.logins[who], password=PASSWORD).render_as_string(False)


def run(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    status = main(list(arguments))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def department(
    database_url: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Iterator[Department]:
    """Two teams, one athlete in each with every consent, and five accounts, added by the admin."""
    suffix = uuid.uuid4().hex[:6]
    logins = {
        who: f"{who}_{suffix}"
        for who in ("admin", "coach_red", "coach_blue", "medic_red", "analyst", "athlete")
    }
    database = Database(database_url)
    with database.session() as session:
        red = add_athlete(session, NewAthlete("Nguyễn Văn Đỏ", team="Đỏ", sport="bóng đá", hr_max=195))
        blue = add_athlete(session, NewAthlete("Trần Thị Xanh", team="Xanh", sport="bóng đá", hr_max=198))
        for athlete in (red, blue):
            consent_to(session, STAFF, athlete, ("monitoring", "live", "statistics"))
        add_note(session, red, "đau gân kheo (hamstring)", "bác sĩ")
        red_id, blue_id = red.id, blue.id
    database.close()
    monkeypatch.setenv("MATCHDESK_PASSWORD", PASSWORD)
    # The key's holder (on PostgreSQL the database's owner) adds the first admin, who adds the rest.
    for who, role, extra in (
        ("admin", "admin", []),
        ("coach_red", "coach", ["--team", "Đỏ"]),
        ("coach_blue", "coach", ["--team", "Xanh"]),
        ("medic_red", "medical", ["--team", "Đỏ"]),
        ("analyst", "analyst", []),
        ("athlete", "athlete", ["--athlete", "Nguyễn Văn Đỏ"]),
    ):
        monkeypatch.setattr("sys.stdin", _Lines(PASSWORD))
        signed = [] if who == "admin" else ["--user", logins["admin"]]
        status, _, err = run(
            capsys, "athletes", "user", "add", logins[who], "--role", role, *extra, "--password-stdin",
            "--db", database_url, *signed,
        )  # fmt: skip
        assert status == 0, err
    yield Department(database_url, logins, red_id, blue_id)
    if database_url.startswith("postgresql"):
        assert POSTGRES is not None
        admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            name = make_url(database_url).database
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            for login in logins.values():
                connection.execute(text(f'DROP ROLE IF EXISTS "{login}"'))
        admin.dispose()


class _Lines:
    def __init__(self, line: str) -> None:
        self.line = line

    def readline(self) -> str:
        return self.line + "\n"

    def isatty(self) -> bool:
        return False


def as_user(
    department: Department, who: str, capsys: pytest.CaptureFixture[str], *arguments: str
) -> tuple[int, str, str]:
    return run(capsys, "athletes", *arguments, "--db", department.url, "--user", department.logins[who])


def test_a_coach_sees_and_changes_only_the_team_in_their_care(
    department: Department, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = as_user(department, "coach_red", capsys, "list", "--json")
    assert status == 0 and [a["name"] for a in json.loads(out)] == ["Nguyễn Văn Đỏ"]
    status, out, _ = as_user(department, "coach_red", capsys, "show", "Nguyễn Văn Đỏ", "--json")
    assert status == 0 and json.loads(out)["id"] == department.red
    status, _, err = as_user(department, "coach_red", capsys, "show", "Trần Thị Xanh")
    assert status == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    status, _, err = as_user(department, "coach_red", capsys, "wellness", "Trần Thị Xanh", "--fatigue", "3")
    assert status == 2, err
    # Medical notes are for medical staff: the coach may not write one.
    status, _, err = as_user(department, "coach_red", capsys, "note", "Nguyễn Văn Đỏ", "tired")
    assert status == 2 and "may not change" in err
    status, _, err = as_user(department, "medic_red", capsys, "note", "Nguyễn Văn Đỏ", "rest 3 days")
    assert status == 0, err
    status, _, err = as_user(department, "medic_red", capsys, "note", "Trần Thị Xanh", "rest")
    assert status == 2
    # A wrong password is refused in one line.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MATCHDESK_PASSWORD", "not the password")
        status, _, err = as_user(department, "coach_red", capsys, "list")
    assert status == 2 and "Traceback" not in err, err


def test_the_analyst_gets_statistics_without_names_and_small_groups_suppressed(
    department: Department, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = as_user(department, "analyst", capsys, "list")
    assert status == 2 and "statistics" in err
    status, out, err = as_user(department, "analyst", capsys, "statistics", "--json")
    assert status == 0, err
    found = json.loads(out)
    assert found["groups"] == []  # two teams of one athlete each: under 5, suppressed
    database = Database(department.url)
    with database.session() as session:
        for n in range(5):
            added = add_athlete(session, NewAthlete(f"Cầu thủ {n}", team="Đỏ", sport="bóng đá"))
            consent_to(session, STAFF, added, ("statistics",))
    database.close()
    status, out, _ = as_user(department, "analyst", capsys, "statistics", "--json")
    (group,) = json.loads(out)["groups"]
    assert group["athletes"] == 6 and "Nguyễn" not in out and "date_of_birth" not in out


def test_on_postgresql_raw_sql_with_a_users_own_login_reads_only_what_the_app_shows(
    department: Department,
) -> None:
    if not department.postgres:
        pytest.skip("row-level security is PostgreSQL's; on SQLite the file's key is the boundary")
    coach = create_engine(department.url_of("coach_red"))
    with coach.connect() as connection:
        assert connection.execute(text("SELECT name FROM athletes")).scalars().all() == ["Nguyễn Văn Đỏ"]
        assert (
            connection.execute(
                text("SELECT count(*) FROM consents WHERE athlete_id = :b"), {"b": department.blue}
            ).scalar()
            == 0
        )
        changed = connection.execute(
            text("UPDATE sessions SET rpe = 9 WHERE athlete_id = :b"), {"b": department.blue}
        )
        assert changed.rowcount == 0
        with pytest.raises(Exception, match="permission denied"):
            connection.execute(text("SELECT text FROM notes"))
        connection.rollback()
        with pytest.raises(Exception, match=r"permission denied|append-only"):
            connection.execute(text("DELETE FROM access_log"))
        connection.rollback()
    coach.dispose()
    medic = create_engine(department.url_of("medic_red"))
    with medic.connect() as connection:
        assert connection.execute(text("SELECT athlete_id FROM notes")).scalars().all() == [department.red]
    medic.dispose()
    analyst = create_engine(department.url_of("analyst"))
    with analyst.connect() as connection, pytest.raises(Exception, match="permission denied"):
        connection.execute(text("SELECT name FROM athletes"))
    analyst.dispose()
    with pytest.raises(Exception, match="password authentication failed"):
        create_engine(make_url(department.url_of("coach_red")).set(password="wrong")).connect()


def live_for_three_seconds(
    department: Department, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    return as_user(
        department,
        "coach_red",
        capsys,
        "live",
        "Nguyễn Văn Đỏ",
        "--simulate",
        "--seconds",
        "3",
        "--speed",
        "0",
    )


def test_data_without_consent_for_its_purpose_is_refused_and_a_withdrawal_stops_it(
    department: Department, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    session_file = steady_csv(tmp_path / "buoi_tap.csv", seconds=120)
    status, _, err = as_user(
        department, "coach_red", capsys, "import", str(session_file), "--athlete", "Nguyễn Văn Đỏ", "--json"
    )
    assert status == 0, err
    status, _, err = as_user(
        department, "coach_red", capsys, "consent", "Nguyễn Văn Đỏ", "--purpose", "monitoring", "--withdraw"
    )
    assert status == 0, err
    again = steady_csv(tmp_path / "buoi_tap_2.csv", seconds=120, hr=140)
    status, _, err = as_user(
        department, "coach_red", capsys, "import", str(again), "--athlete", "Nguyễn Văn Đỏ"
    )
    assert status == 1 and "no monitoring consent in force for Nguyễn Văn Đỏ" in err
    assert len(err.strip().splitlines()) == 1
    status, _, err = as_user(
        department, "coach_red", capsys, "report", "profile", "--athlete", "Nguyễn Văn Đỏ",
        "--out", str(tmp_path / "ho_so.pdf"),
    )  # fmt: skip
    assert status == 2 and "no monitoring consent" in err and not (tmp_path / "ho_so.pdf").exists()
    status, _, err = live_for_three_seconds(department, capsys)
    assert status == 0, err
    status, _, err = as_user(
        department, "coach_red", capsys, "consent", "Nguyễn Văn Đỏ", "--purpose", "live", "--withdraw"
    )
    status, _, err = live_for_three_seconds(department, capsys)
    assert status == 2 and "no live consent" in err
    # An athlete under 16 needs a guardian's consent.
    database = Database(department.url)
    with database.session() as session:
        twelve_years_ago = date.today() - timedelta(days=12 * 365)
        add_athlete(session, NewAthlete("Lê Nhỏ", team="Đỏ", date_of_birth=twelve_years_ago))
    database.close()
    status, _, err = as_user(department, "coach_red", capsys, "consent", "Lê Nhỏ", "--purpose", "monitoring")
    assert status == 2 and "guardian" in err
    status, _, err = as_user(
        department,
        "coach_red",
        capsys,
        "consent",
        "Lê Nhỏ",
        "--purpose",
        "monitoring",
        "--guardian",
        "Lê Văn Bố",
    )
    assert status == 0, err


def test_every_read_is_logged_and_tampering_with_the_log_is_caught(
    department: Department, capsys: pytest.CaptureFixture[str]
) -> None:
    as_user(department, "coach_red", capsys, "show", "Nguyễn Văn Đỏ")
    status, out, _ = as_user(
        department, "admin", capsys, "access-log", "--athlete", "Nguyễn Văn Đỏ", "--json"
    )
    entries = json.loads(out)
    read = [e for e in entries if e["action"] == "read"]
    assert (
        read
        and read[-1]["user"] == department.logins["coach_red"]
        and read[-1]["athletes"] == [department.red]
    )
    assert {"at", "user", "action", "athletes"} <= set(read[-1])
    # The athlete reads the log about themself; a coach reads none of it.
    status, out, _ = as_user(
        department, "athlete", capsys, "access-log", "--athlete", "Nguyễn Văn Đỏ", "--json"
    )
    assert status == 0 and json.loads(out)
    status, _, _ = as_user(department, "coach_red", capsys, "access-log", "--athlete", "Nguyễn Văn Đỏ")
    assert status == 2
    status, out, _ = as_user(department, "admin", capsys, "access-log", "--verify")
    assert status == 0 and "intact" in out
    target = read[-1]["seq"]
    engine = create_engine(department.url)
    with engine.begin() as connection:
        if department.postgres:
            connection.execute(text("ALTER TABLE access_log DISABLE TRIGGER access_log_append_only"))
        else:
            connection.execute(text("DROP TRIGGER access_log_no_update"))
        connection.execute(
            text("UPDATE access_log SET user_login = 'someone else' WHERE seq = :s"), {"s": target}
        )
    engine.dispose()
    status, out, _ = as_user(department, "admin", capsys, "access-log", "--verify")
    assert status == 1 and f"entry {target} (read by someone else) was altered" in out
    # An entry removed is named too.
    engine = create_engine(department.url)
    with engine.begin() as connection:
        if department.postgres:
            connection.execute(text("UPDATE access_log SET user_login = :u WHERE seq = :s"),
                               {"u": department.logins["coach_red"], "s": target})  # fmt: skip
        else:
            connection.execute(text("DROP TRIGGER access_log_no_delete"))
            connection.execute(text("UPDATE access_log SET user_login = :u WHERE seq = :s"),
                               {"u": department.logins["coach_red"], "s": target})  # fmt: skip
        connection.execute(text("DELETE FROM access_log WHERE seq = :s"), {"s": target - 1})
    engine.dispose()
    status, out, _ = as_user(department, "admin", capsys, "access-log", "--verify")
    assert status == 1 and f"entry {target - 1} removed" in out, out


def test_the_athlete_takes_everything_away_in_one_file_and_erasure_leaves_no_name(
    department: Department, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    recording = steady_csv(tmp_path / "chay_sang.csv", seconds=180)
    as_user(department, "coach_red", capsys, "import", str(recording), "--athlete", "Nguyễn Văn Đỏ")
    status, _, err = as_user(
        department, "coach_red", capsys, "export-data", "Nguyễn Văn Đỏ", "--out", str(tmp_path / "x.zip")
    )
    assert status == 2  # only the athlete or an admin
    status, out, err = as_user(
        department,
        "athlete",
        capsys,
        "export-data",
        "Nguyễn Văn Đỏ",
        "--out",
        str(tmp_path / "toi.zip"),
        "--language",
        "en",
    )
    assert status == 0, err
    with zipfile.ZipFile(tmp_path / "toi.zip") as archive:
        names = set(archive.namelist())
        assert {
            "record.json",
            "sessions.csv",
            "sessions.json",
            "consents.json",
            "access_log.json",
            "summary.pdf",
        } <= names
        assert any(n.startswith("original_files/") and n.endswith("chay_sang.csv") for n in names)
        assert any(n.startswith("samples/session_") for n in names)
        assert json.loads(archive.read("record.json"))["name"] == "Nguyễn Văn Đỏ"
        assert {c["purpose"] for c in json.loads(archive.read("consents.json"))} >= {"monitoring", "live"}
    status, _, err = as_user(department, "admin", capsys, "erase", "Nguyễn Văn Đỏ")
    assert status == 2 and "--confirm" in err
    status, _, err = as_user(department, "coach_red", capsys, "erase", "Nguyễn Văn Đỏ", "--confirm")
    assert status == 2
    status, out, err = as_user(department, "admin", capsys, "erase", "Nguyễn Văn Đỏ", "--confirm")
    assert status == 0, err
    database = Database(department.url)
    with database.session() as session:
        assert session.get(Athlete, department.red) is None
        assert (
            session.scalars(select(TrainingSession).where(TrainingSession.athlete_id == department.red)).all()
            == []
        )
    database.close()
    status, out, _ = as_user(department, "admin", capsys, "access-log", "--json")
    log = json.loads(out)
    assert log[-1]["action"] == "erase" and log[-1]["athletes"] == [department.red]
    assert "Nguyễn Văn Đỏ" not in out
    status, out, _ = as_user(department, "admin", capsys, "statistics", "--json")
    assert json.loads(out)["erased"] == {"athletes": 1, "sessions": 1}
    status, out, _ = as_user(department, "admin", capsys, "access-log", "--verify")
    assert status == 0


def test_a_correction_keeps_the_old_value(department: Department, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = as_user(department, "admin", capsys, "correct", "Nguyễn Văn Đỏ", "hr_max", "201")
    assert status == 0, err
    engine = create_engine(department.url)
    with engine.connect() as connection:
        old, new = connection.execute(text("SELECT old_value, new_value FROM record_changes")).one()
    engine.dispose()
    assert float(old) == 195 and float(new) == 201
    status, _, err = as_user(department, "coach_red", capsys, "correct", "Nguyễn Văn Đỏ", "hr_max", "150")
    assert status == 2


# --- the laptop's file, encrypted at rest (real SQLCipher) -----------------------------------------

NAME = "Phạm Thị Hồng Nhung"


def _fill(url: str, tmp_path: Path) -> None:
    database = Database(url)
    with database.session() as session:
        athlete = add_athlete(session, NewAthlete(NAME, team="Đỏ", hr_max=197))
        consent_to(session, STAFF, athlete, ("monitoring",))
        athlete_id = athlete.id
    from athletes.importer import import_file

    assert import_file(database, athlete_id, steady_csv(tmp_path / "hr.csv", seconds=300)).error is None
    database.close()


def _readable(path: Path) -> bool:
    """Whether the athlete's name, or a run of its heart rate, shows in the file's bytes."""
    files = [path, *path.parent.glob(path.name + "-wal")]
    return any(NAME.encode() in f.read_bytes() or b"Nhung" in f.read_bytes() for f in files)


def test_a_copied_laptop_file_reveals_nothing_and_a_wrong_key_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    file = tmp_path / "athletes.sqlite"
    monkeypatch.setenv("MATCHDESK_DB_KEY", "khóa bí mật của sở")
    database = Database(f"sqlite:///{file}")
    assert database.encrypted
    database.close()
    _fill(f"sqlite:///{file}", tmp_path)
    # While the app has it open, the write-ahead log is encrypted too.
    open_again = Database(f"sqlite:///{file}")
    with open_again.session() as session:
        session.execute(text("UPDATE athletes SET coach = 'Hồng Nhung coach'"))
        session.commit()
        assert not _readable(file)
    open_again.close()
    assert not _readable(file)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(file).execute("SELECT name FROM athletes").fetchall()
    if shutil.which("sqlite3"):  # the plain command-line tool, where the machine has it
        tool = subprocess.run(
            ["sqlite3", str(file), "SELECT name FROM athletes"], capture_output=True, text=True
        )
        assert tool.returncode != 0 and "not a database" in tool.stderr and NAME not in tool.stdout
    status, out, _ = run(capsys, "athletes", "list", "--json", "--db", f"sqlite:///{file}")
    assert status == 0 and json.loads(out)[0]["name"] == NAME
    monkeypatch.setenv("MATCHDESK_DB_KEY", "wrong key")
    status, _, err = run(capsys, "athletes", "list", "--db", f"sqlite:///{file}")
    assert status == 2 and "key does not open" in err and len(err.strip().splitlines()) == 1
    monkeypatch.delenv("MATCHDESK_DB_KEY")
    monkeypatch.setattr("sys.stdin", _Lines(""))
    status, _, err = run(capsys, "athletes", "list", "--db", f"sqlite:///{file}")
    assert status == 2 and "encrypted" in err and "MATCHDESK_DB_KEY" in err


def test_a_plain_file_is_encrypted_with_nothing_lost_and_its_key_rotated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "old.sqlite"
    monkeypatch.delenv("MATCHDESK_DB_KEY", raising=False)
    _fill(f"sqlite:///{file}", tmp_path)
    assert _readable(file)
    counts_before = _counts(f"sqlite:///{file}")
    monkeypatch.setenv("MATCHDESK_DB_KEY", "first key 2026")
    status, _, err = run(capsys, "athletes", "encrypt", str(file))
    assert status == 0, err
    assert not _readable(file) and _counts(f"sqlite:///{file}") == counts_before
    monkeypatch.setattr("sys.stdin", _Lines("second key 2026"))
    status, _, err = run(capsys, "athletes", "rekey", str(file), "--new-key-stdin")
    assert status == 0, err
    status, _, err = run(capsys, "athletes", "list", "--db", f"sqlite:///{file}")
    assert status == 2 and "key does not open" in err  # the old key no longer does
    monkeypatch.setenv("MATCHDESK_DB_KEY", "second key 2026")
    assert _counts(f"sqlite:///{file}") == counts_before


def _counts(url: str) -> dict[str, int]:
    database = Database(url)
    with database.session() as session:
        counts = {
            table: int(session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
            for table in ("athletes", "sessions", "session_series", "consents", "access_log")
        }
    database.close()
    return counts


def test_killing_the_app_during_an_import_loses_nothing_committed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    file = tmp_path / "athletes.sqlite"
    monkeypatch.setenv("MATCHDESK_DB_KEY", "khóa")
    _fill(f"sqlite:///{file}", tmp_path)
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(40):  # one session a day
        rows = [
            f"2026-{1 + n // 28:02d}-{1 + n % 28:02d}T07:{i // 60:02d}:{i % 60:02d}+07:00,"
            f"{120 + n},10.77,106.70"
            for i in range(1200)
        ]
        write_csv(folder / f"s{n:02d}.csv", rows)
    importing = subprocess.Popen(
        [sys.executable, "-m", "matchdesk", "athletes", "import", str(folder), "--athlete", NAME, "--db", f"sqlite:///{file}"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ.copy(),
    )  # fmt: skip
    # Killed once a few sessions are in, watched from this process as another reader would.
    import sqlcipher3

    watcher = sqlcipher3.connect(str(file))
    watcher.execute("PRAGMA key = 'khóa'")
    deadline = time.monotonic() + 120
    while watcher.execute("SELECT count(*) FROM sessions").fetchone()[0] < 4 and time.monotonic() < deadline:
        time.sleep(0.02)
    importing.send_signal(signal.SIGKILL)
    watcher.close()
    importing.wait()
    assert importing.returncode == -signal.SIGKILL, importing.stderr.read() if importing.stderr else ""
    counts = _counts(f"sqlite:///{file}")
    assert 4 <= counts["sessions"] < 41 and counts["session_series"] == counts["sessions"]
    database = Database(f"sqlite:///{file}")
    with database.session() as session:
        assert session.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    database.close()
    from athletes.access.access_log import verify_log

    database = Database(f"sqlite:///{file}")
    with database.session() as session:
        assert verify_log(session).ok
    database.close()


def test_the_key_comes_from_the_keyring_or_a_passphrase_asked_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The operating system's keyring (here a keyring backend held in memory, as the machine has
    none) and, without one, a passphrase typed on the terminal."""
    import keyring
    import keyring.core
    from keyring.backend import KeyringBackend
    from keyring.backends import fail

    from athletes.access import encryption

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]
        stored: ClassVar[dict[tuple[str, str], str]] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.stored.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.stored[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.stored.pop((service, username), None)

    monkeypatch.delenv("MATCHDESK_DB_KEY", raising=False)
    monkeypatch.setattr(keyring.core, "_keyring_backend", MemoryKeyring())
    file = tmp_path / "laptop.sqlite"
    assert encryption.store_in_keyring(file, "khóa trong keyring")
    database = Database(f"sqlite:///{file}")
    assert database.encrypted
    database.close()
    assert not _readable(file) and Database(f"sqlite:///{file}").encrypted
    # No keyring on the machine: asked once on a terminal.
    monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring())
    asked: list[str] = []
    monkeypatch.setattr(encryption, "on_a_terminal", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or "khóa trong keyring")
    database = Database(f"sqlite:///{file}")
    assert database.encrypted and len(asked) == 1
    database.close()


def test_withdrawing_live_consent_stops_a_strap_already_logging(tmp_path: Path) -> None:
    """The athlete withdraws after 20 heartbeats: logging stops within the next check, and what came
    before the withdrawal is kept."""
    import asyncio

    from athletes.access.consent import record_consent
    from athletes.live import CONSENT_CHECK_EVERY, LiveLogger, SimulatedStrap

    database = Database(f"sqlite:///{tmp_path / 'live.sqlite'}")
    with database.session() as session:
        athlete = add_athlete(session, NewAthlete("Đinh Thị Live", hr_max=195, hr_rest=55))
        consent_to(session, STAFF, athlete, ("live",))
        athlete_id = athlete.id
    beats: list[int] = []

    def heard(_session_id: int, measurement: object) -> None:
        beats.append(1)
        if len(beats) == 20:
            with database.session() as session:
                withdrawing = session.get(Athlete, athlete_id)
                assert withdrawing is not None
                record_consent(session, STAFF, withdrawing, "live", False)

    logger = LiveLogger(database, [athlete_id], [SimulatedStrap(1, speed=0)], on_sample=heard)
    (stored,) = asyncio.run(logger.run(600))
    assert 20 <= len(beats) <= 20 + CONSENT_CHECK_EVERY
    with database.session() as session:
        kept = session.get(TrainingSession, stored)
        assert kept is not None and kept.samples == len(beats)
    database.close()
