"""The department's staff keep their records from the shell: a squad and its athletes, a coach, a
competition and its results (a medal however it is written, a result from our photo finish), camp
days and the rates, a grade proposed from a result and confirmed by decision, a correction; then the
month's pay table. Only admins and the department see pay and camp tables: on PostgreSQL the server
itself refuses the others."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from athletes.database import Database
from athletes.records import NewAthlete, add_athlete
from matchdesk.cli import main
from tests.test_athletes_records import POSTGRES, database_url  # noqa: F401  (fixture)

PASSWORD = "mat-khau-8"


@dataclass
class Office:
    url: str
    staff: str  # the department's login
    coach: str
    analyst: str

    def as_user(self, who: str, capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
        status = main(["athletes", *arguments, "--db", self.url, "--user", who])
        out, err = capsys.readouterr()
        return status, out, err


class _Stdin:
    def readline(self) -> str:
        return PASSWORD + "\n"

    def isatty(self) -> bool:
        return False


@pytest.fixture
def office(
    database_url: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> Iterator[Office]:
    """Two swimmers on record, and four accounts: an admin, the department's staff, a coach, an analyst."""
    suffix = tmp_path.name[-6:].replace("-", "_").lower()
    logins = {who: f"{who}_{suffix}" for who in ("admin", "staff", "coach", "analyst")}
    database = Database(database_url)
    with database.session() as session:
        add_athlete(session, NewAthlete("Nguyễn Thị Ánh Viên", "female", sport="Bơi lội", team="Bơi tỉnh"))
        add_athlete(session, NewAthlete("Trần Hưng Nguyên", "male", sport="Bơi lội", team="Bơi tỉnh"))
    database.close()
    monkeypatch.setenv("MATCHDESK_PASSWORD", PASSWORD)
    for who, role, extra in (
        ("admin", "admin", []),
        ("staff", "department", []),
        ("coach", "coach", ["--team", "Bơi tỉnh"]),
        ("analyst", "analyst", []),
    ):
        monkeypatch.setattr("sys.stdin", _Stdin())
        signed = [] if who == "admin" else ["--user", logins["admin"]]
        account = ["athletes", "user", "add", logins[who], "--role", role, *extra, "--password-stdin"]
        status = main([*account, "--db", database_url, *signed])
        assert status == 0, capsys.readouterr().err
    capsys.readouterr()
    yield Office(database_url, logins["staff"], logins["coach"], logins["analyst"])
    if database_url.startswith("postgresql"):
        assert POSTGRES is not None
        admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(
                text(f'DROP DATABASE IF EXISTS "{make_url(database_url).database}" WITH (FORCE)')
            )
            for login in logins.values():
                connection.execute(text(f'DROP ROLE IF EXISTS "{login}"'))
        admin.dispose()


def test_the_department_keeps_its_records_and_pays_the_month_from_them(
    office: Office, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    staff = office.staff

    def ok(*arguments: str) -> str:
        status, out, err = office.as_user(staff, capsys, *arguments)
        assert status == 0, err
        return out

    def refused(*arguments: str) -> str:
        status, _, err = office.as_user(staff, capsys, *arguments)
        assert status == 2 and "Traceback" not in err
        return err

    ok("squad", "add", "Bơi lội tỉnh", "--sport", "Bơi lội", "--level", "provincial")
    ok("squad", "member", "Bơi lội tỉnh", "Nguyễn Thị Ánh Viên", "--from", "01/01/2026", "--pay", "salary")
    ok("squad", "member", "Bơi lội tỉnh", "Trần Hưng Nguyên", "--from", "2026-02-15", "--pay", "daily")
    ok("squad", "coach", "Bơi lội tỉnh", "Đặng Anh Tuấn", "--from", "2026-01-01")
    assert "already on this squad from 2026-02-15" in refused(
        "squad", "member", "Bơi lội tỉnh", "Trần Hưng Nguyên", "--from", "2026-06-01", "--pay", "daily"
    )
    squads = json.loads(ok("squad", "list", "--on", "2026-03-01", "--json"))
    assert [m["name"] for m in squads[0]["members"]] == ["Nguyễn Thị Ánh Viên", "Trần Hưng Nguyên"]

    # A competition and its results: a medal however it is written; a time as the judges wrote it.
    ok(
        "competition",
        "add",
        "Giải vô địch bơi quốc gia 2026",
        "--sport",
        "Bơi lội",
        "--level",
        "national_championship",
        "--start",
        "2026-03-10",
        "--end",
        "2026-03-15",
    )
    finish = tmp_path / "finish.json"
    finish.write_text('{"race": "400m tự do nữ"}', encoding="utf-8")
    ok(
        "result",
        "add",
        "Giải vô địch bơi quốc gia 2026",
        "--event",
        "400m tự do nữ",
        "--athlete",
        "Nguyễn Thị Ánh Viên",
        "--rank",
        "1",
        "--medal",
        "HCV",
        "--mark",
        "4:16.12",
        "--record",
        "national",
        "--source",
        str(finish),
    )
    ok(
        "result",
        "add",
        "Giải vô địch bơi quốc gia 2026",
        "--event",
        "200m ếch nam",
        "--athlete",
        "Trần Hưng Nguyên",
        "--rank",
        "3",
        "--medal",
        "Đồng",
        "--mark",
        "2:19.80",
    )
    results = json.loads(ok("result", "list", "--json"))
    assert [(r["who"], r["medal"], r["mark"]) for r in results] == [
        ("Trần Hưng Nguyên", "bronze", pytest.approx(139.8)),
        ("Nguyễn Thị Ánh Viên", "gold", pytest.approx(256.12)),
    ]
    assert results[1]["source_file"] == str(finish.resolve()) and results[1]["records"] == "national"
    assert "'bạch kim' is not a medal" in refused(
        "result",
        "add",
        "Giải vô địch bơi quốc gia 2026",
        "--event",
        "x",
        "--athlete",
        "Trần Hưng Nguyên",
        "--medal",
        "bạch kim",
    )

    # A grade proposed from the result that meets the standard, then confirmed by decision.
    ok(
        "grade",
        "standard",
        "--sport",
        "Bơi lội",
        "--event",
        "400m tự do nữ",
        "--sex",
        "female",
        "--grade",
        "cap_1",
        "--mark",
        "260",
        "--lower-is-better",
        "--from",
        "2021-01-01",
    )
    ok(
        "grade",
        "standard",
        "--sport",
        "Bơi lội",
        "--event",
        "400m tự do nữ",
        "--sex",
        "female",
        "--grade",
        "kien_tuong",
        "--mark",
        "250",
        "--lower-is-better",
        "--from",
        "2021-01-01",
    )
    assert "Cấp 1 (proposed" in ok("grade", "propose")
    assert "no result meets" in ok("grade", "propose")  # proposed once
    (grade,) = json.loads(ok("grade", "list", "--json"))
    assert (grade["athlete"], grade["grade"], grade["status"]) == ("Nguyễn Thị Ánh Viên", "cap_1", "proposed")
    ok("grade", "confirm", str(grade["id"]), "--on", "2026-04-02", "--decision", "123/QĐ-SVHTT")
    (grade,) = json.loads(ok("grade", "list", "--json"))
    assert grade["status"] == "confirmed" and grade["decision"] == "123/QĐ-SVHTT"

    # Camp days and rates, then the month's pay table.
    ok("rate", "add", "daily_pay", "provincial", "150000", "--from", "2020-01-01", "--source", "NĐ 152/2018")
    ok("rate", "add", "daily_pay", "provincial", "200000", "--from", "2026-03-01", "--source", "NĐ 349/2025")
    ok(
        "rate",
        "add",
        "nutrition_training",
        "provincial",
        "240000",
        "--from",
        "2020-01-01",
        "--source",
        "TT BTC",
    )
    ok(
        "rate",
        "add",
        "nutrition_competition",
        "provincial",
        "320000",
        "--from",
        "2020-01-01",
        "--source",
        "TT BTC",
    )
    ok(
        "camp",
        "add",
        "Nguyễn Thị Ánh Viên",
        "--month",
        "2026-03",
        "--training-days",
        "20",
        "--competition-days",
        "6",
    )
    ok(
        "camp",
        "add",
        "Trần Hưng Nguyên",
        "--month",
        "2026-03",
        "--training-days",
        "18",
        "--competition-days",
        "6",
    )
    assert "do not fit in 28 days" in refused(
        "camp",
        "add",
        "Trần Hưng Nguyên",
        "--month",
        "2026-02",
        "--training-days",
        "25",
        "--competition-days",
        "6",
    )
    ok("pay", "--month", "2026-03", "--out", str(tmp_path / "luong.xlsx"))
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "luong.xlsx").active
    assert sheet is not None
    rows = {r[1]: r for r in sheet.iter_rows(min_row=4, values_only=True) if r[1]}
    # The salaried swimmer is paid nutrition only; the other his days at March's new rate as well.
    assert rows["Nguyễn Thị Ánh Viên"][11] == 20 * 240_000 + 6 * 320_000
    assert rows["Trần Hưng Nguyên"][11] == 24 * 200_000 + 18 * 240_000 + 6 * 320_000
    assert rows["Tổng cộng"][11] == 20 * 240_000 + 6 * 320_000 + 24 * 200_000 + 18 * 240_000 + 6 * 320_000

    # A correction, kept in the access log with the old value.
    camps = json.loads(ok("camp", "list", "--month", "2026-03", "--json"))
    out = ok("camp", "correct", str(camps[0]["id"]), "competition_days", "5")
    assert "competition_days: 6 -> 5" in out

    # The staff import the department's own roster (on PostgreSQL, as their own login).
    roster = tmp_path / "danh_sach.csv"
    roster.write_text(
        "Họ và tên,Ngày sinh,Giới tính,Môn,CCCD\nPhan Thị Mới,02/03/2009,Nữ,Bơi lội,075309001234\n",
        encoding="utf-8",
    )
    status, out, err = office.as_user(staff, capsys, "import-records", str(roster), "--kind", "roster")
    assert status == 0 and "added 1" in out, err

    # Only admins and the department see pay and camp tables; an analyst makes the statistics.
    for who in (office.coach, office.analyst):
        status, _, err = office.as_user(
            who, capsys, "pay", "--month", "2026-03", "--out", str(tmp_path / "p.xlsx")
        )
        assert status == 2 and "only an admin or the department" in err
    status, _, err = office.as_user(office.coach, capsys, "camp", "list", "--month", "2026-03")
    assert status == 2
    status, _, err = office.as_user(
        office.analyst, capsys, "indicators", "--year", "2026", "--out", str(tmp_path / "chi_tieu.xlsx")
    )
    assert status == 0, err
    if office.url.startswith("postgresql"):  # the server refuses a coach's own tools the pay tables
        coach = create_engine(make_url(office.url).set(username=office.coach, password=PASSWORD))
        with coach.connect() as connection, pytest.raises(Exception, match="permission denied"):
            connection.execute(text("SELECT * FROM camp_months")).all()
        coach.dispose()
