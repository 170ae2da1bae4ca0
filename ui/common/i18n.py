"""Vietnamese and English through Qt's own translation mechanism.

Every visible string goes through ``tr()`` (``QCoreApplication.translate``). The catalogue is a JSON
file per language keyed by the English text, served by a ``QTranslator`` we install on the app, so
it also covers Qt's stock texts (OK, Cancel...) that Qt itself does not translate to Vietnamese.
Switching language at run time installs another catalogue and Qt sends every widget a
``LanguageChange`` event, on which our widgets call their ``retranslate()``.
"""

from __future__ import annotations

import json
import logging
from functools import cache
from pathlib import Path

from PyQt6.QtCore import QCoreApplication, QEvent, QTranslator
from PyQt6.QtGui import QShowEvent

logger = logging.getLogger(__name__)

CONTEXT = "matchdesk"
CATALOGUE_DIR = Path(__file__).parents[1] / "translations"
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


def tr(text: str) -> str:
    """``text`` in the user's language."""
    return QCoreApplication.translate(CONTEXT, text)


@cache
def load_catalogue(language: str, part: str = "") -> dict[str, str]:
    """English text -> translation; English itself needs none. ``part``: a catalogue of its own
    beside the language's main one (``_errors``: :mod:`ui.common.error_text`'s)."""
    if language == "en":
        return {}
    path = CATALOGUE_DIR / f"{language}{part}.json"
    catalogue: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return catalogue


class CatalogueTranslator(QTranslator):
    """A QTranslator answering from a JSON catalogue, whatever the context."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language_code = language
        self._catalogue = load_catalogue(language)

    def translate(  # type: ignore[override]  # Qt needs None (a null QString) for "not translated"
        self, context: str | None, source_text: str | None, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None (a null QString) tells Qt to keep the source text; "" would translate it to nothing.
        return self._catalogue.get(source_text or "")

    def isEmpty(self) -> bool:
        return not self._catalogue


_installed: CatalogueTranslator | None = None


def set_language(language: str) -> None:
    """Make ``language`` ('vi' or 'en') the language of every window."""
    global _installed
    application = QCoreApplication.instance()
    if application is None:
        raise RuntimeError("create the QApplication first")
    if _installed is not None:
        QCoreApplication.removeTranslator(_installed)
    _installed = CatalogueTranslator(language)
    QCoreApplication.installTranslator(_installed)
    logger.debug("language set to %s", language)


def current_language() -> str:
    return _installed.language_code if _installed is not None else "en"


class FollowsLanguage:
    """A window that says its words anew (``retranslate``) when the interface's language changes.

    Put it before the Qt class (``class AthletesWindow(FollowsLanguage, QMainWindow)``) and set
    ``self.built = True`` last in ``__init__``: a language change is told only to a window that is
    whole. Not before its ``__init__`` has finished, and not while it is being taken apart: the garbage
    collector empties a closed window's attributes (and those of the plots and views it holds, in any
    order) before Qt lets go of it, and Qt still tells every window of a language change. So a window
    on screen says its words at once; a hidden one (closed, or not shown yet) says them when it is
    shown, and the class's ``built`` answers False for one whose attributes are gone."""

    built = False
    language_pending = False  # the language changed while the window was hidden

    def retranslate(self) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent | None) -> None:
        if event is not None and event.type() == QEvent.Type.LanguageChange and self.built:
            if self.isVisible():  # type: ignore[attr-defined]  # the Qt class's
                self.retranslate()
            else:
                self.language_pending = True
        super().changeEvent(event)  # type: ignore[misc]  # the Qt class after this one in the bases

    def showEvent(self, event: QShowEvent | None) -> None:
        if self.language_pending and self.built:
            self.language_pending = False
            self.retranslate()
        super().showEvent(event)  # type: ignore[misc]
