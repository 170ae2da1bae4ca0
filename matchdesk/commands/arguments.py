"""Values typed on the command line, read the same way by every command."""

from __future__ import annotations

from matchdesk.errors import MatchdeskError


def parse_point(text: str) -> tuple[float, float]:
    """``X,Y`` in pixels."""
    try:
        x, y = (float(part) for part in text.split(","))
    except ValueError as error:
        raise MatchdeskError(f"a point is X,Y in pixels, not {text!r}") from error
    return x, y
