"""The one exception type the command line turns into a one-line message."""

from __future__ import annotations

from pathlib import Path


class MatchdeskError(Exception):
    """A problem the user can act on: bad input, a missing file, an impossible request.

    Args:
        problem: what is wrong, in words a referee or coach understands.
        path: the file concerned, named first in the message when given.
    """

    exit_status = 2  # what the command line exits with

    def __init__(self, problem: str, path: str | Path | None = None) -> None:
        self.problem = problem
        self.path = Path(path) if path is not None else None
        super().__init__(f"{self.path}: {problem}" if self.path is not None else problem)


class Refused(MatchdeskError):
    """Something the rules do not allow (a review request over the quota, say): exit status 3."""

    exit_status = 3
