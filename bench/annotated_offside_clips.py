"""The annotated offside clips of ``../shared/clips/offside`` and the acceptance measure's own scorer,
for the benches that measure against them."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared"
CLIPS = SHARED / "clips"


def scorer() -> Any:
    """``../shared/tools/offside_score.py`` as a module: its box, foot, meeting point and errors."""
    spec = importlib.util.spec_from_file_location("offside_score", SHARED / "tools" / "offside_score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def manifest() -> dict[str, dict[str, Any]]:
    """The clips' manifest (key: the clip's path under ``clips``); exits saying so when it is not here."""
    path = CLIPS / "offside" / "manifest.json"
    if not path.is_file():
        sys.exit(f"{path}: not here (the annotated clips live in ../shared); nothing to measure")
    return dict(json.loads(path.read_text()))


AnnotatedClip = tuple[Path, dict[str, Any], dict[int, Any]]  # the clip, its manifest entry, its frames


def annotated_clips(names: Sequence[str] = ()) -> Iterator[AnnotatedClip]:
    """Each clip of the manifest (those named in ``names``, or all): its path, its manifest entry and
    its annotation's frames by display index (annotated frame k is display index k - 1). A name the
    manifest does not list stops the bench at once, saying so."""
    listed = manifest()
    unknown = sorted(set(names) - {Path(key).name for key in listed})
    if unknown:
        sys.exit(f"not in {CLIPS / 'offside' / 'manifest.json'}: {', '.join(unknown)}")
    chosen = {key: spec for key, spec in listed.items() if not names or Path(key).name in names}
    return _with_annotations(chosen)


def _with_annotations(chosen: dict[str, dict[str, Any]]) -> Iterator[AnnotatedClip]:
    score = scorer()
    for key, spec in chosen.items():
        clip = CLIPS / key
        annotation = json.loads(score.annotation_path(clip, spec).read_text())
        yield clip, spec, {entry["frame"] - 1: entry for entry in annotation["frames"]}
