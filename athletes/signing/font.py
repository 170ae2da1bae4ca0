"""The signature block's font: DejaVu Sans (it covers Vietnamese, and matplotlib ships it on every
laptop), scaled to 1000 units per em once and kept in the cache. pyHanko 0.38 writes a font's glyph
widths in the font's own units, which PDF reads as thousandths of an em: DejaVu's 2048 units spread
the letters over twice their width and cut the line off."""

from __future__ import annotations

import logging
from pathlib import Path

from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem

from matchdesk.whole_files import written_whole
from var.burn_in import font_path
from var.media.proxy import default_cache_dir

logger = logging.getLogger(__name__)

PDF_UNITS_PER_EM = 1000


def signature_font() -> Path:
    """DejaVu Sans at 1000 units per em (made once, then read from the cache)."""
    target = default_cache_dir() / "fonts" / f"DejaVuSans-{PDF_UNITS_PER_EM}upm.ttf"
    if target.is_file():
        return target
    font = TTFont(str(font_path(bold=False)))
    if font["head"].unitsPerEm != PDF_UNITS_PER_EM:
        scale_upem(font, PDF_UNITS_PER_EM)
    target.parent.mkdir(parents=True, exist_ok=True)
    with written_whole(target) as partial:
        font.save(str(partial))
    logger.info("signature font made at %d units per em: %s", PDF_UNITS_PER_EM, target)
    return target
