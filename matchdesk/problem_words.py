"""An engine problem in the user's language, for the windows and for the documents they sign.

The engine (``var``, ``tracking``, ``athletes``) raises :class:`~matchdesk.errors.MatchdeskError` in
English: the command line, scripts and logs read it so. The desk, and a report written in
Vietnamese, say it in their language. Each problem's wording is a key of
``translations/<language>_errors.json``, its changing parts (names, frames, numbers, a library's own
message) written ``{}``; they are carried over into the translation in the same order, each
translated in turn where it is a wording itself (the sides' names, ``blue`` or ``home``, are: a
refusal names the side as the requests panel does). A problem the catalogue does not know is said
as it is, in English.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CATALOGUE_DIR = Path(__file__).resolve().parent / "translations"
SLOT = "{}"


@dataclass(frozen=True)
class ProblemWording:
    """One problem's English wording as a pattern, and its translation."""

    pattern: re.Pattern[str]
    translation: str


def translated_problem(problem: str, language: str) -> str:
    """``problem`` in ``language``; as it is when the catalogue does not know its wording. A part of
    it that is a problem of its own (``calibration: {}`` holds why) is translated too, and so is each
    line of one told over several (an import's rows)."""
    if "\n" in problem:
        return "\n".join(_translated_line(line, language) for line in problem.split("\n"))
    for wording in problem_wordings(language):
        found = wording.pattern.fullmatch(problem)
        if found is not None:
            parts = [translated_problem(part, language) for part in found.groups()]
            return _filled(wording.translation, parts)
    return problem


@cache
def problem_wordings(language: str) -> tuple[ProblemWording, ...]:
    """The catalogue's wordings, the most specific first (most fixed text), so that a wording made
    mostly of slots never answers for a longer one. A wording with no fixed text at all would
    answer for everything (and its slot, translated in turn, forever): it is left out."""
    catalogue = error_catalogue(language)
    fixed = {english: len(english.replace(SLOT, "")) for english in catalogue}
    ordered = sorted(
        (english for english in catalogue if fixed[english]), key=fixed.__getitem__, reverse=True
    )
    return tuple(ProblemWording(_pattern(english), catalogue[english]) for english in ordered)


@cache
def error_catalogue(language: str) -> dict[str, str]:
    """English wording -> translation (English itself needs none)."""
    if language == "en":
        return {}
    catalogue: dict[str, str] = json.loads(
        (CATALOGUE_DIR / f"{language}_errors.json").read_text(encoding="utf-8")
    )
    return catalogue


def _translated_line(line: str, language: str) -> str:
    text = line.lstrip()
    return line[: len(line) - len(text)] + translated_problem(text, language)


def _filled(translation: str, parts: Sequence[object]) -> str:
    """``translation`` with its slots filled by ``parts`` in order (not ``str.format``: a wording may
    hold braces of its own, as an example of JSON does)."""
    pieces = translation.split(SLOT)
    filled = [pieces[0]]
    for part, piece in zip(parts, pieces[1:], strict=False):
        filled += [str(part), piece]
    return "".join(filled)


def _pattern(english: str) -> re.Pattern[str]:
    return re.compile("(.*?)".join(re.escape(part) for part in english.split(SLOT)), re.DOTALL)
