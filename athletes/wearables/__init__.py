"""Wearable files in (FIT, TCX, GPX, CSV, RR intervals) as ``Recording``s; artefacts filtered and counted."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from athletes.wearables.recording import Recording
from matchdesk.errors import MatchdeskError

SUFFIXES = (".fit", ".tcx", ".gpx", ".csv", ".rr", ".txt", ".npy")


def read_recording(
    path: Path, csv_mapping: Mapping[str, str] | None = None, start: datetime | None = None
) -> Recording:
    """The activity in ``path``, by its suffix. ``start`` dates files that carry no date of their own
    (RR intervals, CSV with elapsed seconds). Raises MatchdeskError naming the file and the problem."""
    if not path.is_file():
        raise MatchdeskError("file not found", path)
    suffix = path.suffix.lower()
    if suffix == ".fit":
        from athletes.wearables.fit_file import read_fit

        return read_fit(path)
    if suffix == ".tcx":
        from athletes.wearables.tcx_file import read_tcx

        return read_tcx(path)
    if suffix == ".gpx":
        from athletes.wearables.gpx_file import read_gpx

        return read_gpx(path)
    if suffix == ".csv" and not path.stem.lower().endswith("rr"):
        from athletes.wearables.csv_file import read_csv

        return read_csv(path, csv_mapping, start)
    if suffix in (".rr", ".txt", ".npy", ".csv"):
        from athletes.wearables.rr_file import read_rr

        return read_rr(path, start)
    raise MatchdeskError(f"not a wearable file matchdesk reads (it reads {', '.join(SUFFIXES)})", path)


def wearable_files(paths: list[Path]) -> list[Path]:
    """The files to import: files as given, folders searched (recursively) for wearable files."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()))
        else:
            found.append(path)
    return found


__all__ = ["Recording", "read_recording", "wearable_files"]
