"""Ultralytics talks on standard output; matchdesk keeps standard output for results (``--json``)."""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator


def ultralytics_to_stderr() -> None:
    """Send Ultralytics' log lines to standard error (its handler writes to standard output)."""
    from ultralytics.utils import LOGGER

    for handler in LOGGER.handlers:
        if isinstance(handler, logging.StreamHandler) and handler.stream is sys.__stdout__:
            handler.setStream(sys.stderr)


@contextlib.contextmanager
def nothing_on_stdout() -> Iterator[None]:
    """While exporting: what the exporters print goes to standard error too."""
    ultralytics_to_stderr()
    with contextlib.redirect_stdout(sys.stderr):
        yield
