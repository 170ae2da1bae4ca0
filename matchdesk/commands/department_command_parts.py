"""What the department's record commands share: dates as people write them, the keeper's check, rows
printed for people or scripts, and a change committed with its access-log entry."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from matchdesk.commands.athletes_session import signed_in_database, write_result

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from athletes.access.actor import Actor


def day(text: str) -> date:
    from athletes.department.spreadsheet_values import parse_day

    return parse_day(text, "date")


@dataclass
class Registrar:
    """Adds ``matchdesk athletes GROUP ACTION`` commands, each with the athletes commands' options."""

    actions: Any
    common: argparse.ArgumentParser

    def group(self, name: str, help_text: str) -> Any:
        parser = self.actions.add_parser(name, help=help_text)
        return parser.add_subparsers(dest=f"{name}_action", metavar="ACTION", required=True)

    def action(
        self, parent: Any, name: str, handler: Callable[[argparse.Namespace], int], help_text: str
    ) -> Any:
        parser = parent.add_parser(name, parents=[self.common], help=help_text)
        parser.set_defaults(handler=handler)
        return parser


def keeping(arguments: argparse.Namespace, doing: str) -> tuple[Any, Actor]:
    from athletes.department.keeping import require_keeper

    database, actor = signed_in_database(arguments)
    require_keeper(actor, doing)
    return database, actor


def listing(
    arguments: argparse.Namespace,
    doing: str | None,
    fetch: Callable[[Session], list[dict[str, Any]]],
    line: Callable[[dict[str, Any]], str],
) -> int:
    """Rows as JSON (--json) or a line each; ``doing`` names what only keepers may (None: anyone)."""
    database, _ = keeping(arguments, doing) if doing else signed_in_database(arguments)
    with database.session() as session:
        rows = fetch(session)
    write_result(rows, arguments.json, "\n".join(line(r) for r in rows))
    return 0


def commit(session: Session, actor: Actor, what: str, athlete_ids: list[int], detail: dict[str, Any]) -> None:
    from athletes.access.access_log import log_access

    log_access(session, actor, "change", athlete_ids, {"record": what, **detail})
    session.commit()
