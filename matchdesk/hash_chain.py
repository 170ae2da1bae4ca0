"""What matchdesk's two hash-chained logs share (a match's review log, the athletes' access log):
the one JSON spelling that is stored and hashed, and the words for entries removed from a chain."""

from __future__ import annotations

import json
from typing import Any


def canonical(value: Any) -> str:
    """The one JSON spelling of ``value`` that hashes are computed over."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entries_removed(expected: int, found: int) -> str:
    """Entry ``found`` where entry ``expected`` should be: the entries between were removed."""
    gone = f"entry {expected}" if found == expected + 1 else f"entries {expected}-{found - 1}"
    return f"{gone} removed (entry {found} follows entry {expected - 1})"
