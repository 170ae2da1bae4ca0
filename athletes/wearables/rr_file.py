"""RR-interval files: a NumPy ``.npy`` array or text with one interval per line (or comma-separated),
in milliseconds or seconds (told apart by size); the recording's start is the file's time unless given."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import numpy as np

from athletes.wearables.recording import Recording
from matchdesk.errors import MatchdeskError


def read_rr(path: Path, start: datetime | None = None) -> Recording:
    try:
        if path.suffix.lower() == ".npy":
            values = np.load(path, allow_pickle=False).astype(np.float64).ravel()
        else:
            text = path.read_text(encoding="utf-8-sig")
            tokens = [t for t in re.split(r"[\s,;]+", text) if t]
            numbers = [float(t) for t in tokens if _is_number(t)]
            if len(numbers) < len(tokens) - 1:  # one header word is fine; more is not an RR file
                raise MatchdeskError("RR file holds words, not intervals", path)
            values = np.array(numbers, dtype=np.float64)
    except (OSError, ValueError) as error:
        raise MatchdeskError(f"not a readable RR file ({error})", path) from error
    if len(values) < 2:
        raise MatchdeskError("RR file has fewer than two intervals", path)
    rr_ms = values * 1000.0 if np.nanmedian(values) < 3.0 else values
    begin = start or datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    seconds = np.concatenate([[0.0], np.cumsum(rr_ms[:-1]) / 1000.0])
    with np.errstate(divide="ignore"):
        hr = 60000.0 / rr_ms
    return Recording(source=path, format="rr", start=begin, seconds=seconds, hr=hr, rr_ms=rr_ms)


def _is_number(token: str) -> bool:
    try:
        float(token)
    except ValueError:
        return False
    return True
