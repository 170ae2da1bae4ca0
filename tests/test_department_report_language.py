"""The department report in Vietnamese, as the department prints it from the demo squad: every word in
Vietnamese (the flags too), and every line within the page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pypdf import PdfReader

from athletes.database import Database
from athletes.demo import fill_demo_squad
from athletes.flags import Flag
from athletes.report_text import flag_text, hr_source, words
from athletes.reports import write_department_report
from var.report import vietnamese_pdf

ENGLISH_FLAG_WORDS = ("no wellness entry", "below the normal band", "monotony ", "in the last")


def test_the_vietnamese_department_report_words_its_flags_in_vietnamese(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'athletes.sqlite'}")
    fill_demo_squad(database, end=date(2026, 3, 31))
    text = "".join(
        page.extract_text() for page in PdfReader(write_department_report(database, tmp_path / "r.pdf")).pages
    )
    assert "Vận động viên cần chú ý" in text
    assert not [phrase for phrase in ENGLISH_FLAG_WORDS if phrase in text]
    assert "không có phiếu trạng thái sức khỏe" in text  # the demo squad leaves some mornings out


def test_each_flag_reads_in_the_reports_language_with_its_numbers() -> None:
    hrv = Flag("hrv_low", date(2026, 3, 2), 3.88, 3.9, "lnRMSSD ...", (3.9, 4.3))
    assert flag_text(hrv, "vi") == "lnRMSSD trung bình 7 ngày 3.88 dưới vùng bình thường (3.90-4.30)"
    assert flag_text(hrv, "en") == "lnRMSSD 7-day mean 3.88 below the normal band (3.90-4.30)"
    spike = Flag("load_spike", date(2026, 3, 2), 1.54, 1.5, "ACWR (EWMA) 1.54 > 1.5")
    assert flag_text(spike, "vi") == "ACWR (EWMA) 1.54 > 1.5"


def test_the_date_line_and_the_note_stay_within_the_page(tmp_path: Path) -> None:
    """They were one line that ran off the right of the page; each now fits between the margins."""
    database = Database(f"sqlite:///{tmp_path / 'athletes.sqlite'}")
    page = PdfReader(write_department_report(database, tmp_path / "r.pdf")).pages[0]
    starts: dict[str, float] = {}

    def where(text: str, _cm: object, matrix: list[float], *_: object) -> None:
        starts.setdefault(text.strip(), matrix[4])

    lines = page.extract_text(visitor_text=where).splitlines()
    dated_at = next(x for text, x in starts.items() if text.startswith("Lập ngày"))
    assert dated_at < 0.2 * float(page.mediabox.width)  # at the left margin, not past the right one
    dated = next(line for line in lines if line.startswith("Lập ngày"))
    measure = vietnamese_pdf("width")
    measure.set_font("DejaVu", "", 9)
    printable = measure.w - measure.l_margin - measure.r_margin
    assert measure.get_string_width(dated) <= printable
    assert any(words("vi")["note"].startswith(line.strip()[:20]) for line in lines if line.strip())


def test_the_reports_count_the_load_as_asked_and_say_which(tmp_path: Path) -> None:
    """A coach's athletes trained with video or GPS: the report counts their load as distance or
    high-speed running when asked, and says so, with the caution about high-speed distance."""
    from openpyxl import load_workbook

    from matchdesk.cli import main

    url = f"sqlite:///{tmp_path / 'athletes.sqlite'}"
    fill_demo_squad(Database(url), end=date(2026, 3, 31))
    profile = tmp_path / "ho_so.pdf"
    common = ["--db", url, "--language", "en"]
    asked = ["athletes", "report", "profile", "--athlete", "Nguyễn Văn An", "--out", str(profile)]
    assert main([*asked, "--load", "distance", *common]) == 0
    text = " ".join(page.extract_text() for page in PdfReader(profile).pages)
    assert "counted as: external load: distance (m), from video or GPS" in text
    assert "Linke et al. 2018" in text
    report = tmp_path / "bao_cao.xlsx"
    assert main(["athletes", "report", "department", "--out", str(report), "--load", "hsr", "--db", url]) == 0
    sheet = load_workbook(report)["Khối lượng và lượng vận động"]
    assert "chạy tốc độ cao (m), từ video hoặc GPS" in str(sheet["A2"].value)
    assert "Chạy tốc độ cao (m; video hoặc GPS)" in [c.value for c in sheet[3]]


def test_the_vietnamese_profile_says_where_the_heart_rate_figures_came_from_in_vietnamese(
    tmp_path: Path,
) -> None:
    """HRmax and resting HR carry where they came from; matchdesk's own words for it were English in
    the Vietnamese profile ("200 (max HR test)"). A coach's own words are kept as written."""
    from athletes.records import NewAthlete, add_athlete, add_test
    from athletes.reports import write_profile_report

    database = Database(f"sqlite:///{tmp_path / 'athletes.sqlite'}")
    with database.session() as session:
        tested = add_athlete(session, NewAthlete("Trần Thị Mai", date_of_birth=date(2004, 5, 1)))
        by_age = add_athlete(  # as `athletes add --hr-rest 52` stores it
            session,
            NewAthlete(
                "Lê Văn Tùng", date_of_birth=date(2003, 1, 9), hr_rest=52, hr_rest_source="entered by hand"
            ),
        )
        own = add_athlete(session, NewAthlete("Đỗ An", hr_max=196, hr_max_source="Test Yo-Yo IR1 tháng 3"))
        session.flush()
        add_test(session, tested, date(2026, 3, 2), "max_hr", 201, "bpm")
        ids = tested.id, by_age.id, own.id

    def profile(athlete_id: int) -> str:
        path = write_profile_report(database, athlete_id, tmp_path / f"{athlete_id}.pdf", language="vi")
        return " ".join(page.extract_text() for page in PdfReader(path).pages)

    tested_text = profile(ids[0])
    assert "201 (kiểm tra nhịp tim tối đa 2026-03-02)" in tested_text
    assert "2026-03-02 kiểm tra nhịp tim tối đa 201" in tested_text  # the test itself, named so too
    by_age_text = profile(ids[1])
    assert "(theo tuổi (Tanaka: 208 - 0,7 × tuổi))" in by_age_text
    assert "52 (nhập tay)" in by_age_text
    assert "196 (Test Yo-Yo IR1 tháng 3)" in profile(ids[2])
    assert hr_source("entered after the camp", "vi") == "entered after the camp"  # a coach's, as written
    database.close()
