"""Where the signatures' visible blocks go, the foot of a report's last page, and the room a report
keeps for them there: a report that ends lower starts a page for them."""

from __future__ import annotations

from fpdf import FPDF

BLOCK_WIDTH, BLOCK_HEIGHT, MARGIN = 250, 62, 28  # points: two blocks side by side on A4
POINTS_PER_MM = 72 / 25.4
ROOM_MM = (MARGIN + BLOCK_HEIGHT) / POINTS_PER_MM + 4  # the blocks and a little air above them


def keep_room_for_signatures(pdf: FPDF) -> None:
    """Call last: the signatures will not cover what the report printed."""
    if pdf.get_y() > pdf.h - ROOM_MM:
        pdf.add_page()
