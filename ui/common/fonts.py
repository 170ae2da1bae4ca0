"""A font with every Vietnamese diacritic, whatever fonts the machine has.

DejaVu Sans covers Vietnamese fully; matplotlib (a dependency) ships it, so we load it from there
rather than trusting the system's fonts.
"""

from __future__ import annotations

import logging
from pathlib import Path

import matplotlib
from PyQt6.QtGui import QFont, QFontDatabase
from PyQt6.QtWidgets import QApplication

logger = logging.getLogger(__name__)

FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf")


def font_folder() -> Path:
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def install_fonts(application: QApplication) -> str:
    """Register the bundled fonts and make DejaVu Sans the application font; returns its family."""
    family = "DejaVu Sans"
    for name in FONT_FILES:
        if QFontDatabase.addApplicationFont(str(font_folder() / name)) < 0:
            logger.warning("could not load font %s", font_folder() / name)
    font = QFont(family)
    font.setPointSize(10)
    application.setFont(font)
    return family
