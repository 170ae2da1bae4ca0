"""The ``matchdesk`` command: every capability, reachable headless from a shell or a script."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from matchdesk import __version__
from matchdesk.commands import (
    athletes_commands,
    capture_commands,
    media_commands,
    offside_commands,
    photofinish_commands,
    review_commands,
    sample_commands,
    session_commands,
    signing_commands,
    sports_commands,
    tracking_commands,
    var_commands,
)
from matchdesk.errors import MatchdeskError, Refused
from matchdesk.logs import setup_logging

logger = logging.getLogger(__name__)

EXIT_USER_ERROR = 2
EXIT_INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="matchdesk",
        description="Sports video review (VAR) and athlete monitoring.",
    )
    parser.add_argument("--version", action="version", version=f"matchdesk {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens in detail")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    media_commands.register(commands)
    capture_commands.register(commands)
    review_commands.register(commands)
    var_commands.register(commands)
    sports_commands.register(commands)
    offside_commands.register(commands)
    photofinish_commands.register(commands)
    tracking_commands.register(commands)
    sample_commands.register(commands)
    athletes_commands.register(commands)
    session_commands.register(commands)
    signing_commands.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; a user-facing problem becomes one line on stderr and exit status 2 (3: refused)."""
    parser = build_parser()
    arguments = parser.parse_args(argv)
    setup_logging(arguments.verbose)
    try:
        result: int = arguments.handler(arguments)
        return result
    except Refused as error:
        sys.stderr.write(f"matchdesk {arguments.command}: {error.problem}\n")
        return error.exit_status
    except MatchdeskError as error:
        sys.stderr.write(f"matchdesk {arguments.command}: error: {error}\n")
        return error.exit_status
    except KeyboardInterrupt:
        sys.stderr.write(f"matchdesk {arguments.command}: interrupted\n")
        return EXIT_INTERRUPTED
    except Exception as error:
        # The department's database refusing a login what its role may not touch (row-level security,
        # privileges): one line, as the app's own refusals.
        refused = ("permission denied", "row-level security")
        if type(error).__module__.startswith("sqlalchemy") and any(r in str(error) for r in refused):
            first = str(getattr(error, "orig", error)).splitlines()[0]
            sys.stderr.write(f"matchdesk {arguments.command}: refused by the database: {first}\n")
            return EXIT_USER_ERROR
        raise


if __name__ == "__main__":
    sys.exit(main())
