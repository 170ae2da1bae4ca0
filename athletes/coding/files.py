"""A session's coded events in and out of files another tool reads: Sportscode timelines (.xml) and
tables (.csv), chosen by the file's ending (the command line and the code window both use these)."""

from __future__ import annotations

from pathlib import Path

from athletes.coding.events import CodeButton, CodedEvent, CodeTimeline
from athletes.coding.sportscode import read_sportscode, write_sportscode
from athletes.coding.table import read_csv, write_csv
from matchdesk.errors import MatchdeskError


def read_events(path: Path) -> tuple[list[CodedEvent], list[CodeButton]]:
    """The events in ``path`` (.xml or .csv), with the code buttons a Sportscode timeline gives.

    Raises:
        MatchdeskError: no such file, another kind of file, or one that cannot be read (named).
    """
    if not path.is_file():
        raise MatchdeskError("file not found", path)
    suffix = path.suffix.lower()
    if suffix == ".xml":
        return read_sportscode(path)
    if suffix == ".csv":
        return read_csv(path), []
    raise MatchdeskError("give a Sportscode timeline (.xml) or a CSV (.csv)", path)


def write_events(path: Path, timeline: CodeTimeline) -> None:
    """``timeline``'s events (and, in a Sportscode timeline, its buttons' colours) to ``path``.

    Raises:
        MatchdeskError: ``path`` ends neither in .xml nor in .csv.
    """
    suffix = path.suffix.lower()
    if suffix == ".xml":
        write_sportscode(path, timeline.events, timeline.buttons)
    elif suffix == ".csv":
        write_csv(path, timeline.events)
    else:
        raise MatchdeskError("export to a Sportscode timeline (.xml) or a CSV (.csv)", path)
