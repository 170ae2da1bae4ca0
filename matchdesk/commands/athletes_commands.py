"""``matchdesk athletes``: records, wearable imports, wellness, tests, the season dashboard, reports and
live logging from the shell. Every command takes ``--db URL`` (default: ``MATCHDESK_DB`` or the SQLite
file in matchdesk's data folder)."""

from __future__ import annotations

import argparse
import os
from typing import Any

from athletes.vocabulary import USER_VARIABLE
from matchdesk.commands.athletes_monitoring_commands import register_monitoring
from matchdesk.commands.athletes_protection_commands import register_protection
from matchdesk.commands.athletes_record_commands import register_records
from matchdesk.commands.department_commands import register_department
from matchdesk.commands.department_report_commands import register_department_reports


def register(commands: Any) -> None:
    athletes = commands.add_parser("athletes", help="athlete records, wearable imports, load, reports")
    actions = athletes.add_subparsers(dest="athletes_command", metavar="ACTION", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", help="database URL (sqlite:///file or postgresql+psycopg://...)")
    common.add_argument(
        "--user",
        default=os.environ.get(USER_VARIABLE),
        help="sign in as LOGIN (password from MATCHDESK_PASSWORD or asked); default MATCHDESK_USER",
    )

    register_records(actions, common)
    register_monitoring(actions, common)
    register_protection(actions, common)
    register_department(actions, common)
    register_department_reports(actions, common)
