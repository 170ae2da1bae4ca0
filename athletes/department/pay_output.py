"""The month's pay table written for the accountant (Excel) or to sign (PDF): squad by squad, with
each squad's subtotal and the month's total, in đồng. Only admins and the department make it."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pandas as pd
import xlsxwriter

from athletes.access.access_log import log_access
from athletes.access.actor import Actor
from athletes.database import Database
from athletes.department.keeping import require_keeper
from athletes.department.pay import PayTable, pay_table
from athletes.department.vocabulary import PAY_STATUSES, SQUAD_LEVELS, SQUAD_LEVELS_EN
from athletes.signing.room import keep_room_for_signatures
from matchdesk.errors import MatchdeskError
from matchdesk.whole_files import written_whole
from var.report import vietnamese_pdf

logger = logging.getLogger(__name__)

HEADERS = {
    "vi": ("STT", "Họ và tên", "Hưởng", "Ngày tập", "Ngày thi đấu", "Tiền công/ngày", "Tiền công",
           "Dinh dưỡng tập/ngày", "Dinh dưỡng tập", "Dinh dưỡng thi đấu/ngày", "Dinh dưỡng thi đấu", "Cộng"),
    "en": ("No.", "Name", "Paid", "Training days", "Competition days", "Day pay rate", "Day pay",
           "Training nutrition rate", "Training nutrition", "Competition nutrition rate",
           "Competition nutrition", "Total"),
}  # fmt: skip
WORDS = {
    "vi": {"title": "Bảng thanh toán tiền công và chế độ dinh dưỡng vận động viên", "month": "Tháng",
           "subtotal": "Cộng đội", "total": "Tổng cộng", "unit": "đồng",
           "unplaced": "Có ngày tập nhưng không thuộc đội nào (chưa thanh toán)",
           "sources": "Định mức theo", "made_by": "Người lập bảng", "accountant": "Kế toán trưởng",
           "head": "Thủ trưởng đơn vị", "salary": "lương", "daily": "tiền công"},
    "en": {"title": "Athletes' day pay and nutrition", "month": "Month", "subtotal": "Squad total",
           "total": "Total", "unit": "VND", "unplaced": "Days recorded but on no squad (not paid here)",
           "sources": "Rates from", "made_by": "Prepared by", "accountant": "Chief accountant",
           "head": "Head of unit", "salary": "salary", "daily": "per day"},
}  # fmt: skip
MONEY = ("daily_pay_rate", "daily_pay", "nutrition_training_rate", "nutrition_training",
         "nutrition_competition_rate", "nutrition_competition", "total")  # fmt: skip
SUMMED = (
    "training_days",
    "competition_days",
    "daily_pay",
    "nutrition_training",
    "nutrition_competition",
    "total",
)


def write_pay_table(
    database: Database, actor: Actor, month: date, target: Path, language: str = "vi"
) -> Path:
    require_keeper(actor, "see the pay table")
    suffix = target.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise MatchdeskError("the pay table is written as .xlsx or .pdf", target)
    with database.session() as session:
        table = pay_table(session, month)
        log_access(session, actor, "export", [], {"kind": "pay", "month": f"{month:%Y-%m}"})
        session.commit()
    target.parent.mkdir(parents=True, exist_ok=True)
    lines = _lines(table, language)
    with written_whole(target) as partial:
        (_excel if suffix == ".xlsx" else _pdf)(table, lines, partial, language)
    return target


def _lines(table: PayTable, language: str) -> list[tuple[str, list[object]]]:
    """("row" | "squad" | "subtotal" | "total", cells) in the order printed."""
    w, levels = WORDS[language], SQUAD_LEVELS if language == "vi" else SQUAD_LEVELS_EN
    lines: list[tuple[str, list[object]]] = []
    number = 0
    for squad, rows in table.rows.groupby("squad", sort=False):
        lines.append(("squad", [f"{squad} ({levels[rows['level'].iloc[0]]})"]))
        for row in rows.itertuples(index=False):
            number += 1
            status = w[row.pay_status] if row.pay_status in PAY_STATUSES else row.pay_status
            lines.append(("row", [number, row.athlete, status, *(getattr(row, c) for c in (
                "training_days", "competition_days", *MONEY))]))  # fmt: skip
        lines.append(("subtotal", _sums(rows, w["subtotal"])))
    lines.append(("total", _sums(table.rows, w["total"])))
    return lines


def _sums(rows: pd.DataFrame, label: str) -> list[object]:
    sums = {c: int(rows[c].sum()) for c in SUMMED}
    return ["", label, "", sums["training_days"], sums["competition_days"], "", sums["daily_pay"], "",
            sums["nutrition_training"], "", sums["nutrition_competition"], sums["total"]]  # fmt: skip


def _excel(table: PayTable, lines: list[tuple[str, list[object]]], target: Path, language: str) -> None:
    w = WORDS[language]
    book = xlsxwriter.Workbook(str(target))
    sheet = book.add_worksheet(f"{table.month:%Y-%m}")
    bold = book.add_format({"bold": True})
    header = book.add_format(
        {"bold": True, "border": 1, "text_wrap": True, "align": "center", "valign": "vcenter"}
    )
    money = book.add_format({"num_format": "#,##0", "border": 1})
    plain = book.add_format({"border": 1})
    strong = book.add_format({"num_format": "#,##0", "border": 1, "bold": True})
    sheet.write(0, 0, f"{w['title']} — {w['month']} {table.month:%m/%Y} ({w['unit']})", bold)
    sheet.set_column(1, 1, 28)
    sheet.set_column(2, 11, 14)
    for column, name in enumerate(HEADERS[language]):
        sheet.write(2, column, name, header)
    for number, (kind, cells) in enumerate(lines, start=3):
        for column, value in enumerate(cells):
            style = strong if kind in ("subtotal", "total", "squad") else money if column >= 3 else plain
            sheet.write(number, column, value, style)
    end = 3 + len(lines) + 1
    if table.unplaced:
        sheet.write(end, 0, f"{w['unplaced']}: {', '.join(table.unplaced)}")
        end += 1
    sheet.write(end, 0, f"{w['sources']}: {'; '.join(table.rate_sources)}")
    for column, role in ((1, "made_by"), (5, "accountant"), (9, "head")):
        sheet.write(end + 2, column, w[role], bold)
    book.close()


def _pdf(table: PayTable, lines: list[tuple[str, list[object]]], target: Path, language: str) -> None:
    w = WORDS[language]
    pdf = vietnamese_pdf(w["title"])
    pdf.set_font("DejaVu", "B", 12)
    pdf.multi_cell(0, 7, w["title"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, f"{w['month']} {table.month:%m/%Y} ({w['unit']})", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 6)
    widths = (7, 30, 12, 10, 10, 14, 16, 14, 16, 14, 16, 17)
    with pdf.table(col_widths=widths, text_align=("LEFT", "LEFT", "LEFT", *["RIGHT"] * 9)) as grid:
        grid.row(list(HEADERS[language]))
        for kind, cells in lines:
            if kind == "squad":
                grid.row().cell(str(cells[0]), colspan=len(widths))
                continue
            grid.row([f"{v:,}".replace(",", ".") if isinstance(v, int) and i >= 3 else str(v)
                      for i, v in enumerate(cells)])  # fmt: skip
    pdf.set_font("DejaVu", "", 8)
    if table.unplaced:
        pdf.multi_cell(0, 5, f"{w['unplaced']}: {', '.join(table.unplaced)}", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 5, f"{w['sources']}: {'; '.join(table.rate_sources)}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 9)
    for role in ("made_by", "accountant", "head"):
        pdf.cell(pdf.epw / 3, 5, w[role], align="C")
    pdf.ln(5)
    keep_room_for_signatures(pdf)
    pdf.output(str(target))
