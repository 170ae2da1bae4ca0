"""The indicators as the province's reporting system takes them (Excel, one sheet per form, in the
form's layout) and as the department prints them (PDF, Vietnamese or English), with a year-on-year
chart of medals and graded athletes."""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import xlsxwriter

from athletes.department.forms import HEADINGS, Form
from athletes.signing.room import keep_room_for_signatures
from var.report import vietnamese_pdf

logger = logging.getLogger(__name__)

TEXT = {
    "vi": {
        "form": "Biểu số",
        "unit": "Đơn vị báo cáo",
        "receiver": "Đơn vị nhận báo cáo",
        "period": "Kỳ báo cáo",
        "suppressed": "<5: nhóm dưới 5 người không hiển thị (bảo vệ dữ liệu cá nhân, Luật 91/2025/QH15).",
        "made_by": "Người lập biểu",
        "head": "Thủ trưởng đơn vị",
        "made": "Lập ngày",
        "chart": "Huy chương và vận động viên được phong đẳng cấp qua các năm",
        "international": "Huy chương quốc tế (chính thức)",
        "national": "Huy chương toàn quốc",
        "graded": "VĐV được phong đẳng cấp",
        "year": "Năm",
        "title": "Báo cáo thống kê thể thao thành tích cao",
    },
    "en": {
        "form": "Form",
        "unit": "Reporting unit",
        "receiver": "Receiving unit",
        "period": "Period",
        "suppressed": "<5: groups of fewer than 5 people are not shown (personal data protection).",
        "made_by": "Prepared by",
        "head": "Head of unit",
        "made": "Made on",
        "chart": "Medals and graded athletes year on year",
        "international": "International medals (official)",
        "national": "National medals",
        "graded": "Athletes graded",
        "year": "Year",
        "title": "High-performance sport statistics",
    },
}


@dataclass(frozen=True)
class YearFigures:
    year: int
    international_medals: int
    national_medals: int
    graded_athletes: int


@dataclass(frozen=True)
class Heading:
    unit: str  # the department sending it
    receiver: str  # the body it goes to
    period: str  # in words


def year_chart(years: list[YearFigures], language: str) -> bytes:
    """A bar chart (PNG) of medals and graded athletes for each year."""
    w = TEXT[language]
    figure, axes = plt.subplots(figsize=(7.5, 3.4), dpi=150)
    labels = [str(y.year) for y in years]
    series = (
        (w["international"], [y.international_medals for y in years], "#c8102e"),
        (w["national"], [y.national_medals for y in years], "#f2a900"),
        (w["graded"], [y.graded_athletes for y in years], "#1f5fa8"),
    )
    width = 0.27
    for number, (name, values, colour) in enumerate(series):
        positions = [i + (number - 1) * width for i in range(len(years))]
        bars = axes.bar(positions, values, width, label=name, color=colour)
        axes.bar_label(bars, fontsize=7)
    axes.set_xticks(range(len(years)), labels)
    axes.set_xlabel(w["year"])
    axes.set_title(w["chart"], fontsize=10)
    axes.legend(fontsize=7, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    plt.close(figure)
    return buffer.getvalue()


def write_forms_excel(forms: list[Form], heading: Heading, chart: bytes, target: Path, language: str) -> None:
    """One sheet per form, as the circular lays it out: code, unit and period above; columns A, B,
    1, 2...; the rows' codes; the chart on a sheet of its own."""
    w = TEXT[language]
    book = xlsxwriter.Workbook(str(target))
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True})
    centred = book.add_format({"align": "center", "italic": True})
    header = book.add_format(
        {"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}
    )
    numbered = book.add_format({"italic": True, "border": 1, "align": "center"})
    cells = [book.add_format({"border": 1, "indent": depth, "bold": depth < 2}) for depth in range(3)]
    figures = [book.add_format({"border": 1, "bold": depth < 2, "align": "right"}) for depth in range(3)]
    for form in forms:
        sheet = book.add_worksheet(form.code[:31])
        last = 1 + len(form.columns)
        sheet.set_column(0, 0, 46)
        sheet.set_column(1, 1, 8)
        sheet.set_column(2, last, 12)
        sheet.write(0, 0, f"{w['form']}: {form.code}", bold)
        sheet.write(0, last - 1, f"{w['unit']}: {heading.unit}")
        sheet.write(1, last - 1, f"{w['receiver']}: {heading.receiver}")
        sheet.merge_range(3, 0, 3, last, form.title.upper() if language == "vi" else form.title, title)
        sheet.set_row(3, 34)
        sheet.merge_range(4, 0, 4, last, f"{w['period']}: {heading.period}", centred)
        names = [HEADINGS[language]["indicator"], HEADINGS[language]["code"], *form.columns]
        for column, name in enumerate(names):
            sheet.write(6, column, name, header)
            sheet.write(7, column, "A" if column == 0 else "B" if column == 1 else str(column - 1), numbered)
        for number, row in enumerate(form.rows, start=8):
            sheet.write(number, 0, row.label, cells[row.depth])
            sheet.write_string(number, 1, row.code, cells[2])
            for column, value in enumerate(row.values, start=2):
                sheet.write(number, column, value, figures[row.depth])
        end = 8 + len(form.rows)
        sheet.write(end + 1, 0, w["suppressed"])
        sheet.write(end + 3, 0, w["made_by"], bold)
        sheet.write(end + 3, last - 1, f"{w['made']} {date.today():%d/%m/%Y}")
        sheet.write(end + 4, last - 1, w["head"], bold)
    chart_sheet = book.add_worksheet(w["year"] if language == "en" else "Biểu đồ")
    chart_sheet.insert_image(1, 1, "chart.png", {"image_data": io.BytesIO(chart)})
    book.close()


def write_forms_pdf(forms: list[Form], heading: Heading, chart: bytes, target: Path, language: str) -> None:
    """The forms, one after the other, and the chart; room left at the foot of the last page for
    the signatures' visible blocks."""
    w = TEXT[language]
    pdf = vietnamese_pdf(w["title"])
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 8, w["title"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    for line in (f"{w['unit']}: {heading.unit}", f"{w['receiver']}: {heading.receiver}",
                 f"{w['period']}: {heading.period}", f"{w['made']}: {date.today():%d/%m/%Y}"):  # fmt: skip
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    for form in forms:
        pdf.ln(4)
        pdf.set_font("DejaVu", "B", 10)
        pdf.multi_cell(0, 6, f"{w['form']} {form.code}: {form.title}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 8)
        widths = (70, 16, *([int((pdf.epw - 86) / len(form.columns))] * len(form.columns)))
        with pdf.table(
            col_widths=widths, text_align=("LEFT", "CENTER", *["RIGHT"] * len(form.columns))
        ) as grid:
            grid.row([HEADINGS[language]["indicator"], HEADINGS[language]["code"], *form.columns])
            grid.row(["A", "B", *(str(n) for n in range(1, len(form.columns) + 1))])
            for row in form.rows:
                grid.row(["  " * row.depth + row.label, row.code, *(str(v) for v in row.values)])
    pdf.ln(2)
    pdf.set_font("DejaVu", "", 7)
    pdf.multi_cell(0, 4, w["suppressed"], new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.image(io.BytesIO(chart), w=pdf.epw)
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 9)
    pdf.cell(pdf.epw / 2, 5, w["made_by"], align="C")
    pdf.cell(pdf.epw / 2, 5, w["head"], align="C", new_x="LMARGIN", new_y="NEXT")
    keep_room_for_signatures(pdf)
    pdf.output(str(target))
