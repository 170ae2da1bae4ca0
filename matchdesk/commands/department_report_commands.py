"""``matchdesk athletes indicators|pay|import-records``: the sector's indicators and the month's pay
table (signed when asked), and the department's spreadsheets imported whole or not at all."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from matchdesk.commands.athletes_session import signed_in_database
from matchdesk.commands.signing_commands import check_signing, sign_written, signing_options
from matchdesk.errors import MatchdeskError


def register_department_reports(actions: Any, common: argparse.ArgumentParser) -> None:
    signing = signing_options()
    indicators = actions.add_parser(
        "indicators", parents=[common, signing], help="the sector's indicators for a year (Excel form or PDF)"
    )
    indicators.add_argument("--year", type=int, required=True)
    indicators.add_argument("--period", help="H1, H2, Q1-Q4 or a month 1-12 (default: the whole year)")
    indicators.add_argument(
        "--out", type=Path, required=True, help="FILE.xlsx (the reporting system) or FILE.pdf"
    )
    indicators.add_argument("--language", choices=["vi", "en"], default="vi")
    indicators.add_argument("--unit", help="the reporting unit's name (default: Sở Văn hóa và Thể thao)")
    indicators.add_argument("--receiver", help="the receiving unit's name")
    indicators.set_defaults(handler=run_indicators)

    pay = actions.add_parser("pay", parents=[common, signing], help="the month's pay table (days x rates)")
    pay.add_argument("--month", required=True, help="YYYY-MM")
    pay.add_argument("--out", type=Path, required=True, help="FILE.xlsx or FILE.pdf")
    pay.add_argument("--language", choices=["vi", "en"], default="vi")
    pay.set_defaults(handler=run_pay)

    window = actions.add_parser("department", parents=[common], help="the department's records window")
    window.add_argument(
        "--lang", choices=["vi", "en"], help="interface language (default: the saved setting)"
    )
    window.add_argument("--tab", choices=["squads", "results", "pay", "indicators"], help="the tab to show")
    window.add_argument(
        "--screenshot", type=Path, metavar="PNG", help="save a picture of the window and exit"
    )
    window.set_defaults(handler=run_window)

    records = actions.add_parser(
        "import-records", parents=[common], help="import rosters, results or camp days from Excel/CSV"
    )
    records.add_argument("file", type=Path)
    records.add_argument("--kind", choices=["roster", "results", "camps"], required=True)
    records.add_argument("--dry-run", action="store_true", help="check and preview; store nothing")
    records.add_argument("--sheet", help="the workbook's sheet (default: the first)")
    records.add_argument("--map", action="append", default=[], metavar="HEADER=FIELD",
                         help="map a column the names do not (e.g. 'Tên VĐV=name')")  # fmt: skip
    records.add_argument("--json", action="store_true")
    records.set_defaults(handler=run_import_records)


def _finish(arguments: argparse.Namespace, target: Path) -> int:
    for line in sign_written(arguments, target, arguments.language):
        sys.stdout.write(line + "\n")
    sys.stdout.write(f"{target}\n")
    return 0


def run_indicators(arguments: argparse.Namespace) -> int:
    from athletes.department.periods import period_of
    from athletes.department.statistics_report import write_indicators

    check_signing(arguments, arguments.out)
    database, actor = signed_in_database(arguments)
    period = period_of(arguments.year, arguments.period)
    write_indicators(
        database, actor, period, arguments.out, arguments.language, arguments.unit, arguments.receiver
    )
    return _finish(arguments, arguments.out)


def run_pay(arguments: argparse.Namespace) -> int:
    from athletes.department.keeping import first_of_month
    from athletes.department.pay_output import write_pay_table

    check_signing(arguments, arguments.out)
    database, actor = signed_in_database(arguments)
    write_pay_table(database, actor, first_of_month(arguments.month), arguments.out, arguments.language)
    return _finish(arguments, arguments.out)


def run_import_records(arguments: argparse.Namespace) -> int:
    from athletes.department.record_import import import_records

    mapping = {}
    for item in arguments.map:
        header, _, name = item.rpartition("=")
        if not header:
            raise MatchdeskError(f"--map {item!r}: write HEADER=FIELD")
        mapping[header] = name
    database, actor = signed_in_database(arguments)
    report = import_records(
        database, actor, arguments.file, arguments.kind, arguments.dry_run, arguments.sheet, mapping
    )
    if arguments.json:
        sys.stdout.write(json.dumps(asdict(report), ensure_ascii=False, indent=1) + "\n")
        return 0
    columns = ", ".join(f"{header} -> {name}" for name, header in report.mapping.items())
    sys.stdout.write(f"header on row {report.header_row}; columns: {columns}\n")
    if report.unmapped:
        sys.stdout.write(f"columns not imported: {', '.join(report.unmapped)}\n")
    for note in report.notes:
        sys.stdout.write(f"note: {note}\n")
    verb = "would add" if report.dry_run else "added"
    sys.stdout.write(f"{report.rows} rows: {verb} {report.added}, changed {report.changed}, "
                     f"skipped {report.skipped} (already on record)\n")  # fmt: skip
    return 0


def run_window(arguments: argparse.Namespace) -> int:
    from ui.app import run_department  # Qt loads only for the window

    database, actor = signed_in_database(arguments)
    tabs = ["squads", "results", "pay", "indicators"]
    return run_department(
        database, actor, language=arguments.lang, screenshot=arguments.screenshot,
        tab=tabs.index(arguments.tab) if arguments.tab else None,
    )  # fmt: skip
