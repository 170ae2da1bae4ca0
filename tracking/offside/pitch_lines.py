"""The pitch's lines in a picture, of two kinds: parallel to the goal line and to the touchline.

The white markings' segments (a top-hat of the brightness finds them however faint) are sorted by
the vanishing point each kind meets at, the goal line's found by :func:`find_vanishing_point`, the
touchline's by sampling pairs of the others, and the segments of one marking are merged into its
line.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from tracking.offside.vanishing import PitchView, VanishingPoint, degrees_off, most_pointed_at, segment_lines

FloatArray = npt.NDArray[np.float64]

MIN_MARKING_PX = 25.0  # at the working width
SAME_LINE_PX = 6.0  # two segments this close to one line (at their ends) are one marking
AGREE_DEGREES = 1.5
MOST_LINES = 5  # of each kind, the best supported


def marking_segments(view: PitchView) -> FloatArray:
    """Segments of the white markings on the pitch, (n, 4) in working pixels."""
    lines = view.field.markings
    found = cv2.createLineSegmentDetector().detect(np.where(lines, 255, 0).astype(np.uint8))[0]
    segments = np.zeros((0, 4)) if found is None else found.reshape(-1, 4).astype(np.float64)
    lengths = np.hypot(segments[:, 2] - segments[:, 0], segments[:, 3] - segments[:, 1])
    return np.asarray(segments[lengths >= MIN_MARKING_PX], dtype=np.float64)


def lines_in_view(view: PitchView, towards_goal_line: VanishingPoint) -> PitchLines:
    """The markings' segments of ``view`` and its lines of each kind (:func:`lines_of_each_kind`),
    the goal line's through ``towards_goal_line``; worked out once per view and direction (the pitch
    finder and the goal line's corner both read them)."""
    key = ("lines", towards_goal_line.homogeneous)
    if key not in view.worked_out:
        segments = marking_segments(view)
        across = np.array(towards_goal_line.homogeneous) * np.array([view.scale, view.scale, 1.0])
        view.worked_out[key] = PitchLines(segments, *lines_of_each_kind(segments, across))
    found: PitchLines = view.worked_out[key]
    return found


@dataclass(frozen=True)
class PitchLines:
    """A picture's marking segments and its lines of each kind, in working pixels."""

    segments: FloatArray  # (n, 4)
    across: list[FloatArray]  # parallel to the goal line (homogeneous, unit normal)
    along: list[FloatArray]  # parallel to the touchline


def lines_of_each_kind(segments: FloatArray, across: FloatArray) -> tuple[list[FloatArray], list[FloatArray]]:
    """The picture's lines parallel to the goal line (through ``across``) and to the touchline
    (through the point the other segments meet at), each merged from its segments."""
    towards_goal_line = degrees_off(segments, across) <= AGREE_DEGREES
    across_lines = _merged(segments[towards_goal_line])
    rest = segments[~towards_goal_line]
    # a pair of segments of one marking points along it only: the kind needs two lines
    along = most_pointed_at(rest, AGREE_DEGREES, lambda agree: len(_merged(rest[agree])) >= 2, seed=11)
    if along is None:
        return across_lines, []
    return across_lines, _merged(rest[degrees_off(rest, along) <= AGREE_DEGREES])


def _merged(segments: FloatArray) -> list[FloatArray]:
    """Segments of one marking merged into its line (homogeneous, unit normal), the best supported
    first, at most ``MOST_LINES``."""
    lengths = np.hypot(segments[:, 2] - segments[:, 0], segments[:, 3] - segments[:, 1])
    order = np.argsort(-lengths)
    taken = np.zeros(len(segments), bool)
    lines: list[tuple[float, FloatArray]] = []
    own_lines = segment_lines(segments)
    starts, ends = (np.c_[segments[:, k : k + 2], np.ones(len(segments))] for k in (0, 2))
    for i in order:
        if taken[i]:
            continue
        line = own_lines[i]
        near = (np.abs(starts @ line) <= SAME_LINE_PX) & (np.abs(ends @ line) <= SAME_LINE_PX) & ~taken
        taken |= near
        points = np.r_[segments[near, :2], segments[near, 2:]]
        weights = np.r_[lengths[near], lengths[near]]
        lines.append((float(lengths[near].sum()), _fit_line(points, weights)))
    lines.sort(key=lambda found: -found[0])
    return [line for _, line in lines[:MOST_LINES]]


def _fit_line(points: FloatArray, weights: FloatArray) -> FloatArray:
    middle = np.average(points, axis=0, weights=weights)
    spread = ((points - middle) * weights[:, None]).T @ (points - middle)
    _, vectors = np.linalg.eigh(spread)
    normal = vectors[:, 0]
    return np.array([normal[0], normal[1], -normal @ middle])
