"""The department's staff at their window: the province's squads, competitions and results, the
month's pay table, the year's indicators; a spreadsheet previewed, its problems listed, then a good
one imported; the pay table written and signed from the window. An analyst sees no pay."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from athletes.access.actor import Actor
from athletes.database import Database
from athletes.department.periods import Period
from athletes.department.province_demo import fill_province
from athletes.signing.keys import PKCS12Key
from athletes.signing.verify import verify_pdf
from matchdesk.sample.signing_ca import PASSPHRASE, make_throwaway_ca
from tests.conftest import change_language_while_taken_apart
from ui.department.import_dialog import ImportRecordsDialog
from ui.department.model import DepartmentModel, Signing
from ui.department.window import DepartmentWindow

STAFF = Actor("phong_ttcc", "department")


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Database:
    database = Database(f"sqlite:///{tmp_path_factory.mktemp('province') / 'athletes.sqlite'}")
    fill_province(database, until=date(2026, 11, 30))
    return database


def open_window(qtbot: object, database: Database, actor: Actor) -> DepartmentWindow:
    model = DepartmentModel(database, actor, today=date(2026, 10, 15))
    window = DepartmentWindow(model)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.resize(1400, 900)
    window.show()
    window.settle()
    return window


def test_the_department_reads_its_squads_results_pay_and_indicators(
    qtbot: object, province: Database, tmp_path: Path
) -> None:
    window = open_window(qtbot, province, STAFF)
    assert window.squads.rowCount() > 60 and window.competitions.rowCount() > 500
    assert window.results.rowCount() > 3000
    assert window.tabs.isTabVisible(window.pay_tab) and window.pay.rowCount() > 300
    assert window.pay_total.text().endswith("đồng")
    assert window.form_choice.count() == 5 and window.indicator_table.rowCount() > 5
    assert window.indicator_table.item(0, 0).text() == "01"  # type: ignore[union-attr]

    window.show_period(Period(2024, "H1"))
    window.settle()
    assert window.model.period == Period(2024, "H1")
    window.tabs.setCurrentIndex(2)
    assert window.grab().save(str(tmp_path / "department.png"))


def test_a_spreadsheet_is_previewed_its_problems_listed_and_a_good_one_imported(
    qtbot: object, province: Database, tmp_path: Path
) -> None:
    window = open_window(qtbot, province, STAFF)
    dialog: ImportRecordsDialog = window.open_import()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Họ và tên", "Ngày sinh", "Giới tính", "Môn"])
    sheet.append(["Mai Văn Mới", "01/02/2008", "Nam", "Bóng gậy"])
    book.save(tmp_path / "moi.xlsx")
    dialog.check(tmp_path / "moi.xlsx")
    window.settle()
    assert "'Bóng gậy' is not a sport" in dialog.preview.toPlainText()
    assert not dialog.import_button.isEnabled()  # type: ignore[union-attr]

    sheet["D2"] = "Cầu lông"
    book.save(tmp_path / "moi.xlsx")
    dialog.check(tmp_path / "moi.xlsx")
    window.settle()
    assert "1 to add" in dialog.preview.toPlainText() or "thêm 1" in dialog.preview.toPlainText()
    assert dialog.import_button.isEnabled()  # type: ignore[union-attr]
    dialog.import_button.click()  # type: ignore[union-attr]
    window.settle()
    assert "+1" in window.statusBar().currentMessage()  # type: ignore[union-attr]


def test_a_new_departments_empty_tables_say_how_their_rows_come_in(qtbot: object, tmp_path: Path) -> None:
    window = open_window(qtbot, Database(f"sqlite:///{tmp_path / 'new.sqlite'}"), STAFF)
    assert window.squads.rowCount() == 0
    assert window.squads.hint_shown() == (
        "No squad has athletes yet: Records › Import a spreadsheet… brings in a roster."
    )
    assert "brings in results" in window.competitions.hint_shown()
    assert "camp days" in window.pay.hint_shown()
    assert window.grab().save(str(tmp_path / "empty.png"))  # the hint painted over the empty table


def test_a_department_with_squads_shows_no_hint(qtbot: object, province: Database) -> None:
    window = open_window(qtbot, province, STAFF)
    assert window.squads.rowCount() > 0 and window.squads.hint_shown() == ""


def test_the_months_pay_table_written_and_signed_from_the_window(
    qtbot: object, province: Database, tmp_path: Path
) -> None:
    ca = make_throwaway_ca(tmp_path / "ca")
    window = open_window(qtbot, province, STAFF)
    signing = Signing(PKCS12Key(ca.signer, passphrase=PASSPHRASE), PKCS12Key(ca.seal, passphrase=PASSPHRASE))
    window.model.write_pay(tmp_path / "luong.pdf", signing)
    window.settle(60)
    assert "luong.pdf" in window.statusBar().currentMessage()  # type: ignore[union-attr]
    checks = verify_pdf(tmp_path / "luong.pdf", ca.root)
    assert [c.good for c in checks] == [True, True]


def test_an_analyst_sees_the_indicators_but_no_names_and_no_pay(qtbot: object, province: Database) -> None:
    window = open_window(qtbot, province, Actor("thongke", "analyst"))
    for tab in (window.squads_tab, window.results_tab, window.pay_tab):
        assert not window.tabs.isTabVisible(tab)
    assert window.results.rowCount() == 0 and window.model.results == []  # no names were even read
    assert not window.pay_action.isVisible()  # type: ignore[union-attr]
    assert window.indicator_table.rowCount() > 5


def test_a_department_window_being_collected_is_not_asked_to_speak_another_language(
    qtbot: object, province: Database
) -> None:
    window = open_window(qtbot, province, Actor("thongke", "analyst"))
    change_language_while_taken_apart(window)
    assert window.indicator_table.rowCount() > 5
