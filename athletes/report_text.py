"""The words of the athletes reports, in Vietnamese and English."""

from __future__ import annotations

from athletes.flags import Flag
from athletes.vocabulary import HR_BY_AGE, HR_BY_HAND, HR_ENTERED, HR_FROM_TEST, HR_MORNINGS, TEST_MAX_HR

TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "department_title": "Báo cáo thể thao thành tích cao",
        "profile_title": "Hồ sơ vận động viên",
        "roster": "Danh sách vận động viên",
        "volume": "Khối lượng và lượng vận động theo đội và tháng",
        "flagged": "Vận động viên cần chú ý",
        "tests": "Kết quả kiểm tra",
        "sessions": "Buổi tập gần đây",
        "load": "Lượng vận động hiện tại",
        "generated": "Lập ngày",
        "name": "Họ và tên",
        "sport": "Môn",
        "team": "Đội",
        "level": "Cấp",
        "coach": "Huấn luyện viên",
        "born": "Ngày sinh",
        "month": "Tháng",
        "session_count": "Số buổi",
        "hours": "Giờ tập",
        "distance_km": "Quãng đường (km; video hoặc GPS)",
        "load_au": "Lượng vận động bên trong (AU; RPE hoặc TRIMP)",
        "source": "Nguồn",
        "video": "video",
        "flag": "Cảnh báo",
        "day": "Ngày",
        "test": "Bài kiểm tra",
        "value": "Kết quả",
        "unit": "Đơn vị",
        "start": "Bắt đầu",
        "kind": "Loại",
        "minutes": "Phút",
        "hr_mean": "Nhịp tim TB",
        "measure": "Chỉ số",
        "none": "Không có",
        "note": "Các chỉ số mô tả lượng vận động; chúng không dự đoán chấn thương.",
        "national": "quốc gia",
        "provincial": "tỉnh",
        "youth": "trẻ",
        "training": "tập luyện",
        "match": "thi đấu",
        "test_kind": "kiểm tra",
        "hrv": "HRV",
        "live": "trực tiếp",
        "acwr_rolling": "ACWR (7:28)",
        "acwr_ewma": "ACWR (EWMA)",
        "monotony": "Độ đơn điệu",
        "strain": "Độ căng",
        "fitness": "Thể lực (42 ngày)",
        "fatigue": "Mệt mỏi (7 ngày)",
        "form": "Phong độ",
        "flag_load_spike": "ACWR (EWMA) {value:.2f} > {limit:g}",
        "flag_monotony": "độ đơn điệu {value:.2f} > {limit:g}",
        "flag_hrv_low": "lnRMSSD trung bình 7 ngày {value:.2f} dưới vùng bình thường ({low:.2f}-{high:.2f})",
        "flag_wellness_missing": "không có phiếu trạng thái sức khỏe trong {limit:g} ngày gần nhất",
        "counted_as": "Lượng vận động (ACWR, cảnh báo) tính theo",
        "measure_internal": "lượng vận động bên trong: RPE buổi tập, nếu không có thì TRIMP (Banister)",
        "measure_distance": "lượng vận động bên ngoài: quãng đường (m), từ video hoặc GPS",
        "measure_hsr": "lượng vận động bên ngoài: chạy tốc độ cao (m), từ video hoặc GPS",
        "hsr_m": "Chạy tốc độ cao (m; video hoặc GPS)",
        "linke": (
            "Quãng đường từ video khớp với GPS trong vài phần trăm; quãng chạy tốc độ cao có thể lệch"
            " hơn 40 % (Linke và cộng sự, 2018)."
        ),
        "source_max_hr_test": "kiểm tra nhịp tim tối đa",
        "source_tanaka": "theo tuổi (Tanaka: 208 - 0,7 × tuổi)",
        "source_by_hand": "nhập tay",
        "source_morning": "đo buổi sáng",
        "test_max_hr": "kiểm tra nhịp tim tối đa",
        "test_sprint_30m": "chạy 30 m",
    },
    "en": {
        "department_title": "High-performance sport report",
        "profile_title": "Athlete profile",
        "roster": "Roster",
        "volume": "Training volume and load per team and month",
        "flagged": "Athletes flagged",
        "tests": "Test results",
        "sessions": "Recent sessions",
        "load": "Current load",
        "generated": "Generated",
        "name": "Name",
        "sport": "Sport",
        "team": "Team",
        "level": "Level",
        "coach": "Coach",
        "born": "Born",
        "month": "Month",
        "session_count": "Sessions",
        "hours": "Hours",
        "distance_km": "Distance (km; video or GPS)",
        "load_au": "Internal load (AU; RPE or TRIMP)",
        "source": "Source",
        "video": "video",
        "flag": "Flag",
        "day": "Day",
        "test": "Test",
        "value": "Result",
        "unit": "Unit",
        "start": "Start",
        "kind": "Kind",
        "minutes": "Minutes",
        "hr_mean": "Mean HR",
        "measure": "Measure",
        "none": "None",
        "note": "These numbers describe training load; they do not predict injury.",
        "national": "national",
        "provincial": "provincial",
        "youth": "youth",
        "training": "training",
        "match": "match",
        "test_kind": "test",
        "hrv": "HRV",
        "live": "live",
        "acwr_rolling": "ACWR (7:28)",
        "acwr_ewma": "ACWR (EWMA)",
        "monotony": "Monotony",
        "strain": "Strain",
        "fitness": "Fitness (42 d)",
        "fatigue": "Fatigue (7 d)",
        "form": "Form",
        "flag_load_spike": "ACWR (EWMA) {value:.2f} > {limit:g}",
        "flag_monotony": "monotony {value:.2f} > {limit:g}",
        "flag_hrv_low": "lnRMSSD 7-day mean {value:.2f} below the normal band ({low:.2f}-{high:.2f})",
        "flag_wellness_missing": "no wellness entry in the last {limit:g} days",
        "counted_as": "Load (ACWR, flags) counted as",
        "measure_internal": "internal load: session RPE, else Banister's TRIMP",
        "measure_distance": "external load: distance (m), from video or GPS",
        "measure_hsr": "external load: high-speed running (m), from video or GPS",
        "hsr_m": "High-speed running (m; video or GPS)",
        "linke": (
            "Video distance agrees with GPS within a few per cent; high-speed distance can differ by more"
            " than 40 % (Linke et al. 2018)."
        ),
        "source_max_hr_test": "max HR test",
        "source_tanaka": "age (Tanaka 208 - 0.7 x age)",
        "source_by_hand": "entered by hand",
        "source_morning": "morning readings",
        "test_max_hr": "max HR test",
        "test_sprint_30m": "30 m sprint",
    },
}


def words(language: str) -> dict[str, str]:
    if language not in TEXT:
        raise ValueError(f"reports are in {' or '.join(TEXT)}, not {language!r}")
    return TEXT[language]


# matchdesk's words for where an HR figure came from (athletes.vocabulary) -> their key in TEXT
HR_SOURCES = {
    HR_FROM_TEST: "source_max_hr_test",
    HR_BY_AGE: "source_tanaka",
    HR_BY_HAND: "source_by_hand",
    HR_ENTERED: "source_by_hand",
    HR_MORNINGS: "source_morning",
}


def hr_source(source: str, language: str) -> str:
    """Where an HR figure came from, in ``language``: matchdesk's own words translated (a max HR
    test keeps its date), a coach's own as written."""
    if source in HR_SOURCES:
        return words(language)[HR_SOURCES[source]]
    if source.startswith(f"{HR_FROM_TEST} "):  # and the test's day
        return words(language)[HR_SOURCES[HR_FROM_TEST]] + source[len(HR_FROM_TEST) :]
    return source


def with_hr_source(figure: str, source: str | None, language: str) -> str:
    """An HR ``figure`` and, in brackets, where it came from (:func:`hr_source`), when that is known."""
    return f"{figure} ({hr_source(source, language)})" if source else figure


# Tests matchdesk names itself (`athletes test KIND`, the demo squad); others are the coach's words.
TEST_NAMES = {
    TEST_MAX_HR: "test_max_hr",
    "max HR test": "test_max_hr",
    "sprint_30m": "test_sprint_30m",
    "30 m sprint": "test_sprint_30m",
}


def test_name(kind: str, language: str) -> str:
    """A test's name in ``language`` where matchdesk names it; a coach's own name as written."""
    key = TEST_NAMES.get(kind)
    return words(language)[key] if key else kind


def session_kind(kind: str, language: str) -> str:
    """A session's kind (training, match, test...) in the report's language."""
    w = words(language)
    return w.get("test_kind" if kind == "test" else kind, kind)


def flag_text(flag: Flag, language: str) -> str:
    """A flag's message in the report's language, from its numbers (not the English message)."""
    template = words(language).get(f"flag_{flag.kind}")
    if template is None:
        return flag.message
    low, high = flag.band or (0.0, 0.0)
    return template.format(value=flag.value or 0.0, limit=flag.limit or 0.0, low=low, high=high)
