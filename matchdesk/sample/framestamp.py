"""A frame number burned into the picture as black and white cells, readable after lossy coding.

Every generated clip carries one in its top-left corner, so a test (or a person) can tell which
frame is on screen without trusting any timestamp.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

_INDEX_BITS = 20
_CHECK_BITS = 8
_CELLS = _INDEX_BITS + _CHECK_BITS
_MARGIN = 1  # cells of quiet border around the code


def cell_size(width: int) -> int:
    """Cell edge in pixels: large enough to survive compression at any size we render."""
    return max(4, width // 96)


def _checksum(value: int) -> int:
    return (value * 2654435761 >> 7 ^ bin(value).count("1")) % (1 << _CHECK_BITS)


def _bits(value: int) -> list[int]:
    word = value | (_checksum(value) << _INDEX_BITS)
    return [(word >> b) & 1 for b in range(_CELLS)]


def stamp_frame_number(image: npt.NDArray[np.uint8], number: int) -> None:
    """Draw ``number`` (0 .. 2**20 - 1) into the top-left corner of an RGB image, in place."""
    if not 0 <= number < (1 << _INDEX_BITS):
        raise ValueError(f"frame number {number} does not fit the stamp")
    size = cell_size(image.shape[1])
    height = size * (1 + 2 * _MARGIN)
    width = size * (_CELLS + 2 * _MARGIN)
    image[:height, :width] = 128
    for position, bit in enumerate(_bits(number)):
        x0 = size * (_MARGIN + position)
        image[size * _MARGIN : size * (_MARGIN + 1), x0 : x0 + size] = 255 if bit else 0


def read_frame_number(image: npt.NDArray[np.uint8]) -> int | None:
    """The number stamped in ``image``, or None when there is no valid stamp."""
    size = cell_size(image.shape[1])
    y = size * _MARGIN + size // 2
    word = 0
    for position in range(_CELLS):
        x = size * (_MARGIN + position) + size // 2
        patch = image[y - size // 4 : y + size // 4 + 1, x - size // 4 : x + size // 4 + 1]
        if float(patch.mean()) > 128:
            word |= 1 << position
    value = word & ((1 << _INDEX_BITS) - 1)
    if word >> _INDEX_BITS != _checksum(value):
        return None
    return value
