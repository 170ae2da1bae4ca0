"""Burning a review's marks into exported pictures: drawings, offside lines and a caption.

Shapes with OpenCV; text with Pillow and DejaVu Sans, because OpenCV's fonts have no Vietnamese.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path
from typing import Any

import cv2
import matplotlib
import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFont

from var.drawings import Drawing, DrawingKind

Picture = npt.NDArray[np.uint8]

ATTACKER_COLOUR = (235, 64, 52)
DEFENDER_COLOUR = (40, 130, 255)


def font_path(bold: bool = False) -> Path:
    """DejaVu Sans (it covers every Vietnamese diacritic), as matplotlib ships it."""
    return (
        Path(matplotlib.get_data_path())
        / "fonts"
        / "ttf"
        / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    )


@cache
def _font(size: int, bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(bold)), size)


def draw_text(
    picture: Picture,
    text: str,
    at: tuple[float, float],
    size: int,
    colour: tuple[int, int, int],
    box: bool = False,
    bold: bool = True,
) -> Picture:
    """``picture`` with ``text`` written at ``at`` (top-left), optionally on a dark box."""
    image = Image.fromarray(picture)
    pen = ImageDraw.Draw(image)
    font = _font(size, bold)
    if box:
        left, top, right, bottom = pen.textbbox(at, text, font=font)
        pen.rectangle((left - 6, top - 4, right + 6, bottom + 4), fill=(0, 0, 0))
    pen.text(at, text, font=font, fill=colour)
    return np.asarray(image).copy()


def draw_drawings(picture: Picture, drawings: list[Drawing]) -> Picture:
    """``picture`` with the referee's drawings, scaled to its size."""
    out = picture.copy()
    thickness_scale = max(1.0, out.shape[1] / 960)
    for drawing in drawings:
        colour = tuple(int(c) for c in drawing.colour)
        width = max(1, int(round(drawing.width * thickness_scale)))
        points = [(int(round(x)), int(round(y))) for x, y in drawing.points]
        if drawing.kind is DrawingKind.LINE:
            cv2.line(out, points[0], points[-1], colour, width, cv2.LINE_AA)
        elif drawing.kind is DrawingKind.ARROW:
            length = math.dist(points[0], points[-1]) or 1.0
            cv2.arrowedLine(
                out, points[0], points[-1], colour, width, cv2.LINE_AA, tipLength=min(0.4, 24 / length)
            )
        elif drawing.kind is DrawingKind.CIRCLE:
            cv2.circle(
                out, points[0], int(round(math.dist(points[0], points[1]))), colour, width, cv2.LINE_AA
            )
        elif drawing.kind is DrawingKind.FREEHAND:
            cv2.polylines(out, [np.array(points, dtype=np.int32)], False, colour, width, cv2.LINE_AA)
        elif drawing.kind is DrawingKind.TEXT:
            out = draw_text(out, drawing.text, drawing.points[0], int(28 * thickness_scale), drawing.colour)
    return out


def draw_offside(picture: Picture, analysis: dict[str, Any]) -> Picture:
    """The attacker's and defender's lines and the measured distance."""
    out = picture.copy()
    width = max(2, out.shape[1] // 480)
    for role, colour in (("defender", DEFENDER_COLOUR), ("attacker", ATTACKER_COLOUR)):
        start, end = (tuple(int(round(v)) for v in point) for point in analysis[f"{role}_line"])
        cv2.line(out, start, end, colour, width, cv2.LINE_AA)
        x, y = (int(round(v)) for v in analysis[role]["image"])
        cv2.circle(out, (x, y), width * 3, colour, -1, cv2.LINE_AA)
    label = f"{analysis['distance_cm']:+.0f} cm"
    return draw_text(out, label, (20, 20), max(18, out.shape[1] // 40), (255, 255, 255), box=True)


def draw_caption(picture: Picture, text: str) -> Picture:
    """A caption bar along the bottom: which angle, which frame, what match time."""
    size = max(14, picture.shape[0] // 30)
    return draw_text(
        picture, text, (12, picture.shape[0] - size - 14), size, (255, 255, 255), box=True, bold=False
    )
