"""Angles of a recording lined up by the capture clock: no sound, no motion, no button."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from var.capture.recording import Recording, capture_seconds_of_frames, is_recording, open_recording
from var.media.index import build_frame_index
from var.sync import AngleOffset


def clock_offsets(recording: Recording) -> list[AngleOffset]:
    """Each angle's offset against the first, in the first angle's frames, from when frames were filmed.

    The offset is the reference frame showing the same moment as the angle's frame 0 (as for
    :func:`var.sync.sync_angles`).
    """
    reference = recording.angles[0]
    indexed = build_frame_index(reference.video)
    frame_rate = Fraction(indexed[1].frame_rate)
    reference_start = float(capture_seconds_of_frames(reference, indexed)[0])
    offsets = [AngleOffset(reference.folder, 0, 0.0, "clock", 1.0)]
    for angle in recording.angles[1:]:
        seconds = float(capture_seconds_of_frames(angle)[0]) - reference_start
        offsets.append(AngleOffset(angle.folder, round(seconds * float(frame_rate)), seconds, "clock", 1.0))
    return offsets


def angles_of_recording(paths: list[Path]) -> tuple[list[Path], list[AngleOffset]] | None:
    """When ``paths`` is one recording folder: its angles, and their offsets by the capture clock."""
    if len(paths) != 1 or not is_recording(paths[0]):
        return None
    recording = open_recording(paths[0])
    return [angle.folder for angle in recording.angles], clock_offsets(recording)
