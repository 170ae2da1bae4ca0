"""A Vietnamese referee or coach reads what went wrong in Vietnamese: every problem the engine can put
before the desk has a Vietnamese wording, and the desk shows it with the file named first."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from athletes.access.actor import local_admin
from athletes.database import Database
from athletes.department.record_import import import_records
from matchdesk.errors import MatchdeskError
from matchdesk.problem_words import SLOT, error_catalogue, problem_wordings, translated_problem
from tests.test_record_import import roster_workbook
from ui.app import application
from ui.common.background import BackgroundCall
from ui.common.error_text import error_text
from ui.common.i18n import set_language
from var.capture.sources import parse_angle
from var.media import open_video
from var.offside import calibrate, read_clicked_calibration

REPO = Path(__file__).resolve().parents[1]
# The engine: what the desk, the session window and the athletes' screens call.
BEFORE_THE_DESK = ("var", "tracking", "athletes")
ERRORS = {
    "MatchdeskError",
    "Refused",
    "MediaError",
    "ReviewFileError",
    "AccessRefused",
    "ConsentMissing",
    "TrackingCancelled",
    "CalibrationError",
    "Refusal",  # why a review request is refused, under the sport's rules
}


def raised_wordings() -> dict[str, str]:
    """Each problem's wording raised in ``BEFORE_THE_DESK`` (its changing parts as ``{}``) -> where."""
    wordings: dict[str, str] = {}
    for folder in BEFORE_THE_DESK:
        for source in sorted((REPO / folder).rglob("*.py")):
            tree = ast.parse(source.read_text(encoding="utf-8"))
            constants = {
                target.id: node.value.value
                for node in tree.body
                if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                for target in node.targets
                if isinstance(target, ast.Name) and isinstance(node.value.value, str)
            }
            for node in ast.walk(tree):
                name = getattr(node, "func", None)
                if not isinstance(node, ast.Call) or getattr(name, "id", None) not in ERRORS or not node.args:
                    continue
                where = f"{source.relative_to(REPO)}:{node.lineno}"
                wordings[_wording(node.args[0], constants, where)] = where
    return wordings


def _wording(argument: ast.expr, constants: dict[str, str], where: str) -> str:
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return argument.value
    if isinstance(argument, ast.Name) and argument.id in constants:
        return constants[argument.id]
    if isinstance(argument, ast.JoinedStr):
        return "".join(str(v.value) if isinstance(v, ast.Constant) else SLOT for v in argument.values)
    raise AssertionError(f"{where}: a problem's wording must be a string or an f-string, to be translated")


@pytest.fixture
def vietnamese() -> object:
    application()
    set_language("vi")
    yield
    set_language("en")


def test_every_problem_the_engine_puts_before_the_desk_has_a_vietnamese_wording() -> None:
    raised = raised_wordings()
    assert len(raised) > 280
    catalogue = error_catalogue("vi")
    missing = [f"{where}: {wording!r}" for wording, where in raised.items() if not catalogue.get(wording)]
    assert not missing, "no Vietnamese in matchdesk/translations/vi_errors.json for:\n" + "\n".join(missing)
    for english, vietnamese in catalogue.items():
        assert vietnamese.count(SLOT) == english.count(SLOT), english


def test_the_catalogue_is_read_as_utf8_json() -> None:
    path = REPO / "matchdesk" / "translations" / "vi_errors.json"
    assert json.loads(path.read_text(encoding="utf-8"))["file not found"] == "không tìm thấy tệp"


def test_a_missing_video_is_named_first_and_told_in_the_desks_language(
    tmp_path: Path, vietnamese: object
) -> None:
    missing = tmp_path / "trận đấu.mp4"
    with pytest.raises(MatchdeskError) as raised:
        open_video(missing)
    assert error_text(raised.value) == f"{missing}: không tìm thấy tệp"
    set_language("en")
    assert error_text(raised.value) == f"{missing}: file not found"


def test_the_names_and_numbers_in_a_problem_are_carried_into_the_translation(vietnamese: object) -> None:
    with pytest.raises(MatchdeskError) as raised:
        parse_angle("cam 1=rtsp://127.0.0.1:8554/cam1")
    assert error_text(raised.value) == (
        "--angle 'cam 1=rtsp://127.0.0.1:8554/cam1': tên 'cam 1' chỉ gồm chữ, số, '-', '_' hoặc '.'"
        " (nó là tên một thư mục)"
    )


def test_why_a_calibration_failed_is_translated_inside_the_problem(
    tmp_path: Path, vietnamese: object
) -> None:
    points = tmp_path / "points.json"
    points.write_text(json.dumps({"points": [{"name": "centre_spot", "image": [480, 300]}]}))
    with pytest.raises(MatchdeskError) as raised:
        read_clicked_calibration(points)
    assert error_text(raised.value) == f"{points}: hiệu chuẩn: hãy bấm ít nhất 4 điểm trên sân (mới có 1)"


def test_a_wording_with_braces_of_its_own_keeps_them(tmp_path: Path, vietnamese: object) -> None:
    points = tmp_path / "points.json"
    points.write_text('{"points": [{"name": "centre_spot"}]}')
    with pytest.raises(MatchdeskError) as raised:
        read_clicked_calibration(points)
    assert error_text(raised.value) == (
        f"{points}: không phải tệp hiệu chuẩn: hãy đưa"
        ' {"points": [{"name": "...", "image": [x, y]}, ...]}'
        " ('image')"
    )


def test_a_clicked_calibration_that_fails_is_told_in_vietnamese(vietnamese: object) -> None:
    with pytest.raises(ValueError) as raised:
        calibrate([("centre_spot", (480.0, 300.0)), ("centre_spot", (481.0, 300.0))])
    assert "điểm trên sân" in error_text(raised.value)


def test_a_wording_of_slots_alone_never_answers() -> None:
    problem_wordings.cache_clear()
    error_catalogue("vi")["{}"] = "không rõ: {}"  # a slip in the catalogue
    try:
        problem_wordings.cache_clear()
        assert translated_problem("a message from a library", "vi") == "a message from a library"
    finally:
        del error_catalogue("vi")["{}"]
        problem_wordings.cache_clear()


def test_a_problem_the_catalogue_does_not_know_is_shown_as_it_is() -> None:
    assert translated_problem("a message from a library", "vi") == "a message from a library"
    assert translated_problem("file not found", "en") == "file not found"


def test_a_slow_call_that_fails_tells_the_desk_in_vietnamese(
    tmp_path: Path, qtbot: QtBot, vietnamese: object
) -> None:
    missing = tmp_path / "cam1.mp4"
    job = BackgroundCall("open", lambda: open_video(missing))
    with qtbot.waitSignal(job.failed, timeout=10_000) as failed:
        job.start()
    assert failed.args == [f"{missing}: không tìm thấy tệp"]


def test_a_refused_import_is_told_row_by_row_in_vietnamese(tmp_path: Path, vietnamese: object) -> None:
    database = Database(f"sqlite:///{tmp_path / 'athletes.db'}")
    workbook = roster_workbook(
        tmp_path / "danh_sach.xlsx",
        [
            ["Đỗ Thị Mai", "31/02/2005", "Nữ", None, "Bơi lội", None, None],
            ["Vũ Văn Nam", "2003-01-01", "Nam", None, "Bóng gậy", None, None],
        ],
    )
    with pytest.raises(MatchdeskError) as raised:
        import_records(database, local_admin(), workbook, "roster")
    database.close()
    assert error_text(raised.value).splitlines() == [
        f"{workbook}: 2 lỗi; không nhập gì:",
        "  dòng 6: ô C6 (Ngày sinh): '31/02/2005' không phải ngày có thật",
        "  dòng 7: ô F7 (Môn): 'Bóng gậy' không phải môn thể thao Sở đang quản lý; có phải là Bóng đá?",
    ]
