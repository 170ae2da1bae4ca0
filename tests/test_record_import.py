"""The department imports the spreadsheets it already keeps: a roster with a title, merged header
cells and a row numbering the columns, dates written three ways, ID numbers Excel turned into numbers;
results whose medals are "Vàng", "HCV" or "gold"; camp days. A file with any bad row is refused whole,
each problem named by its row and cell, and nothing already stored is touched."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from athletes.database import Database
from athletes.department.tables import CampMonth, Competition, Result, ResultAthlete, SquadMember
from athletes.models import Athlete
from matchdesk.cli import main
from tests.test_athletes_records import database_url  # noqa: F401  (fixture)


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:  # noqa: F811
    opened = Database(database_url)
    yield opened
    opened.close()


def roster_workbook(path: Path, rows: list[list[Any]]) -> Path:
    """As a department keeps it: a title over the table, a two-level header with merged cells, and
    the row of column numbers forms put under it."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["DANH SÁCH VẬN ĐỘNG VIÊN ĐỘI TUYỂN TỈNH NĂM 2026"])
    sheet.merge_cells("A1:H1")
    sheet.append([])
    sheet.append(["STT", "Họ và tên", "Thông tin cá nhân", None, None, "Đội tuyển", None, "Chế độ"])
    sheet.append([None, None, "Ngày sinh", "Giới tính", "Số CCCD", "Môn", "Tên đội", None])
    for merged in ("A3:A4", "B3:B4", "C3:E3", "F3:G3", "H3:H4"):
        sheet.merge_cells(merged)
    sheet.append([1, 2, 3, 4, 5, 6, 7, 8])
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row])
    book.save(path)
    return path


ROSTER = [
    ["Nguyễn Văn Hùng", "14/03/2004", "Nam", 1204000123, "Điền kinh", "Điền kinh tỉnh", "Lương"],
    ["Lê Thị Thu Trang", "2005-11-02", "Nữ", "079305000456", "Bơi lội", "Bơi lội tỉnh", "Tiền công"],
    ["Phạm Quốc Bảo", "05.07.2006", "nam", None, "Athletics", "Điền kinh tỉnh", "tiền công"],
]


def import_file(
    capsys: pytest.CaptureFixture[str], url: str, path: Path, kind: str, *more: str
) -> tuple[int, Any, str]:
    status = main(["athletes", "import-records", str(path), "--kind", kind, "--db", url, "--json", *more])
    out, err = capsys.readouterr()
    return status, json.loads(out) if status == 0 else None, err


def with_squads(database: Database) -> None:
    from athletes.department.keeping import add_squad

    with database.session() as session:
        add_squad(session, "Điền kinh tỉnh", "Điền kinh", "provincial")
        add_squad(session, "Bơi lội tỉnh", "Bơi lội", "provincial")
        session.commit()


@pytest.fixture
def on_roster(
    database: Database,
    database_url: str,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """The roster imported first, as results and camp days name athletes on it."""
    with_squads(database)
    assert import_file(capsys, database_url, roster_workbook(tmp_path / "r.xlsx", ROSTER), "roster")[0] == 0


def counts(database: Database) -> tuple[int, ...]:
    with database.session() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(table)) or 0
            for table in (Athlete, SquadMember, Competition, Result, CampMonth)
        )


def test_a_roster_as_the_department_keeps_it_imports_and_a_second_time_changes_nothing(
    database: Database,
    database_url: str,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    with_squads(database)
    path = roster_workbook(tmp_path / "danh_sach.xlsx", ROSTER)
    status, preview, err = import_file(capsys, database_url, path, "roster", "--dry-run")
    assert status == 0, err
    assert preview["header_row"] == 4 and preview["added"] == 3 and preview["dry_run"]
    assert preview["mapping"]["date_of_birth"] == "Ngày sinh" and preview["mapping"]["squad"] == "Tên đội"
    assert counts(database)[0] == 0  # a preview stores nothing

    status, report, err = import_file(capsys, database_url, path, "roster")
    assert status == 0, err
    assert (report["added"], report["changed"], report["skipped"]) == (3, 0, 0)
    with database.session() as session:
        hung = session.scalar(select(Athlete).where(Athlete.name == "Nguyễn Văn Hùng"))
        bao = session.scalar(select(Athlete).where(Athlete.name == "Phạm Quốc Bảo"))
        assert hung is not None and bao is not None
        assert (
            str(hung.date_of_birth) == "2004-03-14" and hung.id_number == "001204000123"
        )  # its leading 0 back
        assert str(bao.date_of_birth) == "2006-07-05" and bao.sport == "Điền kinh"  # "Athletics"
        members = session.scalars(select(SquadMember)).all()
        assert sorted(m.pay_status for m in members) == ["daily", "daily", "salary"]
    assert any("from today" in note for note in report["notes"])  # no column for the date joined

    status, again, _ = import_file(capsys, database_url, path, "roster")
    assert status == 0 and (again["added"], again["changed"], again["skipped"]) == (0, 0, 3)
    moved = [row[:] for row in ROSTER]
    moved[1][4] = "Điền kinh"  # Trang changes sport; found by her ID number
    status, changed, _ = import_file(
        capsys, database_url, roster_workbook(tmp_path / "v2.xlsx", moved), "roster"
    )
    assert status == 0 and (changed["added"], changed["changed"], changed["skipped"]) == (0, 1, 2)


def test_a_roster_with_bad_rows_is_refused_whole_and_each_problem_named(
    database: Database,
    database_url: str,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    bad = [
        ROSTER[0],
        ["Đỗ Thị Mai", "31/02/2005", "Nữ", None, "Bơi lội", None, None],  # a day that does not exist
        ["Vũ Văn Nam", "2003-01-01", "Nam", None, "Bóng gậy", None, None],  # an unknown sport
        ["Nguyễn Văn Hùng", "14/03/2004", "Nam", 1204000123, "Điền kinh", None, None],  # twice
        ["Hà Văn Long", "2003-01-01", "Nam", None, "Boi loi", None, None],  # no diacritics: known
        ["Nguyễn Văn Hùng", None, "Nam", None, "Điền kinh", None, None],  # a namesake? nothing tells
    ]
    before = counts(database)
    status, _, err = import_file(capsys, database_url, roster_workbook(tmp_path / "sai.xlsx", bad), "roster")
    assert status == 2 and "Traceback" not in err and "nothing was imported" in err
    assert "cell C7 (Ngày sinh): '31/02/2005' is not a date that exists" in err
    assert "cell F8 (Môn): 'Bóng gậy' is not a sport the department knows" in err
    assert "row 9: Nguyễn Văn Hùng is also on row 6 (a duplicate)" in err
    assert "Hà Văn Long" not in err
    assert "cell B11 (Họ và tên): an athlete named Nguyễn Văn Hùng is on record already" in err
    assert counts(database) == before


def test_results_with_medals_written_three_ways_and_a_stranger_refused(
    on_roster: None,
    database: Database,
    database_url: str,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    header = ["Giải", "Môn", "Cấp giải", "Ngày bắt đầu", "Ngày kết thúc", "Nội dung", "Họ và tên",
              "Ngày sinh", "Hạng", "Huy chương", "Thành tích", "Đội", "Thành viên"]  # fmt: skip
    rows = [
        ["Đại hội TDTT toàn quốc 2026", "Điền kinh", "Đại hội TDTT toàn quốc", "10/06/2026", "20/06/2026",
         "100m nam", "Nguyễn Văn Hùng", "14/03/2004", 1, "Vàng", "10.48"],
        ["Đại hội TDTT toàn quốc 2026", "Điền kinh", "Đại hội TDTT toàn quốc", "10/06/2026", "20/06/2026",
         "200m nam", "Nguyễn Văn Hùng", "14/03/2004", 2, "HCB", "21.30"],
        ["SEA Games 33", "Bơi lội", "SEA Games", "2025-12-09", "2025-12-20", "400m hỗn hợp nữ",
         "Lê Thị Thu Trang", "2005-11-02", 3, "bronze", "4:52.10"],
        ["Đại hội TDTT toàn quốc 2026", "Điền kinh", "Đại hội TDTT toàn quốc", "10/06/2026", "20/06/2026",
         "4x100m nam", "", "", 1, "HCV", "39.90", "Đồng Nai", "Nguyễn Văn Hùng; Phạm Quốc Bảo"],
    ]  # fmt: skip
    csv_path = tmp_path / "ket_qua.csv"
    lines = [",".join(header), *(",".join(str(v) for v in row) for row in rows)]
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    status, report, err = import_file(capsys, database_url, csv_path, "results")
    assert status == 0, err
    assert report["added"] == 4
    with database.session() as session:
        medals = dict(session.execute(select(Result.event, Result.medal)).all())
        relay = session.scalar(select(Result).where(Result.event == "4x100m nam"))
        assert relay is not None and relay.team == "Đồng Nai" and relay.athlete_id is None
        members = session.scalars(
            select(ResultAthlete.athlete_id).where(ResultAthlete.result_id == relay.id)
        ).all()
        assert len(members) == 2  # the team's medal counts once; both athletes are its medallists
        sea = session.scalar(select(Competition).where(Competition.name == "SEA Games 33"))
        assert sea is not None and sea.level == "sea_games" and sea.official
        marks = dict(session.execute(select(Result.event, Result.mark)).all())
    assert medals == {
        "100m nam": "gold",
        "200m nam": "silver",
        "400m hỗn hợp nữ": "bronze",
        "4x100m nam": "gold",
    }
    assert marks["400m hỗn hợp nữ"] == pytest.approx(292.1)

    stranger = [*rows, ["SEA Games 33", "Bơi lội", "SEA Games", "2025-12-09", "2025-12-20", "100m bướm nữ",
                        "Trần Thị Lạ", "2006-01-01", 1, "HCV", "59.90"]]  # fmt: skip
    table = [",".join(header), *(",".join(str(v) for v in r) for r in stranger)]
    csv_path.write_text("\n".join(table) + "\n",
                        encoding="utf-8-sig")  # fmt: skip
    before = counts(database)
    status, _, err = import_file(capsys, database_url, csv_path, "results")
    assert status == 2 and "row 6, column 7 (Họ và tên): Trần Thị Lạ is not in the roster" in err
    assert counts(database) == before


def test_camp_days_of_a_month_import_and_a_month_that_cannot_hold_them_is_refused(
    on_roster: None,
    database: Database,
    database_url: str,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Họ tên", "Ngày sinh", "Tháng", "Số ngày tập", "Số ngày thi đấu", "Địa điểm"])
    sheet.append(["Nguyễn Văn Hùng", "14/03/2004", "03/2026", 20, 4, "Trung tâm HL"])
    sheet.append(["Lê Thị Thu Trang", "2005-11-02", "2026-03", 22, 0, "Trung tâm HL"])
    book.save(tmp_path / "ngay_tap.xlsx")
    status, report, err = import_file(capsys, database_url, tmp_path / "ngay_tap.xlsx", "camps")
    assert status == 0 and report["added"] == 2, err
    sheet.append(["Phạm Quốc Bảo", "05/07/2006", "02/2026", 25, 5, "Trung tâm HL"])
    book.save(tmp_path / "ngay_tap.xlsx")
    status, _, err = import_file(capsys, database_url, tmp_path / "ngay_tap.xlsx", "camps")
    assert status == 2 and "cell D4 (Số ngày tập): 25 + 5 days do not fit in 28" in err


def test_a_file_that_is_no_spreadsheet_or_has_no_header_is_one_clear_line(
    database_url: str,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    status, _, err = import_file(capsys, database_url, broken, "roster")
    assert status == 2 and str(broken) in err and "cannot be read as an Excel workbook" in err
    semicolons = tmp_path / "excel_vi.csv"  # Excel in a Vietnamese locale separates with ;
    semicolons.write_text(
        "Họ và tên;Ngày sinh;Giới tính;Môn\nĐinh Văn Mạnh;01/01/2004;Nam;Vật\n", encoding="utf-8-sig"
    )
    status, report, err = import_file(capsys, database_url, semicolons, "roster")
    assert status == 0 and report["added"] == 1, err
    headless = tmp_path / "khong_tieu_de.csv"
    headless.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    status, _, err = import_file(capsys, database_url, headless, "roster")
    assert status == 2 and "no header row" in err
