"""One logging set-up for every entry point."""

from __future__ import annotations

import logging
import os


def setup_logging(verbose: bool = False) -> None:
    """Send log records to stderr; ``MATCHDESK_LOG`` or ``verbose`` raise the detail."""
    level_name = os.environ.get("MATCHDESK_LOG", "DEBUG" if verbose else "WARNING")
    logging.basicConfig(
        level=getattr(logging, level_name.upper(), logging.WARNING),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
